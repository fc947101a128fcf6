import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '../canonicalJson.js';

// Private: how a record is hashed into its chain, shared by the writer and the verifier.

/** sha256 (hex) of the canonical JSON of a record without its `hash` member. */
export function recordHash(record: object): string {
  const { hash: _omit, ...rest } = record as { hash?: unknown };
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** A checkpoint's MAC: HMAC-SHA256 (hex) of the hash it follows. */
export function checkpointMac(key: string | Uint8Array, prev: string | null): string {
  return createHmac('sha256', key)
    .update(prev ?? '')
    .digest('hex');
}
