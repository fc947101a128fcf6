import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../configError.js';

// Private: the Ed25519 keys checkpoints are signed and verified with, checked once when a trail or a verifier
// is built. A writer holds the private key; readers hold the public key only, so no reader can forge.

/** An Ed25519 private key from a KeyObject or PEM text; a {@link ConfigError} naming `field` otherwise. */
export function privateKeyOf(field: string, key: unknown): KeyObject {
  let made: KeyObject;
  try {
    made =
      typeof key === 'object' && key !== null && (key as KeyObject).type === 'private'
        ? (key as KeyObject)
        : createPrivateKey(key as string);
  } catch {
    throw new ConfigError(field, 'must be an Ed25519 private key, a KeyObject or PEM text');
  }
  if (made.asymmetricKeyType !== 'ed25519') throw new ConfigError(field, 'must be an Ed25519 private key');
  return made;
}

/** An Ed25519 public key from a KeyObject or PEM text; a private key is refused (readers must not hold one). */
export function publicKeyOf(field: string, key: unknown): KeyObject {
  if ((typeof key === 'string' && key.includes('PRIVATE KEY')) || (key as KeyObject)?.type === 'private')
    throw new ConfigError(field, 'give the public key: a reader must not hold the signing key');
  let made: KeyObject;
  try {
    // createPublicKey takes a private KeyObject (and derives) but throws for a public one: take that as it is.
    made =
      typeof key === 'object' && key !== null && (key as KeyObject).type === 'public'
        ? (key as KeyObject)
        : createPublicKey(key as KeyObject | string);
  } catch {
    throw new ConfigError(field, 'must be an Ed25519 public key, a KeyObject or PEM text');
  }
  if (made.asymmetricKeyType !== 'ed25519') throw new ConfigError(field, 'must be an Ed25519 public key');
  return made;
}

/** `ed25519:` and the first 32 hex digits of the sha256 of the public key (SPKI, DER). */
export function keyIdOf(key: KeyObject): string {
  const spki = (key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(spki).digest('hex').slice(0, 32)}`;
}
