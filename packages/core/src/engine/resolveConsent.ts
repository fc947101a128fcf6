import { createHmac } from 'node:crypto';
import { andThen, type MaybePromise } from '../combinators/maybeAsync.js';
import type { ConsentStore, StoredConsent } from '../consentStore.js';
import { freezeDeep } from '../freezeDeep.js';
import { type Completed, completeToken, prepareToken } from '../jwt/verifySteps.js';
import type { VerifiedToken, VerifyTokenOptions } from '../jwt/verifyToken.js';
import { normalizeAltinn2Consent } from '../normalize/normalizeAltinn2Consent.js';
import { normalizeAltinn3Consent } from '../normalize/normalizeAltinn3Consent.js';
import type { Consent, MaskinportenClaims, RuleOutcome, ViolationInput } from '../types.js';
import { type BreakerOptions, consentStoreBreaker } from './consentStoreBreaker.js';
import { outcomeOf, skipped, VERIFY_CONSENT } from './steps.js';

// Private: where a request's consent comes from (an Altinn 3 consent in the Maskinporten token, an Altinn 2
// consent token, or the consent store) and, after an allow, keeping it.

export interface ConsentStep {
  readonly outcome: RuleOutcome;
  readonly consent: Consent | undefined;
  readonly token: VerifiedToken | undefined;
}

export interface ConsentResolverOptions {
  /** Verification options for Altinn 2 consent tokens; undefined when none are configured. */
  readonly verify: Omit<VerifyTokenOptions, 'now'> | undefined;
  readonly clockTolerance: number;
  readonly store:
    | {
        readonly store: ConsentStore;
        readonly key: string | Uint8Array;
        readonly breaker?: BreakerOptions | false;
      }
    | undefined;
}

const failed = (violations: readonly ViolationInput[], token?: VerifiedToken): ConsentStep => ({
  outcome: outcomeOf(VERIFY_CONSENT, violations),
  consent: undefined,
  token,
});
const found = (consent: Consent | undefined, token?: VerifiedToken): ConsentStep => ({
  outcome: consent === undefined ? skipped(VERIFY_CONSENT) : outcomeOf(VERIFY_CONSENT, []),
  consent,
  token,
});

/** A consent token from another issuer than its key set's is the consent's issuer mismatch, as the rules say it. */
const asConsentViolation = (v: ViolationInput): ViolationInput =>
  v.code === 'issuer_mismatch' ? { ...v, code: 'consent_issuer_mismatch' } : v;

/** A verified Altinn 2 consent token's consent, normalised. */
function consentOf(verified: Completed): ConsentStep {
  if (verified.isErr()) return failed([asConsentViolation(verified.error)]);
  const { token } = verified.value;
  const normal = normalizeAltinn2Consent(token.payload);
  return normal.isErr() ? failed(normal.error, token) : found(normal.value, token);
}

/** A list from a store, copied and frozen: rules must not change what the store holds, whatever it returned. */
const frozenCopy = <T>(list: readonly T[]): readonly T[] => Object.freeze(Array.from(list));

/** A stored right, copied and frozen at every depth. */
const storedRight = (r: StoredConsent['rights'][number]): Consent['rights'][number] =>
  Object.freeze({
    action: frozenCopy(r.action),
    resources: frozenCopy(r.resources),
    metadata: Object.freeze({ ...r.metadata }),
  });

/** A stored consent as rules see it: a frozen copy, never the store's own object. */
function storedConsent(value: StoredConsent, person: string): Consent {
  return Object.freeze({
    source: 'stored',
    iss: undefined,
    offeredBy: person,
    coveredBy: value.coveredBy,
    handledBy: value.handledBy,
    validTo: value.validTo,
    validToClaim: 'stored',
    validToFormat: 'epoch',
    consentedAt: value.consentedAt,
    services: frozenCopy(value.services),
    rights: Object.freeze(Array.from(value.rights, storedRight)),
    consentId: undefined,
  });
}

export function consentResolver(options: ConsentResolverOptions) {
  const { verify, clockTolerance } = options;
  const given = options.store;
  // A dead or frozen store fails fast behind a circuit breaker unless it is turned off.
  const store =
    given === undefined || given.breaker === false
      ? given
      : { ...given, store: consentStoreBreaker(given.store, given.breaker ?? {}) };
  const keyFor = (consumer: string, person: string): string =>
    createHmac('sha256', store?.key ?? '')
      .update(`${consumer}\u0000${person}`)
      .digest('base64url');

  /** An Altinn 2 consent token, verified with its two halves and options the engine checked once. */
  function fromToken(consentToken: unknown, now: number): MaybePromise<ConsentStep> {
    if (verify === undefined) return failed([{ code: 'keys_unavailable', path: 'consent' }]);
    const prepared = prepareToken(consentToken, verify);
    if (prepared.isErr()) return failed([prepared.error]);
    return andThen(completeToken(prepared.value, verify, now, undefined), consentOf);
  }

  /**
   * A consent kept after an earlier allow for this consumer and person, if the store has one that serves. An
   * entry the store cannot trust denies this request only: the store answered, so the breaker counts no failure.
   */
  async function fromStore(
    kept: ConsentStore,
    consumer: string,
    person: string,
    now: number,
  ): Promise<ConsentStep> {
    try {
      const value = await kept.get(keyFor(consumer, person));
      if (value !== undefined && 'tampered' in value) {
        const actual = typeof value.tampered === 'string' ? value.tampered : 'malformed';
        return failed([{ code: 'consent_store_tampered', path: 'consent', actual }]);
      }
      const usable =
        value !== undefined && value.validTo > now - clockTolerance && value.coveredBy === consumer;
      return found(usable ? storedConsent(value, person) : undefined);
    } catch {
      return failed([{ code: 'consent_store_unavailable', path: 'consent' }]);
    }
  }

  /** At once for a consent in the Maskinporten token or a consent token whose keys are in hand. */
  function resolve(
    consentToken: unknown,
    person: string | undefined,
    now: number,
    mp: MaskinportenClaims,
  ): MaybePromise<ConsentStep> {
    const inToken = normalizeAltinn3Consent(mp.raw);
    if (inToken.isErr()) return failed(inToken.error);
    const hasToken = consentToken !== undefined && consentToken !== null && consentToken !== '';
    if (hasToken && inToken.value !== undefined) {
      return failed([
        {
          code: 'consent_invalid',
          path: 'consent',
          expected: 'one consent: a token or authorization_details',
        },
      ]);
    }
    if (inToken.value !== undefined) return found(inToken.value);
    if (hasToken) return fromToken(consentToken, now);
    const consumer = mp.consumer?.value;
    if (store === undefined || person === undefined || consumer === undefined) return found(undefined);
    return fromStore(store.store, consumer, person, now);
  }

  /** After an allow: keep a consent that came from a token, for the same consumer and person only. */
  function remember(
    consent: Consent,
    mp: MaskinportenClaims,
    person: string | undefined,
  ): MaybePromise<void> {
    const consumer = mp.consumer?.value;
    if (store === undefined || consent.source === 'stored' || person === undefined || consumer === undefined)
      return;
    if (consent.validTo === undefined || consent.coveredBy !== consumer || consent.offeredBy !== person)
      return;
    // A frozen copy: the store keeps its own lists, never the ones handed to rules, and serves them frozen.
    const value: StoredConsent = freezeDeep({
      coveredBy: consumer,
      handledBy: consent.handledBy,
      validTo: consent.validTo,
      consentedAt: consent.consentedAt,
      services: [...consent.services],
      rights: consent.rights.map((r) => ({
        action: [...r.action],
        resources: [...r.resources],
        metadata: { ...r.metadata },
      })),
      origin: consent.source,
    });
    return keep(store.store, consumer, person, value);
  }

  async function keep(kept: ConsentStore, consumer: string, person: string, value: StoredConsent) {
    try {
      await kept.set(keyFor(consumer, person), value, value.validTo);
    } catch {
      // Not storing only means the next call must carry the consent again: it cannot widen access.
    }
  }

  return { resolve, remember };
}
