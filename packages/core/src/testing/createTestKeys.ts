import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

/** Options of {@link createTestKeys}. */
export interface TestKeysOptions {
  /** Key id. Default: a random base64url string. */
  readonly kid?: string;
  /** RSA modulus length in bits. Default 2048. */
  readonly modulusLength?: number;
  /** Also publish an `x5t` (as Altinn does, equal to `kid`). Default `false`. */
  readonly x5t?: boolean;
}

/** An RSA key pair for tests: the private key signs, `jwks` publishes the public half. */
export interface TestKeys {
  readonly kid: string;
  readonly x5t: string | undefined;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: Readonly<Record<string, string>>;
  readonly jwks: { readonly keys: readonly Readonly<Record<string, string>>[] };
}

/**
 * Generates an RSA signing key for tests, with its public JWK and a one-key JWKS.
 *
 * @example
 * ```ts
 * import { createTestKeys } from '@dsop-guard/core/testing';
 * const keys = createTestKeys({ kid: 'mp-1' });
 * keys.jwks; // { keys: [{ kty: 'RSA', kid: 'mp-1', n, e, use: 'sig', alg: 'RS256' }] }
 * ```
 */
export function createTestKeys(options: TestKeysOptions = {}): TestKeys {
  // Through DER into KeyObjects of their own: exporting the generated KeyObject itself deadlocks Node 20 now and
  // then (the export holds the key's mutex; a GC during it runs the finished key-pair job's destructor, which
  // takes the same mutex).
  const pair = generateKeyPairSync('rsa', {
    modulusLength: options.modulusLength ?? 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  const publicKey = createPublicKey({ key: pair.publicKey, format: 'der', type: 'spki' });
  const privateKey = createPrivateKey({ key: pair.privateKey, format: 'der', type: 'pkcs8' });
  const kid = options.kid ?? randomBytes(12).toString('base64url');
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const x5t = options.x5t === true ? createHash('sha1').update(kid).digest('base64url') : undefined;
  const publicJwk = {
    kty: 'RSA',
    use: 'sig',
    alg: 'RS256',
    kid: x5t ?? kid,
    n: jwk.n,
    e: jwk.e,
    ...(x5t === undefined ? {} : { x5t }),
  };
  return { kid: x5t ?? kid, x5t, privateKey, publicKey, publicJwk, jwks: { keys: [publicJwk] } };
}
