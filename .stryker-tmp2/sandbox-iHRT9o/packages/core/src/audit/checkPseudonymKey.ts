// @ts-nocheck
import { ConfigError } from '../configError.js';

// Private: what a pseudonymisation key must be, for the engine's `personData` and the audit trail's
// `pseudonymKey`. Whoever holds the key can compute the pseudonym of every valid fødselsnummer (about 23 million)
// and so reverse every pseudonym in about a minute on one core: the key is as secret as the numbers themselves.

/** The least key material accepted, bytes (a string counts its UTF-8 bytes). */
export const MIN_PSEUDONYM_KEY_BYTES = 32;

/** Example keys printed in this project's documentation and demo, refused whatever their length. */
const EXAMPLE_KEYS: readonly string[] = [
  'a-pseudonymisation-key-of-32-ch',
  'demo-pseudonymisation-key-not-for-production',
];

const bytesOf = (key: string | Uint8Array): Uint8Array => (typeof key === 'string' ? Buffer.from(key) : key);

/** The key, checked; throws {@link ConfigError} naming `field` for a key too short or copied from the docs. */
export function checkPseudonymKey(field: string, key: unknown): string | Uint8Array {
  if (typeof key !== 'string' && !(key instanceof Uint8Array))
    throw new ConfigError(field, `must be a string or bytes of at least ${MIN_PSEUDONYM_KEY_BYTES} bytes`);
  if (bytesOf(key).length < MIN_PSEUDONYM_KEY_BYTES)
    throw new ConfigError(
      field,
      `must be at least ${MIN_PSEUDONYM_KEY_BYTES} bytes of key material (e.g. openssl rand -hex 32)`,
    );
  const text = Buffer.from(bytesOf(key)).toString('utf8');
  if (EXAMPLE_KEYS.includes(text))
    throw new ConfigError(
      field,
      'is an example key from the documentation: make a secret one (openssl rand -hex 32)',
    );
  return key;
}
