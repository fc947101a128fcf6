import { createHash, createHmac } from 'node:crypto';

// Private: how a record is sealed into its chain, shared by the writer and the verifier. A record's hash is the
// sha256 of its JSON text without `hash`; its line is that text with `"hash"` appended as the last member. The
// verifier hashes the line's own bytes (no parsing or canonical form needed), so any edit of a line shows,
// including one that re-serialises it with the same meaning.

const HASH_MEMBER = /,"hash":"([0-9a-f]{64})"\}$/;
/** `,"hash":"` + 64 hex digits + `"}`. */
const HASH_MEMBER_LENGTH = 75;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The line of a record and its hash, from the record without `hash` (which must be a JSON object). */
export function sealRecord(body: object): { readonly line: string; readonly hash: string } {
  const text = JSON.stringify(body);
  const hash = sha256(text);
  return { line: `${text.slice(0, -1)},"hash":"${hash}"}`, hash };
}

/** Whether a line ends in its own hash: the `hash` member it claims equals the sha256 of the rest of it. */
export function lineIsSealed(line: string): boolean {
  const claimed = HASH_MEMBER.exec(line)?.[1];
  return claimed !== undefined && sha256(`${line.slice(0, -HASH_MEMBER_LENGTH)}}`) === claimed;
}

/** A checkpoint's MAC: HMAC-SHA256 (hex) of the hash it follows. */
export function checkpointMac(key: string | Uint8Array, prev: string | null): string {
  return createHmac('sha256', key)
    .update(prev ?? '')
    .digest('hex');
}
