import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { type LruCache, lruCache } from '../cache/lruCache.js';
import { canonicalJson } from '../canonicalJson.js';
import { keyTypeFor } from './algorithms.js';
import type { KeySelector } from './keySetTypes.js';

// Private: a validated, indexed JWKS shared by the local and remote key sets.

export interface PublicJwk {
  readonly kty: string;
  readonly kid: string | undefined;
  readonly x5t: string | undefined;
  readonly alg: string | undefined;
  readonly members: Readonly<Record<string, string>>;
  /** sha256 of the canonical public members: the same key material has the same value in every fetch. */
  readonly material: string;
}

export interface JwksIndex {
  readonly byKid: ReadonlyMap<string, PublicJwk | 'ambiguous'>;
  readonly byX5t: ReadonlyMap<string, PublicJwk | 'ambiguous'>;
  readonly size: number;
}

const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
};

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function add(map: Map<string, PublicJwk | 'ambiguous'>, key: string | undefined, jwk: PublicJwk): void {
  if (key === undefined) return;
  map.set(key, map.has(key) ? 'ambiguous' : jwk);
}

/** Indexes a JWKS document; returns a reason string when it is not one. Keys that are not signature keys are skipped. */
export function indexJwks(value: unknown): JwksIndex | string {
  if (typeof value !== 'object' || value === null) return 'a JWKS must be an object';
  const keys = (value as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return 'a JWKS must have a "keys" array';
  const byKid = new Map<string, PublicJwk | 'ambiguous'>();
  const byX5t = new Map<string, PublicJwk | 'ambiguous'>();
  let size = 0;
  for (const raw of keys) {
    if (typeof raw !== 'object' || raw === null) continue;
    const k = raw as Record<string, unknown>;
    const kty = str(k['kty']);
    // Own members only: a `kty` such as "toString" or "__proto__" names no key type (not an Object.prototype member).
    const wanted = kty === undefined || !Object.hasOwn(PUBLIC_MEMBERS, kty) ? undefined : PUBLIC_MEMBERS[kty];
    if (wanted === undefined || (k['use'] !== undefined && k['use'] !== 'sig')) continue;
    // RFC 7517 §4.3: a key whose key_ops do not include "verify" is not a verification key.
    const ops = k['key_ops'];
    if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) continue;
    const members: Record<string, string> = { kty: kty as string };
    for (const m of wanted) if (typeof k[m] === 'string') members[m] = k[m];
    if (Object.keys(members).length !== wanted.length + 1) continue;
    const jwk: PublicJwk = {
      kty: kty as string,
      kid: str(k['kid']),
      x5t: str(k['x5t']),
      alg: str(k['alg']),
      members,
      material: createHash('sha256').update(canonicalJson(members)).digest('base64url'),
    };
    add(byKid, jwk.kid, jwk);
    add(byX5t, jwk.x5t, jwk);
    size += 1;
  }
  return { byKid, byX5t, size };
}

/** Finds the key for a selector: by `kid`, or by `x5t` when the key set allows it and the token has no `kid`. */
export function selectJwk(
  index: JwksIndex,
  selector: KeySelector,
  matchX5t: boolean,
): PublicJwk | 'kid_missing' | 'key_unknown' {
  let found: PublicJwk | 'ambiguous' | undefined;
  if (selector.kid !== undefined) found = index.byKid.get(selector.kid);
  else if (matchX5t && selector.x5t !== undefined) found = index.byX5t.get(selector.x5t);
  else return 'kid_missing';
  if (found === undefined || found === 'ambiguous') return 'key_unknown';
  if (found.alg !== undefined && found.alg !== selector.alg) return 'key_unknown';
  if (found.kty !== keyTypeFor(selector.alg)) return 'key_unknown';
  return found;
}

/** Imported keys held per key set. An entry per distinct key material, so refreshes add nothing new. */
export const KEY_CACHE_SIZE = 64;

/** Imported public keys, keyed by key material (never by a fetch's JWK objects), least recently used first out. */
export type KeyCache = LruCache<string, KeyObject>;

export const createKeyCache = (): KeyCache => lruCache(KEY_CACHE_SIZE);

const CURVE_OF: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1' };

/** An EC key serves only the algorithm of its curve; an RSA key serves every RS and PS algorithm (its size is checked when verifying). */
function servesAlg(key: KeyObject, alg: string): boolean {
  const curve = CURVE_OF[alg];
  return curve === undefined || key.asymmetricKeyDetails?.namedCurve === curve;
}

/** Imports a public JWK once per key material (node:crypto KeyObject). Undefined when it is not a usable key for `alg`. */
export function importPublicJwk(jwk: PublicJwk, alg: string, cache: KeyCache): KeyObject | undefined {
  let key = cache.get(jwk.material);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: { ...jwk.members }, format: 'jwk' });
    } catch {
      return undefined;
    }
    cache.set(jwk.material, key);
  }
  return servesAlg(key, alg) ? key : undefined;
}
