import { createHmac, type KeyObject, sign } from 'node:crypto';
import type { TestKeys } from './createTestKeys.js';

/** Options of {@link signToken}. */
export interface SignTokenOptions {
  /** The claims. Ignored when `rawPayload` is given. */
  readonly payload?: Readonly<Record<string, unknown>>;
  /** Header members; default `{ alg: 'RS256', kid: keys.kid, typ: 'JWT' }`. Set a member to `undefined` to drop it. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Exact header JSON text (to test duplicate members or odd encodings). */
  readonly rawHeader?: string;
  /** Exact payload JSON text (to test duplicate members, `1e400` and other things JSON.stringify cannot write). */
  readonly rawPayload?: string;
  /** The signing key (RS256/384/512). Required unless `hmacSecret` or `alg: 'none'` is used. */
  readonly keys?: TestKeys;
  /** Sign with HMAC instead (to test algorithm confusion), e.g. the RSA public key's PEM. */
  readonly hmacSecret?: string | Uint8Array;
}

const HASHES: Readonly<Record<string, string>> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
};

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * Signs a compact JWS exactly as told, including the wrong things a test needs: `alg: none`, HS256 keyed with
 * an RSA public key, duplicate members, numbers like `1e400`. Uses node:crypto directly, not the library under test.
 *
 * @example
 * ```ts
 * const jwt = signToken({ keys, payload: { iss: 'https://test.maskinporten.no/', exp: now + 60, iat: now } });
 * const forged = signToken({ hmacSecret: keys.publicKey.export({ type: 'spki', format: 'pem' }), header: { alg: 'HS256', kid: keys.kid }, payload });
 * ```
 */
export function signToken(options: SignTokenOptions): string {
  const header: Record<string, unknown> = {
    alg: 'RS256',
    kid: options.keys?.kid,
    typ: 'JWT',
    ...options.header,
  };
  for (const [k, v] of Object.entries(header)) if (v === undefined) delete header[k];
  const encodedHeader = b64(options.rawHeader ?? JSON.stringify(header));
  const encodedPayload = b64(options.rawPayload ?? JSON.stringify(options.payload ?? {}));
  const input = `${encodedHeader}.${encodedPayload}`;
  const alg = String(header['alg']);
  if (alg === 'none') return `${input}.`;
  const hash = HASHES[alg];
  if (hash === undefined) throw new Error(`signToken: unsupported alg ${alg}`);
  if (alg.startsWith('HS')) {
    if (options.hmacSecret === undefined) throw new Error('signToken: HS* needs hmacSecret');
    return `${input}.${createHmac(hash, options.hmacSecret).update(input).digest('base64url')}`;
  }
  const key: KeyObject | undefined = options.keys?.privateKey;
  if (key === undefined) throw new Error('signToken: RS* needs keys');
  return `${input}.${sign(hash, Buffer.from(input), key).toString('base64url')}`;
}
