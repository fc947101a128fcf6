import { andThen, andThenWith, isThenable, type MaybePromise, pipeline } from '../combinators/maybeAsync.js';
import { isValidRuleId, toViolation } from '../combinators/outcomes.js';
import { isPlausibleNow, PLAUSIBLE_NOW } from '../plausibleNow.js';
import type { Claims, RuleOutcome, Violation } from '../types.js';
import { verifiedClaims } from '../verifiedClaims.js';
import { verdictAssembler } from './assembleVerdict.js';
import { checkInput, personOf, requestIdOf } from './checkInput.js';
import { engineSettings } from './engineSettings.js';
import type { Decision, Engine, EngineOptions, RequestInput, RuleErrorReport } from './engineTypes.js';
import { policyEvaluator } from './policyEvaluator.js';
import { type ConsentStep, consentResolver } from './resolveConsent.js';
import { ruleErrorReport } from './ruleErrorReport.js';
import { INPUT, outcomeOf, POLICY, skipped, VERIFY_CONSENT, VERIFY_MASKINPORTEN } from './steps.js';
import { type MaskinportenStep, maskinportenVerifier } from './verifyMaskinporten.js';

/**
 * One request on its way through the pipeline: each step records its outcome in its place and adds what the
 * next step needs. A step that does not run leaves its place as it starts, skipped.
 */
interface Judgement {
  readonly input: RequestInput;
  readonly now: number;
  /** The request's own claims (person, request id), as rules and the decision see them. */
  readonly request: Claims['request'];
  /** Each step's outcome, in its named place. */
  readonly outcomes: StepOutcomes;
  /** Made when a rule fails with an error (at most 16). */
  ruleErrors: RuleErrorReport[] | undefined;
  verified: MaskinportenStep | undefined;
  step: ConsentStep | undefined;
  /** The claims the policy ran over (made when both tokens verified), also the decision's evidence. */
  claims: Claims | undefined;
}

/** The outcome of each step of the pipeline: skipped until the step runs. */
interface StepOutcomes {
  readonly input: RuleOutcome;
  maskinporten: RuleOutcome;
  consent: RuleOutcome;
  policy: RuleOutcome;
}

/** The outcomes in the order a verdict lists them. */
const inOrder = (o: StepOutcomes): RuleOutcome[] => [o.input, o.maskinporten, o.consent, o.policy];

const NO_RULE_ERRORS: readonly RuleErrorReport[] = Object.freeze([]);

/** What an operator is told when the engine's clock gives no plausible time. */
class ImplausibleClock extends Error {
  override readonly name = 'ImplausibleClock';
}

/** The Maskinporten step's result kept and recorded. */
function withVerified(j: Judgement, verified: MaskinportenStep): Judgement {
  j.verified = verified;
  j.outcomes.maskinporten = verified.outcome;
  return j;
}

/** The consent step's result kept and recorded. */
function withConsent(j: Judgement, step: ConsentStep): Judgement {
  j.step = step;
  j.outcomes.consent = step.outcome;
  return j;
}

/** The policy's outcome recorded. */
function withPolicy(j: Judgement, outcome: RuleOutcome): Judgement {
  j.outcomes.policy = outcome;
  return j;
}

/** The rule error, reported for operator events (the first 16 of a request). */
function reportRuleError(j: Judgement, ruleId: string, cause: unknown): void {
  j.ruleErrors ??= [];
  if (j.ruleErrors.length < 16) j.ruleErrors.push(ruleErrorReport(ruleId, cause));
}

const systemTime = (): number => Math.floor(Date.now() / 1000);

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
  const settings = engineSettings(options);
  const { policy, clockTolerance, clock } = settings;
  const verifyMaskinporten = maskinportenVerifier(settings.mpVerify, settings.tokenCacheSize);
  const consents = consentResolver({ verify: settings.consentVerify, store: settings.store, clockTolerance });
  const verdictOf = verdictAssembler(options.personData, policy);
  const evaluatePolicy = policyEvaluator(policy.rule);
  // The request's `now` when it is a plausible time (checkInput denies any other), else the clock's, which must
  // be one too: a clock that answers 0, NaN, an uptime or milliseconds is an engine failure (rule_error), never
  // a time that makes an expired token current.
  const timeOf = (now: unknown): number => {
    if (isPlausibleNow(now)) return now;
    const time: unknown = clock();
    if (!isPlausibleNow(time)) throw new ImplausibleClock(`the clock gave no ${PLAUSIBLE_NOW}`);
    return time;
  };
  // For verdicts that record a failure: a clock that throws or lies must not turn a deny into a rejection.
  const recordedTime = (now: unknown): number => {
    try {
      return timeOf(now);
    } catch {
      return systemTime();
    }
  };

  /** Step 1: the Maskinporten token, when the input passed its checks. */
  const verifyStep = (j: Judgement): MaybePromise<Judgement> => {
    if (j.outcomes.input.status !== 'pass') return j;
    return andThenWith(verifyMaskinporten(j.input.maskinportenToken, j.now), j, withVerified);
  };
  /** Step 2: the consent, when the Maskinporten token verified. */
  const consentStep = (j: Judgement): MaybePromise<Judgement> => {
    const mp = j.verified?.claims;
    if (mp === undefined) return j;
    const consent = consents.resolve(j.input.consentToken, j.request.person, j.now, mp);
    return andThenWith(consent, j, withConsent);
  };
  /** Step 3: the policy's rules over the verified claims, when both steps passed. */
  const policyStep = (j: Judgement): MaybePromise<Judgement> => {
    const mp = j.verified?.claims;
    if (mp === undefined || j.step === undefined || j.step.outcome.status === 'fail') return j;
    // Frozen, as everything in them is: no rule can replace the consent or move the time another rule reads.
    const claims = verifiedClaims(mp, j.step.consent, j.request);
    j.claims = claims;
    const onRuleError = (ruleId: string, cause: unknown): void => reportRuleError(j, ruleId, cause);
    const context = Object.freeze({ now: j.now, clockTolerance, onRuleError });
    return andThenWith(evaluatePolicy(claims, context), j, withPolicy);
  };
  /** Step 4: the verdict; after an allow, the consent kept for the next requests (when a store is set). */
  const conclude = (j: Judgement): MaybePromise<Decision> => {
    const { verified, step, now, request } = j;
    const { person, requestId } = request;
    const mp = verified?.claims;
    const mpToken = verified?.token;
    const verdict = verdictOf({ outcomes: inOrder(j.outcomes), mp, mpToken, step, now, person, requestId });
    const decision: Decision = {
      verdict,
      claims: j.claims ?? { maskinporten: mp, consent: step?.consent, request },
      keys: { maskinporten: mpToken?.keys, consent: step?.token?.keys },
      ruleErrors: j.ruleErrors ?? NO_RULE_ERRORS,
      clockTolerance,
    };
    const kept =
      verdict.decision === 'allow' && step?.consent !== undefined && mp !== undefined
        ? consents.remember(step.consent, mp, person)
        : undefined;
    return kept === undefined ? decision : andThen(kept, () => decision);
  };

  const steps = [verifyStep, consentStep, policyStep];

  /**
   * The request path: check the input, verify, resolve the consent, evaluate the policy, assemble the verdict.
   * At once while every step answers at once (keys in hand, synchronous rules, no store), a promise otherwise.
   */
  function judge(raw: RequestInput): MaybePromise<Decision> {
    const input: RequestInput =
      typeof raw === 'object' && raw !== null ? raw : { maskinportenToken: undefined };
    const start: Judgement = {
      input,
      now: timeOf(input.now),
      // Shared by the rules' claims and the decision's evidence: frozen, like the token claims beside it.
      request: Object.freeze({ person: personOf(input.person), requestId: requestIdOf(input.requestId) }),
      outcomes: {
        input: outcomeOf(INPUT, checkInput(raw)),
        maskinporten: skipped(VERIFY_MASKINPORTEN),
        consent: skipped(VERIFY_CONSENT),
        policy: skipped(POLICY),
      },
      ruleErrors: undefined,
      verified: undefined,
      step: undefined,
      claims: undefined,
    };
    return andThen(pipeline(start, steps), conclude);
  }

  const failure = (cause: unknown): Decision => {
    const violation: Violation = { code: 'rule_error', ruleId: 'engine', path: '' };
    return {
      verdict: verdictOf({
        outcomes: [{ ruleId: 'engine', status: 'error', mode: 'enforce', violations: [violation] }],
        now: recordedTime(undefined),
      }),
      claims: {
        maskinporten: undefined,
        consent: undefined,
        request: { person: undefined, requestId: undefined },
      },
      keys: { maskinporten: undefined, consent: undefined },
      ruleErrors: [ruleErrorReport('engine', cause)],
      clockTolerance,
    };
  };
  // The decision at once when every step answered at once; a promise of it, never rejected, otherwise.
  const judgeSafely = (input: RequestInput): MaybePromise<Decision> => {
    try {
      const decision = judge(input);
      return isThenable(decision) ? Promise.resolve(decision).then(undefined, failure) : decision;
    } catch (cause) {
      return failure(cause);
    }
  };
  // One promise per request, whatever the steps: settled at once when they all answered at once.
  const decide = (input: RequestInput): Promise<Decision> => Promise.resolve(judgeSafely(input));

  return {
    policy,
    judge: judgeSafely,
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
