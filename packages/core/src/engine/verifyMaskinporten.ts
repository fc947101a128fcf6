import type { Result } from 'neverthrow';
import { lruCache } from '../cache/lruCache.js';
import { isThenable, type MaybePromise } from '../combinators/maybeAsync.js';
import { freezeDeep } from '../freezeDeep.js';
import type { VerificationKey } from '../jwt/keySetTypes.js';
import { type Completed, completeToken, type PreparedToken, prepareToken } from '../jwt/verifySteps.js';
import type { VerifiedToken, VerifyTokenOptions } from '../jwt/verifyToken.js';
import { normalizeMaskinporten } from '../normalize/normalizeMaskinporten.js';
import type { MaskinportenClaims, RuleOutcome, ViolationInput } from '../types.js';
import { outcomeOf, VERIFY_MASKINPORTEN } from './steps.js';

// Private: step 1 of the pipeline. The Maskinporten token, verified against its issuer's keys, then
// schema-checked and normalised, with a cache of verified tokens (see `EngineOptions.tokenCacheSize`).
//
// A cache entry is the token's strict parse, the key that verified its signature and its normalised claims: the
// parts that depend on the token string alone. Every request still asks the key set (the same call, with the same
// side effects, as without the cache) and checks exp/nbf at its own `now`; the signature is skipped only when the
// key set resolves the token to that same key (imported once per key material, so identity is key material).
//
// Entries are found by the token's last 43 characters (the end of its signature, 256 bits) and then compared with
// the whole token: a token arrives as a new string with every request, and hashing all of it for the lookup
// cost about as much as the rest of a cache hit. Two tokens that share the ending only take turns in the cache.

export interface MaskinportenStep {
  readonly outcome: RuleOutcome;
  readonly claims: MaskinportenClaims | undefined;
  readonly token: VerifiedToken | undefined;
}

type Normalised = Result<MaskinportenClaims, readonly ViolationInput[]>;

/** What finds a token's entry: the end of its signature. */
const SUFFIX = 43;
const cacheKey = (token: string): string => token.slice(-SUFFIX);

/**
 * Recent first uses, remembered by a hash of their cache key in a table about as large as the cache: a token
 * enters the cache on its second use, and only while its first is still remembered. A token used once (every
 * request from another client) then inserts, evicts and keeps nothing; so does one used again only after more
 * other tokens than the cache holds, which a least-recently-used cache of that size would have evicted before
 * its next use anyway. Two keys in one slot only make one of them enter the cache a use early or late.
 */
function firstUses(cacheSize: number): (key: string) => boolean {
  let size = 16;
  while (size < cacheSize) size *= 2;
  const slots = new Int32Array(size);
  return (key) => {
    // FNV-1a over the key's last 12 characters: the end of a signature the key set has just verified, as good
    // as random, so 72 bits of it pick the slot as well as all 256 would.
    let h = 0x811c9dc5;
    for (let i = Math.max(0, key.length - 12); i < key.length; i += 1)
      h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h |= 1; // 0 marks an empty slot
    const slot = (h >>> 1) & (size - 1);
    if (slots[slot] === h) return false;
    slots[slot] = h;
    return true;
  };
}

interface Entry {
  readonly token: string;
  readonly prepared: PreparedToken;
  readonly key: VerificationKey;
  readonly normalised: Normalised;
}

const failed = (violations: readonly ViolationInput[]): MaskinportenStep => ({
  outcome: outcomeOf(VERIFY_MASKINPORTEN, violations),
  claims: undefined,
  token: undefined,
});

export function maskinportenVerifier(
  options: Omit<VerifyTokenOptions, 'now'>,
  cacheSize: number,
): (token: unknown, now: number) => MaybePromise<MaskinportenStep> {
  const cache = cacheSize > 0 ? lruCache<string, Entry>(cacheSize) : undefined;
  const isFirstUse = firstUses(cacheSize);
  /** The entry of exactly this token, if it has one. */
  const entryOf = (token: unknown): Entry | undefined => {
    if (typeof token !== 'string' || cache === undefined) return undefined;
    const entry = cache.get(cacheKey(token));
    return entry?.token === token ? entry : undefined;
  };

  /** After the key set has answered: the step's outcome, the cache kept up to date. */
  function concluded(token: unknown, hit: Entry | undefined, prepared: PreparedToken, verified: Completed) {
    if (verified.isErr()) {
      if (hit !== undefined) cache?.delete(cacheKey(hit.token));
      return failed([verified.error]);
    }
    // Claims shared between requests must not be changed by one of them: rules get them frozen, cached or not.
    const normalised = hit?.normalised ?? normalizeMaskinporten(freezeDeep(prepared.parsed.payload));
    const { key } = verified.value;
    if (cache !== undefined && typeof token === 'string') {
      // Kept from its second use on; kept again when another key verified it.
      const keep = hit === undefined ? !isFirstUse(cacheKey(token)) : hit.key !== key;
      if (keep) cache.set(cacheKey(token), { token, prepared, key, normalised });
    }
    return {
      outcome: outcomeOf(VERIFY_MASKINPORTEN, normalised.isErr() ? normalised.error : []),
      claims: normalised.isOk() ? normalised.value : undefined,
      token: verified.value.token,
    };
  }

  return (token, now) => {
    const hit = entryOf(token);
    let prepared = hit?.prepared;
    if (prepared === undefined) {
      const fresh = prepareToken(token, options);
      if (fresh.isErr()) return failed([fresh.error]);
      prepared = fresh.value;
    }
    const ready = prepared;
    const completed = completeToken(ready, options, now, hit?.key);
    return isThenable(completed)
      ? completed.then((verified) => concluded(token, hit, ready, verified))
      : concluded(token, hit, ready, completed);
  };
}
