import type { Decision, RefusalReason, Verdict } from '@dsop-guard/core';
import { createTelemetry } from '../telemetry/createTelemetry.js';
import { checkGuardOptions } from './checkGuardOptions.js';
import { concludeDecision } from './concludeDecision.js';
import { createGuardEngine } from './createGuardEngine.js';
import { createGuardTrail } from './createGuardTrail.js';
import { createKeySets } from './createKeySets.js';
import type { GuardParts, Recorded } from './guardParts.js';
import {
  type CheckContext,
  GUARD_OPTIONS,
  type Guard,
  type GuardInput,
  type GuardOptions,
} from './guardTypes.js';
import { listenerOf } from './listenerOf.js';
import { probeReadiness } from './probeReadiness.js';
import { refusalOf } from './refusalOf.js';
import { unquoteConsent } from './unquoteConsent.js';

// Private to the package: the guard, and the same checks answering with the id of the record they wrote, for the
// HTTP seam (`HttpResult.decisionId`).

/** A guard, and its checks with the record each one wrote. */
export interface RecordingGuard {
  readonly guard: Guard;
  /** `guard.check`, resolving to the verdict and its record's id. Never rejects. */
  readonly check: (input: GuardInput, context?: CheckContext) => Promise<Recorded>;
  /** `guard.deny`, resolving to the verdict and its record's id. */
  readonly deny: (
    violation: RefusalReason,
    input?: Pick<GuardInput, 'requestId' | 'now'>,
    context?: CheckContext,
  ) => Promise<Recorded>;
}

const verdictOf = (r: Recorded): Verdict => r.verdict;
const recorded = (r: Recorded): Recorded => r;

/** {@link createGuard}'s work: options checked, key sets, engine, trail and telemetry made once. */
export function createRecordingGuard(options: GuardOptions): RecordingGuard {
  const { preset, policy, transport, keys } = checkGuardOptions(options, GUARD_OPTIONS);
  const telemetry = createTelemetry(options.telemetry);
  const emit = listenerOf(options.onEvent, options.logger, telemetry);
  const { maskinporten, consent } = createKeySets(preset, keys, emit);
  const engine = createGuardEngine(options, policy, maskinporten, consent);
  const { trail, afterRecord } = createGuardTrail(options, emit);
  const parts: GuardParts = {
    options,
    policy,
    maskinporten,
    consent,
    engine,
    trail,
    afterRecord,
    telemetry,
    emit,
  };

  // engine.judge never throws and never rejects; unquoteConsent never throws. One promise per check while the
  // engine answers at once and there is no trail to write to; `finish` picks what the check resolves to.
  const judge = <T>(
    input: GuardInput,
    context: CheckContext | undefined,
    finish: (r: Recorded) => T,
  ): Promise<T> => {
    const startedAt = performance.now();
    const conclude = (decision: Decision): T | Promise<T> => {
      const concluded = concludeDecision(parts, decision, startedAt, context);
      return concluded instanceof Promise ? concluded.then(finish) : finish(concluded);
    };
    const judged = engine.judge(unquoteConsent(input));
    if (judged instanceof Promise) return judged.then(conclude);
    try {
      return Promise.resolve(conclude(judged));
    } catch (cause) {
      return Promise.reject(cause);
    }
  };
  const check: Guard['check'] = (input, context) => judge(input, context, verdictOf);
  const recordedCheck: RecordingGuard['check'] = (input, context) => judge(input, context, recorded);
  const recordedDeny: RecordingGuard['deny'] = async (violation, input, context) => {
    const startedAt = performance.now();
    const verdict = engine.refuse(violation, input);
    return concludeDecision(parts, refusalOf(verdict, options.clockTolerance ?? 10), startedAt, context);
  };
  const deny: Guard['deny'] = async (violation, input, context) =>
    (await recordedDeny(violation, input, context)).verdict;
  const readiness: Guard['readiness'] = () =>
    probeReadiness(maskinporten, consent, options.consentStore?.store);

  return { guard: { check, deny, policy, transport, readiness }, check: recordedCheck, deny: recordedDeny };
}
