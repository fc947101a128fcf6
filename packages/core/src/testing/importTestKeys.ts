import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ConfigError } from '../configError.js';
import type { TestKeys } from './createTestKeys.js';
import { TEST_KEYS_FORMAT } from './exportTestKeys.js';

type Loose = Readonly<Record<string, unknown>>;

function keyOf(value: unknown, i: number): TestKeys {
  const entry = (typeof value === 'object' && value !== null ? value : {}) as Loose;
  const { kid, x5t, testOnlyPkcs8 } = entry;
  if (typeof kid !== 'string' || kid === '')
    throw new ConfigError(`keys[${i}].kid`, 'must be a non-empty string');
  if (x5t !== null && typeof x5t !== 'string')
    throw new ConfigError(`keys[${i}].x5t`, 'must be a string or null');
  if (typeof testOnlyPkcs8 !== 'string')
    throw new ConfigError(`keys[${i}].testOnlyPkcs8`, 'must be the base64 DER of a PKCS #8 RSA key');
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey({
      key: Buffer.from(testOnlyPkcs8, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
  } catch {
    throw new ConfigError(`keys[${i}].testOnlyPkcs8`, 'is not a PKCS #8 private key');
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new ConfigError(`keys[${i}].testOnlyPkcs8`, 'must be an RSA key (test keys sign RS256)');
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const publicJwk = {
    kty: 'RSA',
    use: 'sig',
    alg: 'RS256',
    kid,
    n: jwk.n,
    e: jwk.e,
    ...(x5t === null ? {} : { x5t }),
  };
  return { kid, x5t: x5t ?? undefined, privateKey, publicKey, publicJwk, jwks: { keys: [publicJwk] } };
}

/**
 * Reads the test keys {@link exportTestKeys} wrote, as {@link createTestKeys} made them (same `kid`, `x5t`,
 * private and public key, JWK and JWKS). Reads nothing else: text without the test-key `format` and `testOnly`
 * markers, a PEM file or a JWK set is refused with a {@link ConfigError}, so a real key cannot be slipped in
 * through a test helper.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { createTokenFactory, importTestKeys } from '@dsop-guard/core/testing';
 *
 * const [maskinportenKeys, altinnKeys] = importTestKeys(readFileSync('test-keys.json', 'utf8'));
 * const tokens = createTokenFactory({ maskinportenKeys, altinnKeys, now: Math.floor(Date.now() / 1000) });
 * ```
 */
export function importTestKeys(text: string): TestKeys[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('testKeys', `is not JSON: give the text exportTestKeys wrote`);
  }
  const file = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Loose;
  if (file['format'] !== TEST_KEYS_FORMAT || file['testOnly'] !== true)
    throw new ConfigError(
      'testKeys',
      `is not a test-key file (format '${TEST_KEYS_FORMAT}', testOnly: true)`,
    );
  if (file['version'] !== 1) throw new ConfigError('testKeys.version', 'must be 1');
  const keys = file['keys'];
  if (!Array.isArray(keys) || keys.length === 0)
    throw new ConfigError('testKeys.keys', 'must be a non-empty array');
  return keys.map(keyOf);
}
