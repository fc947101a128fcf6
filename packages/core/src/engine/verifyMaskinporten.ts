import type { Result } from 'neverthrow';
import { lruCache } from '../cache/lruCache.js';
import { freezeDeep } from '../freezeDeep.js';
import type { VerificationKey } from '../jwt/keySetTypes.js';
import { type MaybePromise, andThen } from '../combinators/maybeAsync.js';
import { type Completed, type PreparedToken, completeToken, prepareToken } from '../jwt/verifySteps.js';
import type { VerifiedToken, VerifyTokenOptions } from '../jwt/verifyToken.js';
import { normalizeMaskinporten } from '../normalize/normalizeMaskinporten.js';
import type { MaskinportenClaims, RuleOutcome, ViolationInput } from '../types.js';
import { VERIFY_MASKINPORTEN, outcomeOf } from './steps.js';

// Private: step 1 of the pipeline. The Maskinporten token, verified against its issuer's keys, then
// schema-checked and normalised, with a cache of verified tokens (see `EngineOptions.tokenCacheSize`).
//
// A cache entry is the token's strict parse, the key that verified its signature and its normalised claims: the
// parts that depend on the token string alone. Every request still asks the key set (the same call, with the same
// side effects, as without the cache) and checks exp/nbf at its own `now`; the signature is skipped only when the
// key set resolves the token to that same key (imported once per key material, so identity is key material).

export interface MaskinportenStep {
  readonly outcome: RuleOutcome;
  readonly claims: MaskinportenClaims | undefined;
  readonly token: VerifiedToken | undefined;
}

type Normalised = Result<MaskinportenClaims, readonly ViolationInput[]>;

interface Entry {
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

  /** After the key set has answered: the step's outcome, the cache kept up to date. */
  function concluded(token: unknown, hit: Entry | undefined, prepared: PreparedToken, verified: Completed) {
    if (verified.isErr()) {
      if (hit !== undefined) cache?.delete(token as string);
      return failed([verified.error]);
    }
    // Claims shared between requests must not be changed by one of them: rules get them frozen, cached or not.
    const normalised =
      hit?.normalised ?? freezeDeep(normalizeMaskinporten(freezeDeep(prepared.parsed.payload)));
    if (typeof token === 'string' && hit?.key !== verified.value.key) {
      cache?.set(token, { prepared, key: verified.value.key, normalised });
    }
    return {
      outcome: outcomeOf(VERIFY_MASKINPORTEN, normalised.isErr() ? normalised.error : []),
      claims: normalised.isOk() ? normalised.value : undefined,
      token: verified.value.token,
    };
  }

  return (token, now) => {
    const hit = typeof token === 'string' ? cache?.get(token) : undefined;
    let prepared = hit?.prepared;
    if (prepared === undefined) {
      const fresh = prepareToken(token, options);
      if (fresh.isErr()) return failed([fresh.error]);
      prepared = fresh.value;
    }
    const ready = prepared;
    return andThen(completeToken(ready, options, now, hit?.key), (verified) =>
      concluded(token, hit, ready, verified),
    );
  };
}
