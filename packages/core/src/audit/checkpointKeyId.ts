import { createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../configError.js';
import { keyIdOf } from './checkpointKeys.js';

/**
 * The id of a checkpoint signing key: `ed25519:` and the first 32 hex digits of the sha256 of its public key
 * (SPKI, DER), as every checkpoint names the key that signed it. Takes the public or the private key, as a
 * KeyObject or PEM. Throws {@link ConfigError} for anything but an Ed25519 key.
 *
 * @example
 * ```ts
 * checkpointKeyId(readFileSync('checkpoint-public.pem', 'utf8')); // 'ed25519:3f2a…'
 * ```
 */
export function checkpointKeyId(key: KeyObject | string): string {
  let made: KeyObject;
  try {
    // createPublicKey derives from a private KeyObject but throws for a public one: take that as it is.
    made = typeof key === 'object' && key !== null && key.type === 'public' ? key : createPublicKey(key);
  } catch {
    throw new ConfigError('key', 'must be an Ed25519 key, a KeyObject or PEM text');
  }
  if (made.asymmetricKeyType !== 'ed25519') throw new ConfigError('key', 'must be an Ed25519 key');
  return keyIdOf(made);
}
