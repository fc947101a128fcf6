import { createHmac } from 'node:crypto';
import { type PersonDataOptions, protectPersonalData } from './audit/protectPersonalData.js';
import { ConfigError } from './configError.js';
import type { ConsentStore, StoredConsent } from './consentStore.js';
import type { Policy } from './definePolicy.js';
import type { Algorithm } from './jwt/algorithms.js';
import type { KeySet } from './jwt/keySetTypes.js';
import { type TimeClaim, type VerifiedToken, checkVerifyOptions, verifyToken } from './jwt/verifyToken.js';
import { normalizeAltinn2Consent } from './normalize/normalizeAltinn2Consent.js';
import { normalizeAltinn3Consent } from './normalize/normalizeAltinn3Consent.js';
import { normalizeMaskinporten } from './normalize/normalizeMaskinporten.js';
import type {
  Claims,
  Consent,
  Fact,
  MaskinportenClaims,
  RuleOutcome,
  Subject,
  Verdict,
  Violation,
  ViolationInput,
} from './types.js';
import { decisiveViolations } from './verdict/decisiveViolations.js';

/** How one kind of token is verified. */
export interface TokenSource {
  /** The issuer's key set. Required. */
  readonly keys: KeySet;
  /** Allowed algorithms. Default RS256, RS384, RS512. */
  readonly algorithms?: readonly Algorithm[];
  /** NumericDate claims that must be present. Default `['exp', 'iat']` for Maskinporten, `['exp', 'nbf']` for Altinn 2 consent tokens. */
  readonly requiredClaims?: readonly TimeClaim[];
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** The policy every request is judged by. Required. */
  readonly policy: Policy;
  /** Maskinporten access tokens (and Altinn 3 consents inside them). Required. */
  readonly maskinporten: TokenSource;
  /** Altinn 2 consent tokens. Without it, a request carrying a consent token is denied with `keys_unavailable`. */
  readonly consent?: TokenSource;
  /** Clock tolerance in seconds for token times and rules. Default 10, at most 300. */
  readonly clockTolerance?: number;
  /** How the person appears in verdicts. Default `{ mode: 'mask' }`. */
  readonly personData?: PersonDataOptions;
  /** Keeps consents between calls; with it, requests may omit the consent token while a stored one is valid. */
  readonly consentStore?: { readonly store: ConsentStore; readonly key: string | Uint8Array };
  /** The clock used when a request gives no `now`, epoch seconds. Default the system clock. */
  readonly clock?: () => number;
}

/** One request to judge. Every field is untrusted input. */
export interface RequestInput {
  /** The raw Maskinporten token (no `Bearer ` prefix). */
  readonly maskinportenToken: unknown;
  /** The raw Altinn 2 consent token, if the request carries one. */
  readonly consentToken?: unknown;
  /** The person the request is about (PSU-ID). */
  readonly person?: unknown;
  /** The caller's request id (X-Request-Id). */
  readonly requestId?: unknown;
  /** Evaluation time, epoch seconds. Default the engine's clock. */
  readonly now?: number;
}

/** A configured engine. */
export interface Engine {
  /** Judges one request. Resolves to a verdict; never rejects. */
  readonly evaluate: (input: RequestInput) => Promise<Verdict>;
  readonly policy: Policy;
}

const INPUT = 'input';
const VERIFY_MASKINPORTEN = 'verify.maskinporten';
const VERIFY_CONSENT = 'verify.consent';
const POLICY = 'policy';
const MAX_FACT = 200;

function outcomeOf(ruleId: string, violations: readonly ViolationInput[]): RuleOutcome {
  return violations.length === 0
    ? { ruleId, status: 'pass', mode: 'enforce', violations: [] }
    : { ruleId, status: 'fail', mode: 'enforce', violations: violations.map((v) => ({ ...v, ruleId })) };
}

/** Request fields of the wrong type are the caller's mistake: deny, never guess (e.g. a NaN `now`). */
function inputProblems(input: RequestInput): ViolationInput[] {
  const problems: ViolationInput[] = [];
  if (typeof input !== 'object' || input === null)
    return [{ code: 'input_malformed', path: '', expected: 'an object' }];
  if (input.now !== undefined && (typeof input.now !== 'number' || !Number.isFinite(input.now))) {
    problems.push({ code: 'input_malformed', path: 'now', expected: 'epoch seconds' });
  }
  for (const field of ['person', 'requestId'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string') {
      problems.push({ code: 'input_malformed', path: field, expected: 'a string' });
    }
  }
  return problems;
}

const skipped = (ruleId: string): RuleOutcome => ({
  ruleId,
  status: 'skipped',
  mode: 'enforce',
  violations: [],
});

function delegation(mp: MaskinportenClaims | undefined): Subject['delegation'] {
  if (mp === undefined) return 'unknown';
  if (mp.systemUser !== undefined) return 'system_user';
  if (mp.supplier !== undefined) return 'supplier';
  return mp.consumer !== undefined ? 'direct' : 'unknown';
}

interface ConsentStep {
  readonly outcome: RuleOutcome;
  readonly consent: Consent | undefined;
  readonly token: VerifiedToken | undefined;
}

/**
 * Builds the engine that turns a request's tokens into a verdict: verify the Maskinporten token, verify and
 * normalise the consent (an Altinn 2 token, an Altinn 3 consent inside the Maskinporten token, or a stored
 * consent), evaluate the policy's rules over the verified claims, and record everything. Throws
 * {@link ConfigError} for bad options; `evaluate` never throws or rejects: any failure is a deny with a code.
 *
 * @example
 * ```ts
 * const engine = createEngine({
 *   policy,
 *   maskinporten: { keys: remoteKeySet({ issuer: 'https://test.maskinporten.no/', jwksUri: 'https://test.maskinporten.no/jwk' }) },
 *   consent: { keys: remoteKeySet({ issuer: 'altinn.no', jwksUri: 'https://tt02.altinn.no/api/metadata/jwk', matchX5t: true }) },
 * });
 * const verdict = await engine.evaluate({ maskinportenToken, consentToken, person: '01085301957' });
 * verdict.decision; // 'allow' | 'deny'
 * ```
 */
export function createEngine(options: EngineOptions): Engine {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { policy, maskinporten, consent } = options;
  if (typeof policy?.rule?.evaluate !== 'function' || typeof policy.sha256 !== 'string') {
    throw new ConfigError('policy', 'must be built with definePolicy or loadPolicy');
  }
  const clockTolerance = options.clockTolerance ?? 10;
  const mpRequired = maskinporten?.requiredClaims ?? ['exp', 'iat'];
  const consentRequired = consent?.requiredClaims ?? ['exp', 'nbf'];
  if (maskinporten === undefined) throw new ConfigError('maskinporten', 'is required');
  checkVerifyOptions({ ...maskinporten, now: 0, clockTolerance, requiredClaims: mpRequired });
  if (consent !== undefined)
    checkVerifyOptions({ ...consent, now: 0, clockTolerance, requiredClaims: consentRequired });
  const protect = protectPersonalData(options.personData);
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const store = options.consentStore;
  if (store !== undefined) {
    if (typeof store.store?.get !== 'function' || typeof store.store.set !== 'function') {
      throw new ConfigError('consentStore.store', 'must implement get and set');
    }
    if ((typeof store.key !== 'string' && !(store.key instanceof Uint8Array)) || store.key.length < 16) {
      throw new ConfigError('consentStore.key', 'must be a secret of at least 16 characters or bytes');
    }
  }

  const storeKey = (consumer: string, person: string): string =>
    createHmac('sha256', store?.key ?? '')
      .update(`${consumer}\u0000${person}`)
      .digest('base64url');

  async function consentStep(
    input: RequestInput,
    mp: MaskinportenClaims,
    now: number,
    person: string | undefined,
  ): Promise<ConsentStep> {
    const inToken = normalizeAltinn3Consent(mp.raw);
    if (inToken.isErr())
      return { outcome: outcomeOf(VERIFY_CONSENT, inToken.error), consent: undefined, token: undefined };
    const hasToken =
      input.consentToken !== undefined && input.consentToken !== null && input.consentToken !== '';
    if (hasToken && inToken.value !== undefined) {
      const v: ViolationInput = {
        code: 'consent_invalid',
        path: 'consent',
        expected: 'one consent: a token or authorization_details',
      };
      return { outcome: outcomeOf(VERIFY_CONSENT, [v]), consent: undefined, token: undefined };
    }
    if (inToken.value !== undefined)
      return { outcome: outcomeOf(VERIFY_CONSENT, []), consent: inToken.value, token: undefined };
    if (hasToken) {
      if (consent === undefined) {
        return {
          outcome: outcomeOf(VERIFY_CONSENT, [{ code: 'keys_unavailable', path: 'consent' }]),
          consent: undefined,
          token: undefined,
        };
      }
      const verified = await verifyToken(input.consentToken, {
        ...consent,
        now,
        clockTolerance,
        requiredClaims: consentRequired,
        path: 'consent',
      });
      if (verified.isErr())
        return { outcome: outcomeOf(VERIFY_CONSENT, [verified.error]), consent: undefined, token: undefined };
      const normal = normalizeAltinn2Consent(verified.value.payload);
      if (normal.isErr())
        return {
          outcome: outcomeOf(VERIFY_CONSENT, normal.error),
          consent: undefined,
          token: verified.value,
        };
      return { outcome: outcomeOf(VERIFY_CONSENT, []), consent: normal.value, token: verified.value };
    }
    const consumer = mp.consumer?.value;
    if (store === undefined || person === undefined || consumer === undefined) {
      return { outcome: skipped(VERIFY_CONSENT), consent: undefined, token: undefined };
    }
    try {
      const found = await store.store.get(storeKey(consumer, person));
      if (found === undefined || !(found.validTo > now - clockTolerance) || found.coveredBy !== consumer) {
        return { outcome: skipped(VERIFY_CONSENT), consent: undefined, token: undefined };
      }
      const stored: Consent = {
        source: 'stored',
        iss: undefined,
        offeredBy: person,
        coveredBy: found.coveredBy,
        handledBy: found.handledBy,
        validTo: found.validTo,
        validToClaim: 'stored',
        validToFormat: 'epoch',
        consentedAt: found.consentedAt,
        services: found.services,
        rights: found.rights,
        consentId: undefined,
      };
      return { outcome: outcomeOf(VERIFY_CONSENT, []), consent: stored, token: undefined };
    } catch {
      const v: ViolationInput = { code: 'consent_store_unavailable', path: 'consent' };
      return { outcome: outcomeOf(VERIFY_CONSENT, [v]), consent: undefined, token: undefined };
    }
  }

  async function remember(
    consentValue: Consent,
    mp: MaskinportenClaims,
    person: string | undefined,
  ): Promise<void> {
    const consumer = mp.consumer?.value;
    if (
      store === undefined ||
      consentValue.source === 'stored' ||
      person === undefined ||
      consumer === undefined
    )
      return;
    if (
      consentValue.validTo === undefined ||
      consentValue.coveredBy !== consumer ||
      consentValue.offeredBy !== person
    )
      return;
    const value: StoredConsent = {
      coveredBy: consumer,
      handledBy: consentValue.handledBy,
      validTo: consentValue.validTo,
      consentedAt: consentValue.consentedAt,
      services: consentValue.services,
      rights: consentValue.rights,
      origin: consentValue.source,
    };
    try {
      await store.store.set(storeKey(consumer, person), value, consentValue.validTo);
    } catch {
      // Not storing only means the next call must carry the consent again: it cannot widen access.
    }
  }

  // Facts are claim values: protect personal data and tokens, and keep them short.
  const protectText = (text: string): string => {
    const safe = protect(text);
    return safe.length > MAX_FACT ? `${safe.slice(0, MAX_FACT)}…` : safe;
  };
  const protectFact = (fact: Fact | undefined): Fact | undefined => {
    if (typeof fact === 'string') return protectText(fact);
    if (Array.isArray(fact)) return fact.slice(0, 32).map(protectText);
    return fact;
  };
  const protectViolation = (v: Violation): Violation => {
    const expected = protectFact(v.expected);
    const actual = protectFact(v.actual);
    return {
      code: v.code,
      ruleId: v.ruleId,
      path: protect(v.path),
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    };
  };
  const protectOutcome = (o: RuleOutcome): RuleOutcome => ({
    ...o,
    violations: o.violations.map(protectViolation),
    ...(o.children === undefined ? {} : { children: o.children.map(protectOutcome) }),
  });

  async function judge(raw: RequestInput): Promise<Verdict> {
    const outcomes: RuleOutcome[] = [outcomeOf(INPUT, inputProblems(raw))];
    const input: RequestInput =
      typeof raw === 'object' && raw !== null ? raw : { maskinportenToken: undefined };
    const now = typeof input.now === 'number' && Number.isFinite(input.now) ? input.now : clock();
    const person = typeof input.person === 'string' && input.person !== '' ? input.person : undefined;
    const requestId = typeof input.requestId === 'string' ? input.requestId.slice(0, 128) : undefined;
    let mp: MaskinportenClaims | undefined;
    let mpToken: VerifiedToken | undefined;
    let step: ConsentStep | undefined;

    const verified =
      outcomes[0]?.status === 'pass'
        ? await verifyToken(input.maskinportenToken, {
            ...maskinporten,
            now,
            clockTolerance,
            requiredClaims: mpRequired,
            path: 'maskinporten',
          })
        : undefined;
    if (verified === undefined) outcomes.push(skipped(VERIFY_MASKINPORTEN));
    else if (verified.isErr()) outcomes.push(outcomeOf(VERIFY_MASKINPORTEN, [verified.error]));
    else {
      mpToken = verified.value;
      const normal = normalizeMaskinporten(verified.value.payload);
      outcomes.push(outcomeOf(VERIFY_MASKINPORTEN, normal.isErr() ? normal.error : []));
      if (normal.isOk()) mp = normal.value;
    }
    if (mp === undefined) outcomes.push(skipped(VERIFY_CONSENT), skipped(POLICY));
    else {
      step = await consentStep(input, mp, now, person);
      outcomes.push(step.outcome);
      if (step.outcome.status === 'fail') outcomes.push(skipped(POLICY));
      else {
        const claims: Claims = { maskinporten: mp, consent: step.consent, request: { person, requestId } };
        const root = await policy.rule.evaluate(claims, { now, clockTolerance });
        outcomes.push({
          ruleId: POLICY,
          status: root.status,
          mode: 'enforce',
          violations: [],
          children: [root],
        });
      }
    }

    const protectedOutcomes = outcomes.map(protectOutcome);
    const violations = protectedOutcomes.flatMap(decisiveViolations);
    const decision = violations.length === 0 && mp !== undefined ? 'allow' : 'deny';
    if (decision === 'allow' && step?.consent !== undefined && mp !== undefined)
      await remember(step.consent, mp, person);
    return {
      decision,
      reasons: [...new Set(violations.map((v) => v.code))],
      violations,
      outcomes: protectedOutcomes,
      subject: {
        consumer: mp?.consumer?.id ?? null,
        supplier: mp?.supplier?.id ?? null,
        delegation: delegation(mp),
        person: person === undefined ? null : protect(person),
      },
      tokens: { maskinporten: mpToken?.facts ?? null, consent: step?.token?.facts ?? null },
      consentSource: step?.consent?.source ?? null,
      policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
      evaluatedAt: now,
      requestId: requestId === undefined ? null : protect(requestId),
    };
  }

  return {
    policy,
    evaluate: async (input) => {
      try {
        return await judge(input);
      } catch {
        const now = clock();
        const v: Violation = { code: 'rule_error', ruleId: 'engine', path: '' };
        return {
          decision: 'deny',
          reasons: ['rule_error'],
          violations: [v],
          outcomes: [{ ruleId: 'engine', status: 'error', mode: 'enforce', violations: [v] }],
          subject: { consumer: null, supplier: null, delegation: 'unknown', person: null },
          tokens: { maskinporten: null, consent: null },
          consentSource: null,
          policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
          evaluatedAt: now,
          requestId: null,
        };
      }
    },
  };
}
