import { createHash, type KeyObject, sign, verify } from 'node:crypto';

// Private: how a record is sealed into its chain, shared by the writer and the verifier. A record's hash is the
// sha256 of its JSON text without `hash`; its line is that text with `"hash"` appended as the last member. The
// verifier hashes the line's own bytes (no parsing or canonical form needed), so any edit of a line shows,
// including one that re-serialises it with the same meaning. A checkpoint is signed the same way: Ed25519 over
// its JSON text without `signature` and `hash`, then `signature` and `hash` are appended.

const HASH_MEMBER = /,"hash":"([0-9a-f]{64})"\}$/;
/** `,"hash":"` + 64 hex digits + `"}`. */
const HASH_MEMBER_LENGTH = 75;
/** A checkpoint line's tail: its signature (an Ed25519 signature is 64 bytes: 86 base64 digits and `==`), then its hash. */
const SIGNED_TAIL = /,"signature":"([A-Za-z0-9+/]{86}==)","hash":"[0-9a-f]{64}"\}$/;
/** What a checkpoint signature is over, before the checkpoint's text: no other kind of message can pass for one. */
const DOMAIN = 'dsop-guard checkpoint 1\n';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The line of a record and its hash, from the record without `hash` (which must be a JSON object). */
export function sealRecord(body: object): { readonly line: string; readonly hash: string } {
  return sealText(JSON.stringify(body));
}

function sealText(text: string): { readonly line: string; readonly hash: string } {
  const hash = sha256(text);
  return { line: `${text.slice(0, -1)},"hash":"${hash}"}`, hash };
}

/** Whether a line ends in its own hash: the `hash` member it claims equals the sha256 of the rest of it. */
export function lineIsSealed(line: string): boolean {
  const claimed = HASH_MEMBER.exec(line)?.[1];
  return claimed !== undefined && sha256(`${line.slice(0, -HASH_MEMBER_LENGTH)}}`) === claimed;
}

/** The line and hash of a checkpoint: `body` (without `signature` and `hash`) signed with Ed25519, then sealed. */
export function signRecord(body: object, key: KeyObject): { readonly line: string; readonly hash: string } {
  const text = JSON.stringify(body);
  const signature = sign(null, Buffer.from(DOMAIN + text), key).toString('base64');
  return sealText(`${text.slice(0, -1)},"signature":"${signature}"}`);
}

/** The text a checkpoint line's signature is over and the signature, or `null` when the line carries none. */
export function signedPart(line: string): { readonly text: string; readonly signature: string } | null {
  const found = SIGNED_TAIL.exec(line);
  if (found === null) return null;
  return { text: `${line.slice(0, found.index)}}`, signature: found[1] as string };
}

/** Whether `signature` is `key`'s Ed25519 signature of a checkpoint's `text`. Never throws. */
export function signatureHolds(text: string, signature: string, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(DOMAIN + text), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
