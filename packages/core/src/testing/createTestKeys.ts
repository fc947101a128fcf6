import { type KeyObject, createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

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
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: options.modulusLength ?? 2048,
  });
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
