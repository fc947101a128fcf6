import { isThenable } from './combinators/maybeAsync.js';
import { isValidRuleId, toViolation } from './combinators/outcomes.js';
import { verdictAssembler } from './engine/assembleVerdict.js';
import { checkInput, personOf, requestIdOf } from './engine/checkInput.js';
import { engineSettings } from './engine/engineSettings.js';
import type { Decision, Engine, EngineOptions, RequestInput, RuleErrorReport } from './engine/engineTypes.js';
import { evaluatePolicy } from './engine/evaluatePolicy.js';
import { type ConsentStep, consentResolver } from './engine/resolveConsent.js';
import { ruleErrorReport } from './engine/ruleErrorReport.js';
import { INPUT, POLICY, VERIFY_CONSENT, VERIFY_MASKINPORTEN, outcomeOf, skipped } from './engine/steps.js';
import { maskinportenVerifier } from './engine/verifyMaskinporten.js';
import type { Claims, RuleOutcome, Violation } from './types.js';

export type {
  Decision,
  Engine,
  EngineOptions,
  RefusalReason,
  RequestInput,
  RuleErrorReport,
  TokenSource,
} from './engine/engineTypes.js';

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
  // `+ 0` turns -0 into 0: JSON cannot carry -0, and a verdict must survive a JSON round trip.
  const timeOf = (now: unknown): number =>
    (typeof now === 'number' && Number.isFinite(now) ? now : clock()) + 0;
  // For verdicts that record a failure: a clock that throws or lies must not turn a deny into a rejection.
  const recordedTime = (now: unknown): number => {
    try {
      const t = timeOf(now);
      return Number.isFinite(t) ? t : systemTime();
    } catch {
      return systemTime();
    }
  };

  /** The request path: check the input, verify, resolve the consent, evaluate the policy, assemble the verdict. */
  async function judge(raw: RequestInput): Promise<Decision> {
    const ruleErrors: RuleErrorReport[] = [];
    const outcomes: RuleOutcome[] = [outcomeOf(INPUT, checkInput(raw))];
    const input: RequestInput =
      typeof raw === 'object' && raw !== null ? raw : { maskinportenToken: undefined };
    const now = timeOf(input.now);
    const person = personOf(input.person);
    const requestId = requestIdOf(input.requestId);
    const verified =
      outcomes[0]?.status === 'pass' ? await verifyMaskinporten(input.maskinportenToken, now) : undefined;
    outcomes.push(verified?.outcome ?? skipped(VERIFY_MASKINPORTEN));
    const mp = verified?.claims;
    let step: ConsentStep | undefined;
    if (mp === undefined) outcomes.push(skipped(VERIFY_CONSENT), skipped(POLICY));
    else {
      step = await consents.resolve({ consentToken: input.consentToken, person, now }, mp);
      outcomes.push(step.outcome);
      if (step.outcome.status === 'fail') outcomes.push(skipped(POLICY));
      else {
        const claims: Claims = { maskinporten: mp, consent: step.consent, request: { person, requestId } };
        const onRuleError = (ruleId: string, cause: unknown): void => {
          if (ruleErrors.length < 16) ruleErrors.push(ruleErrorReport(ruleId, cause));
        };
        const evaluated = evaluatePolicy(policy.rule, claims, { now, clockTolerance, onRuleError });
        outcomes.push(isThenable(evaluated) ? await evaluated : evaluated);
      }
    }
    const mpToken = verified?.token;
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
  const decide = async (input: RequestInput): Promise<Decision> => {
    try {
      return await judge(input);
    } catch (cause) {
      return failure(cause);
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
