import { outcomeProtector } from './audit/protectOutcome.js';
import { isValidRuleId, toViolation } from './combinators/outcomes.js';
import { type PersonDataOptions, protectPersonalData } from './audit/protectPersonalData.js';
import { ConfigError } from './configError.js';
import type { ConsentStore } from './consentStore.js';
import type { Policy } from './definePolicy.js';
import { type ConsentStep, consentResolver } from './engine/resolveConsent.js';
import { INPUT, POLICY, VERIFY_CONSENT, VERIFY_MASKINPORTEN, outcomeOf, skipped } from './engine/steps.js';
import type { Algorithm } from './jwt/algorithms.js';
import type { KeySet, KeyState } from './jwt/keySetTypes.js';
import { type TimeClaim, type VerifiedToken, checkVerifyOptions, verifyToken } from './jwt/verifyToken.js';
import { normalizeMaskinporten } from './normalize/normalizeMaskinporten.js';
import type {
  Claims,
  Consent,
  MaskinportenClaims,
  RequestFacts,
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
  readonly consentStore?: {
    readonly store: ConsentStore;
    readonly key: string | Uint8Array;
    /**
     * The circuit breaker in front of the store: after `failures` (default 5) failures in a row, every call
     * fails at once for `openMs` (default 10 000), then one call probes. `false` turns it off. Either way a
     * failing store denies with `consent_store_unavailable`.
     */
    readonly breaker?:
      | { readonly failures?: number; readonly openMs?: number; readonly clock?: () => number }
      | false;
  };
  /** The clock used when a request gives no `now`, epoch seconds. Default the system clock. */
  readonly clock?: () => number;
}

/** One request to judge. Every field is untrusted input; a field of the wrong type is denied with `input_malformed`. */
export interface RequestInput {
  /** The raw Maskinporten token (no `Bearer ` prefix). Absent or empty: `token_missing`. */
  readonly maskinportenToken?: unknown;
  /** The raw Altinn 2 consent token, if the request carries one. */
  readonly consentToken?: unknown;
  /** The person the request is about (PSU-ID). */
  readonly person?: unknown;
  /** The caller's request id (X-Request-Id). */
  readonly requestId?: unknown;
  /** Evaluation time, epoch seconds. Default the engine's clock. */
  readonly now?: unknown;
}

/** A rule that failed with an error, for operator events: its class and a message with personal data masked. */
export interface RuleErrorReport {
  readonly ruleId: string;
  /** The thrown value's class, e.g. `TypeError`, `RuleTimeout`, `MalformedRuleResult`; `string` etc. for non-errors. */
  readonly errorClass: string;
  /** Its message, person numbers masked and tokens removed, at most 200 characters. */
  readonly message: string;
}

/**
 * A verdict with the evidence behind it, for audit records: the verified, normalised claims the rules saw
 * (not protected: never log them as they are) and the state of the keys that verified each token.
 */
export interface Decision {
  readonly verdict: Verdict;
  /** The verified claims; `maskinporten` is absent when the Maskinporten token did not verify. */
  readonly claims: {
    readonly maskinporten: MaskinportenClaims | undefined;
    readonly consent: Consent | undefined;
    readonly request: RequestFacts;
  };
  readonly keys: { readonly maskinporten: KeyState | undefined; readonly consent: KeyState | undefined };
  readonly ruleErrors: readonly RuleErrorReport[];
  /** The clock tolerance the rules were given, seconds. */
  readonly clockTolerance: number;
}

/** A configured engine. */
export interface Engine {
  /** Judges one request. Resolves to a verdict; never rejects. */
  readonly evaluate: (input: RequestInput) => Promise<Verdict>;
  /** Judges one request and keeps the evidence, for an audit trail. Never rejects. */
  readonly decide: (input: RequestInput) => Promise<Decision>;
  /**
   * The deny verdict for a request refused before its tokens were looked at, by a transport adapter (a repeated
   * header, say). Same shape, same protection as every other verdict.
   */
  readonly refuse: (violation: RefusalReason, input?: Pick<RequestInput, 'requestId' | 'now'>) => Verdict;
  readonly policy: Policy;
}

/** Why a transport refused a request: a code, who found it (e.g. `http.authorization`) and where. */
export type RefusalReason = Pick<Violation, 'code' | 'ruleId' | 'path'>;

/** A person id is 11 digits; anything much longer is refused before any pattern runs over it. */
const MAX_PERSON = 64;
/** Request ids are kept to their first 128 characters. */
const MAX_REQUEST_ID = 128;

/** Request fields of the wrong type are the caller's mistake: deny, never guess (e.g. a NaN `now`). */
function inputProblems(input: RequestInput): ViolationInput[] {
  if (typeof input !== 'object' || input === null)
    return [{ code: 'input_malformed', path: '', expected: 'an object' }];
  const problems: ViolationInput[] = [];
  const absent = (value: unknown): boolean => value === undefined || value === null || value === '';
  if (absent(input.maskinportenToken)) problems.push({ code: 'token_missing', path: 'maskinportenToken' });
  for (const field of ['maskinportenToken', 'consentToken'] as const) {
    if (!absent(input[field]) && typeof input[field] !== 'string') {
      problems.push({ code: 'input_malformed', path: field, expected: 'a string' });
    }
  }
  if (input.now !== undefined && (typeof input.now !== 'number' || !Number.isFinite(input.now))) {
    problems.push({ code: 'input_malformed', path: 'now', expected: 'epoch seconds' });
  }
  for (const field of ['person', 'requestId'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string') {
      problems.push({ code: 'input_malformed', path: field, expected: 'a string' });
    }
  }
  if (typeof input.person === 'string' && input.person.length > MAX_PERSON) {
    problems.push({ code: 'input_malformed', path: 'person', expected: `at most ${MAX_PERSON} characters` });
  }
  return problems;
}

function delegation(mp: MaskinportenClaims | undefined): Subject['delegation'] {
  if (mp === undefined) return 'unknown';
  if (mp.systemUser !== undefined) return 'system_user';
  if (mp.supplier !== undefined) return 'supplier';
  return mp.consumer !== undefined ? 'direct' : 'unknown';
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
  if (typeof maskinporten !== 'object' || maskinporten === null) {
    throw new ConfigError('maskinporten', 'is required: { keys: localKeySet(...) | remoteKeySet(...) }');
  }
  if (consent !== undefined && (typeof consent !== 'object' || consent === null)) {
    throw new ConfigError('consent', 'must be { keys: ... } or left out');
  }
  const clockTolerance = options.clockTolerance ?? 10;
  const mpVerify = {
    ...maskinporten,
    clockTolerance,
    requiredClaims: maskinporten.requiredClaims ?? ['exp', 'iat'],
    path: 'maskinporten',
  };
  const consentVerify =
    consent === undefined
      ? undefined
      : {
          ...consent,
          clockTolerance,
          requiredClaims: consent.requiredClaims ?? ['exp', 'nbf'],
          path: 'consent',
        };
  checkVerifyOptions({ ...mpVerify, now: 0 });
  if (consentVerify !== undefined) checkVerifyOptions({ ...consentVerify, now: 0 });
  const store = options.consentStore;
  if (store !== undefined) {
    if (typeof store.store?.get !== 'function' || typeof store.store.set !== 'function') {
      throw new ConfigError('consentStore.store', 'must implement get and set');
    }
    if ((typeof store.key !== 'string' && !(store.key instanceof Uint8Array)) || store.key.length < 16) {
      throw new ConfigError('consentStore.key', 'must be a secret of at least 16 characters or bytes');
    }
  }
  const protect = protectPersonalData(options.personData);
  const protectOutcome = outcomeProtector(protect);
  // Token facts and org ids come from the tokens, so they pass through the same protection as everything else.
  const protectText = (text: string | null | undefined): string | null =>
    typeof text === 'string' ? protect(text) : null;
  const protectFacts = (facts: VerifiedToken['facts'] | undefined): VerifiedToken['facts'] | null =>
    facts === undefined
      ? null
      : {
          iss: protectText(facts.iss),
          kid: protectText(facts.kid),
          jti: protectText(facts.jti),
          exp: facts.exp === null ? null : facts.exp + 0,
        };
  const consents = consentResolver({ verify: consentVerify, store, clockTolerance });
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const policyFacts = { id: policy.id, version: policy.version, sha256: policy.sha256 };

  interface Parts {
    readonly outcomes: readonly RuleOutcome[];
    readonly now: number;
    readonly mp?: MaskinportenClaims | undefined;
    readonly mpToken?: VerifiedToken | undefined;
    readonly step?: ConsentStep | undefined;
    readonly person?: string | undefined;
    readonly requestId?: string | undefined;
  }

  /** The one place a verdict is assembled: protected, decided only by enforced violations over verified claims. */
  function verdictOf({ outcomes, now, mp, mpToken, step, person, requestId }: Parts): Verdict {
    const protectedOutcomes = outcomes.map(protectOutcome);
    const violations = protectedOutcomes.flatMap(decisiveViolations);
    return {
      decision: violations.length === 0 && mp !== undefined ? 'allow' : 'deny',
      reasons: [...new Set(violations.map((v) => v.code))],
      violations,
      outcomes: protectedOutcomes,
      subject: {
        consumer: protectText(mp?.consumer?.id),
        supplier: protectText(mp?.supplier?.id),
        delegation: delegation(mp),
        person: person === undefined ? null : protect(person),
      },
      tokens: { maskinporten: protectFacts(mpToken?.facts), consent: protectFacts(step?.token?.facts) },
      consentSource: step?.consent?.source ?? null,
      policy: policyFacts,
      evaluatedAt: now,
      requestId: requestId === undefined ? null : protect(requestId),
    };
  }

  // `+ 0` turns -0 into 0: JSON cannot carry -0, and a verdict must survive a JSON round trip.
  const timeOf = (now: unknown): number =>
    (typeof now === 'number' && Number.isFinite(now) ? now : clock()) + 0;
  // For verdicts that record a failure: a clock that throws or lies must not turn a deny into a rejection.
  const recordedTime = (now: unknown): number => {
    try {
      const t = timeOf(now);
      return Number.isFinite(t) ? t : Math.floor(Date.now() / 1000);
    } catch {
      return Math.floor(Date.now() / 1000);
    }
  };
  const requestIdOf = (id: unknown): string | undefined =>
    typeof id === 'string' ? id.slice(0, MAX_REQUEST_ID) : undefined;

  const masked = protectPersonalData({ mode: 'mask' });
  const errorReport = (ruleId: string, cause: unknown): RuleErrorReport => {
    let errorClass: string = typeof cause;
    let message = '';
    try {
      if (cause instanceof Error) {
        errorClass = cause.name || cause.constructor.name;
        message = String(cause.message);
      } else message = typeof cause === 'string' ? cause : '';
    } catch {
      // A hostile error object (throwing getters) is reported by class only.
    }
    return {
      ruleId,
      errorClass: masked(errorClass.slice(0, 64)),
      message: masked(message.slice(0, 400)).slice(0, 200),
    };
  };

  async function judge(raw: RequestInput): Promise<Decision> {
    const ruleErrors: RuleErrorReport[] = [];
    const outcomes: RuleOutcome[] = [outcomeOf(INPUT, inputProblems(raw))];
    const input: RequestInput =
      typeof raw === 'object' && raw !== null ? raw : { maskinportenToken: undefined };
    const now = timeOf(input.now);
    // Bounded before anything else reads it: the verdict protects (pattern-matches) what it records.
    const person =
      typeof input.person === 'string' && input.person !== '' ? input.person.slice(0, MAX_PERSON) : undefined;
    const requestId = requestIdOf(input.requestId);
    let mp: MaskinportenClaims | undefined;
    let mpToken: VerifiedToken | undefined;
    let step: ConsentStep | undefined;

    // 1. The Maskinporten token: verified against its issuer's keys, then schema-checked and normalised.
    if (outcomes[0]?.status !== 'pass') outcomes.push(skipped(VERIFY_MASKINPORTEN));
    else {
      const verified = await verifyToken(input.maskinportenToken, { ...mpVerify, now });
      if (verified.isErr()) outcomes.push(outcomeOf(VERIFY_MASKINPORTEN, [verified.error]));
      else {
        mpToken = verified.value;
        const normal = normalizeMaskinporten(verified.value.payload);
        outcomes.push(outcomeOf(VERIFY_MASKINPORTEN, normal.isErr() ? normal.error : []));
        if (normal.isOk()) mp = normal.value;
      }
    }
    // 2. The consent, then 3. the policy, only over verified claims.
    if (mp === undefined) outcomes.push(skipped(VERIFY_CONSENT), skipped(POLICY));
    else {
      step = await consents.resolve({ consentToken: input.consentToken, person, now }, mp);
      outcomes.push(step.outcome);
      if (step.outcome.status === 'fail') outcomes.push(skipped(POLICY));
      else {
        const claims: Claims = { maskinporten: mp, consent: step.consent, request: { person, requestId } };
        const onRuleError = (ruleId: string, cause: unknown): void => {
          if (ruleErrors.length < 16) ruleErrors.push(errorReport(ruleId, cause));
        };
        const root = await policy.rule.evaluate(claims, { now, clockTolerance, onRuleError });
        outcomes.push({
          ruleId: POLICY,
          status: root.status,
          mode: 'enforce',
          violations: [],
          children: [root],
        });
      }
    }

    const verdict = verdictOf({ outcomes, mp, mpToken, step, now, person, requestId });
    if (verdict.decision === 'allow' && step?.consent !== undefined && mp !== undefined) {
      await consents.remember(step.consent, mp, person);
    }
    return {
      verdict,
      claims: { maskinporten: mp, consent: step?.consent, request: { person, requestId } },
      keys: { maskinporten: mpToken?.keys, consent: step?.token?.keys },
      ruleErrors,
      clockTolerance,
    };
  }

  const noClaims = {
    maskinporten: undefined,
    consent: undefined,
    request: { person: undefined, requestId: undefined },
  };
  const decide = async (input: RequestInput): Promise<Decision> => {
    try {
      return await judge(input);
    } catch (cause) {
      const failure: Violation = { code: 'rule_error', ruleId: 'engine', path: '' };
      return {
        verdict: verdictOf({
          outcomes: [{ ruleId: 'engine', status: 'error', mode: 'enforce', violations: [failure] }],
          now: recordedTime(undefined),
        }),
        claims: noClaims,
        keys: { maskinporten: undefined, consent: undefined },
        ruleErrors: [errorReport('engine', cause)],
        clockTolerance,
      };
    }
  };

  return {
    policy,
    decide,
    evaluate: async (input) => (await decide(input)).verdict,
    refuse: (reason, input) => {
      const ruleId = isValidRuleId(reason?.ruleId) ? reason.ruleId : 'transport';
      const violation = toViolation(reason, ruleId) ?? { code: 'rule_error', ruleId, path: '' };
      return verdictOf({
        outcomes: [
          { ruleId: violation.ruleId, status: 'fail', mode: 'enforce', violations: [violation] },
          skipped(VERIFY_MASKINPORTEN),
          skipped(VERIFY_CONSENT),
          skipped(POLICY),
        ],
        now: recordedTime(input?.now),
        requestId: requestIdOf(input?.requestId),
      });
    },
  };
}
