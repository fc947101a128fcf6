// Private: the part of node:crypto that @dsop-guard/core uses, for the inspector's browser build (esbuild maps
// `node:crypto` here). The one seam that matters is `verify`: core checks a signature synchronously
// (jwt/verifySignature.ts), WebCrypto only asynchronously. So the page first runs `preverify`, which asks
// `crypto.subtle.verify` about every pasted token under every pasted key that could serve its `alg`, and keeps
// the answers keyed by the exact algorithm, key material, signed bytes and signature bytes. Core's own
// verifySignature then calls `verify` as it always does, and `verify` answers from those results: true only
// when WebCrypto said true for exactly these bytes under exactly this key; anything never asked is false.
// Core's key selection (kid, x5t, alg, kty, curve, RSA size) runs unchanged, over KeyObject stand-ins.

import type { webcrypto } from 'node:crypto';
import { Buffer } from './nodeBuffer.js';
import { hmacSha256, sha256 } from './sha256.js';

type Members = Readonly<Record<string, string>>;

/** What node:crypto's KeyObject tells core about a public key: its type, kind, size or curve. */
export class KeyObject {
  readonly type = 'public';
  constructor(
    readonly asymmetricKeyType: 'rsa' | 'ec',
    readonly asymmetricKeyDetails: { readonly modulusLength?: number; readonly namedCurve?: string },
    readonly members: Members,
  ) {}
  /** CryptoKey-based custom key sets are not used by the inspector. */
  static from(_key: unknown): KeyObject {
    throw new TypeError('the inspector verifies JWKS keys only');
  }
}

export const constants = { RSA_PKCS1_PADDING: 1, RSA_PKCS1_PSS_PADDING: 6 } as const;

const NODE_CURVE: Readonly<Record<string, string>> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1' };
const WEB_CURVE: Readonly<Record<string, string>> = { ES256: 'P-256', ES384: 'P-384' };

const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const materialOf = (members: Members): string =>
  JSON.stringify(
    Object.keys(members)
      .sort()
      .map((k) => [k, members[k]]),
  );
const entryOf = (alg: string, members: Members, data: Uint8Array, signature: Uint8Array): string =>
  `${alg}|${materialOf(members)}|${b64url(data)}|${b64url(signature)}`;

/** WebCrypto's answers, by algorithm, key material, signed bytes and signature bytes. */
const answers = new Map<string, boolean>();

/** One signature check core asked for, and what WebCrypto had said about it. */
export interface SignatureCheck {
  readonly alg: string;
  readonly result: 'valid' | 'invalid' | 'not checked';
}
const asked: SignatureCheck[] = [];

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + Math.floor(Math.log2(bytes[i] as number)) + 1;
}

/** A public JWK's members as a KeyObject stand-in (node:crypto's `createPublicKey({ key, format: 'jwk' })`). */
export function createPublicKey(input: { readonly key: Members; readonly format: 'jwk' }): KeyObject {
  const m = input.key;
  if (m['kty'] === 'RSA' && typeof m['n'] === 'string' && typeof m['e'] === 'string') {
    return new KeyObject('rsa', { modulusLength: bitLength(Buffer.from(m['n'], 'base64url')) }, m);
  }
  const curve = NODE_CURVE[m['crv'] ?? ''];
  if (m['kty'] === 'EC' && curve !== undefined && typeof m['x'] === 'string' && typeof m['y'] === 'string') {
    return new KeyObject('ec', { namedCurve: curve }, m);
  }
  throw new TypeError('not a public RSA or EC JWK');
}

type VerifyKey =
  | KeyObject
  | {
      readonly key: KeyObject;
      readonly padding?: number;
      readonly saltLength?: number;
      readonly dsaEncoding?: string;
    };

/** node:crypto's `verify`, answered from {@link preverify}'s WebCrypto results; false for anything not asked. */
export function verify(hash: string, data: Uint8Array, key: VerifyKey, signature: Uint8Array): boolean {
  const keyObject = key instanceof KeyObject ? key : key.key;
  const bits = hash.replace('sha', '');
  const options: { readonly padding?: number; readonly dsaEncoding?: string } =
    key instanceof KeyObject ? {} : key;
  const family =
    options.dsaEncoding !== undefined
      ? 'ES'
      : options.padding === constants.RSA_PKCS1_PSS_PADDING
        ? 'PS'
        : 'RS';
  const alg = `${family}${bits}`;
  const answer = answers.get(entryOf(alg, keyObject.members, data, signature));
  asked.push({ alg, result: answer === undefined ? 'not checked' : answer ? 'valid' : 'invalid' });
  return answer === true;
}

/** The signature checks core asked for since the last {@link preverify}. */
export function signatureChecks(): readonly SignatureCheck[] {
  return [...asked];
}

interface WebParams {
  readonly importAs: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  readonly verifyAs: webcrypto.AlgorithmIdentifier | webcrypto.RsaPssParams | webcrypto.EcdsaParams;
}

function webParams(alg: string): WebParams | undefined {
  const hash = `SHA-${alg.slice(2)}`;
  if (/^RS(256|384|512)$/.test(alg))
    return { importAs: { name: 'RSASSA-PKCS1-v1_5', hash }, verifyAs: { name: 'RSASSA-PKCS1-v1_5' } };
  if (/^PS(256|384|512)$/.test(alg))
    return {
      importAs: { name: 'RSA-PSS', hash },
      verifyAs: { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 },
    };
  const curve = WEB_CURVE[alg];
  if (curve !== undefined)
    return { importAs: { name: 'ECDSA', namedCurve: curve }, verifyAs: { name: 'ECDSA', hash } };
  return undefined;
}

function publicMembers(jwk: unknown): Members | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const k = jwk as Record<string, unknown>;
  const names = k['kty'] === 'RSA' ? ['n', 'e'] : k['kty'] === 'EC' ? ['crv', 'x', 'y'] : undefined;
  if (names === undefined || !names.every((n) => typeof k[n] === 'string')) return undefined;
  return Object.fromEntries([['kty', k['kty'] as string], ...names.map((n) => [n, k[n] as string])]);
}

function headerAlg(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    const alg = (header as { alg?: unknown } | null)?.alg;
    return typeof alg === 'string' ? alg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Asks WebCrypto whether each token's signature verifies under each key of the JWKS documents that could serve
 * the token's `alg`, and keeps the answers for {@link verify}. Never rejects: a key WebCrypto will not import or
 * a check that throws is simply not an answer (so `verify` says false).
 */
export async function preverify(tokens: readonly string[], jwksDocuments: readonly unknown[]): Promise<void> {
  answers.clear();
  asked.length = 0;
  const keys = jwksDocuments.flatMap((doc) => {
    const list = (doc as { keys?: unknown } | null)?.keys;
    return Array.isArray(list) ? list.map(publicMembers).filter((m): m is Members => m !== undefined) : [];
  });
  const jobs: Promise<void>[] = [];
  for (const token of tokens) {
    const parts = token.split('.');
    const alg = headerAlg(token);
    const params = alg === undefined ? undefined : webParams(alg);
    if (parts.length !== 3 || alg === undefined || params === undefined) continue;
    const data = Buffer.from(`${parts[0]}.${parts[1]}`, 'latin1');
    const signature = Buffer.from(parts[2] as string, 'base64url');
    for (const members of keys) {
      if (members['kty'] !== (alg.startsWith('ES') ? 'EC' : 'RSA')) continue;
      jobs.push(
        (async () => {
          try {
            const key = await crypto.subtle.importKey('jwk', { ...members }, params.importAs, false, [
              'verify',
            ]);
            const valid = await crypto.subtle.verify(params.verifyAs, key, signature, data);
            answers.set(entryOf(alg, members, data, signature), valid);
          } catch {
            // no answer: verify says false
          }
        })(),
      );
    }
  }
  await Promise.all(jobs);
}

interface Digest {
  update(data: string | Uint8Array): Digest;
  digest(encoding?: 'hex' | 'base64' | 'base64url'): string | Buffer;
}

function digestOf(compute: (data: Uint8Array) => Uint8Array): Digest {
  const parts: Uint8Array[] = [];
  const self: Digest = {
    update(data) {
      parts.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      return self;
    },
    digest(encoding) {
      const out = Buffer.from(compute(Buffer.concat(parts)));
      return encoding === undefined ? out : out.toString(encoding);
    },
  };
  return self;
}

/** node:crypto's `createHash`, SHA-256 only. */
export function createHash(algorithm: string): Digest {
  if (algorithm !== 'sha256') throw new TypeError(`the inspector has no ${algorithm}`);
  return digestOf(sha256);
}

/** node:crypto's `createHmac`, SHA-256 only. */
export function createHmac(algorithm: string, key: string | Uint8Array): Digest {
  if (algorithm !== 'sha256') throw new TypeError(`the inspector has no HMAC-${algorithm}`);
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return digestOf((data) => hmacSha256(keyBytes, data));
}

export function randomUUID(): string {
  return crypto.randomUUID();
}

export function randomBytes(size: number): Buffer {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(size)));
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('lengths differ');
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Signed checkpoints belong to decision logs, which the inspector never writes: signing is refused. */
export function sign(): never {
  throw new TypeError('the inspector signs nothing');
}

/** Private keys (a decision log's signing key) never reach the inspector. */
export function createPrivateKey(): never {
  throw new TypeError('the inspector holds no private key');
}
