import type { RefusalReason } from '@dsop-guard/core';
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

const verdictOf = (recorded: Recorded) => recorded.verdict;

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
  // engine answers at once and there is no trail to write to.
  const recordedCheck: RecordingGuard['check'] = (input, context) => {
    const startedAt = performance.now();
    const judged = engine.judge(unquoteConsent(input));
    if (judged instanceof Promise)
      return judged.then((decision) => concludeDecision(parts, decision, startedAt, context));
    try {
      return Promise.resolve(concludeDecision(parts, judged, startedAt, context));
    } catch (cause) {
      return Promise.reject(cause);
    }
  };
  const check: Guard['check'] = (input, context) => {
    const startedAt = performance.now();
    const judged = engine.judge(unquoteConsent(input));
    const conclude = (decision: Parameters<typeof concludeDecision>[1]) => {
      const concluded = concludeDecision(parts, decision, startedAt, context);
      return concluded instanceof Promise ? concluded.then(verdictOf) : concluded.verdict;
    };
    if (judged instanceof Promise) return judged.then(conclude);
    try {
      return Promise.resolve(conclude(judged));
    } catch (cause) {
      return Promise.reject(cause);
    }
  };
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
