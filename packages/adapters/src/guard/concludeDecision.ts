import type { Decision, TamperReason } from '@dsop-guard/core';
import { adapterOf } from './adapterOf.js';
import type { GuardParts, Recorded } from './guardParts.js';
import type { CheckContext } from './guardTypes.js';
import { type Listener, listenerOf } from './listenerOf.js';
import { isEventLogger } from './logEvent.js';
import { recordDecision } from './recordDecision.js';

// Private to the package.

/** The guard's listener, or one that logs through the check's own logger when it brings one. */
function emitFor(parts: GuardParts, context: CheckContext | undefined): Listener {
  return isEventLogger(context?.logger)
    ? listenerOf(parts.options.onEvent, context.logger, parts.telemetry)
    : parts.emit;
}

/** The reasons a `consent_store_tampered` violation's `actual` names, as its operator event gives them. */
const TAMPER_REASONS: readonly TamperReason[] = ['malformed', 'seal', 'oversized', 'expired'];

/** Operator events a verdict implies: faults an operator must see even when the answer is a plain deny. */
function signalDecision(parts: GuardParts, decision: Decision, emit: Listener): void {
  const { verdict } = decision;
  if (decision.ruleErrors.length === 0 && verdict.violations.length === 0) return; // an allow, as a rule
  for (const e of decision.ruleErrors) {
    emit({ type: 'rule.error', level: 'error', ...e, policy: parts.policy.id, requestId: verdict.requestId });
  }
  for (const v of verdict.violations) {
    if (v.code === 'keys_unavailable') {
      const issuer = v.path.startsWith('consent')
        ? (parts.consent?.issuer ?? null)
        : parts.maskinporten.issuer;
      emit({ type: 'keys.unavailable', level: 'error', issuer, requestId: verdict.requestId });
    } else if (v.code === 'consent_store_unavailable') {
      emit({ type: 'consent_store.unavailable', level: 'error', requestId: verdict.requestId });
    } else if (v.code === 'consent_store_tampered') {
      const reason = TAMPER_REASONS.find((r) => r === v.actual) ?? 'malformed';
      emit({ type: 'consent_store.tampered', level: 'error', reason, requestId: verdict.requestId });
    }
  }
}

/**
 * Every verdict the guard gives passes here: the operator events it implies, its audit record (which may turn
 * it into a deny), then telemetry of the final verdict; with the record's id. At once when there is no audit trail to write to.
 */
export function concludeDecision(
  parts: GuardParts,
  decision: Decision,
  startedAt: number,
  context: CheckContext | undefined,
): Recorded | Promise<Recorded> {
  signalDecision(parts, decision, emitFor(parts, context));
  const measured = (recorded: Recorded): Recorded => {
    parts.telemetry?.checked(recorded.verdict, adapterOf(context), startedAt);
    return recorded;
  };
  return parts.trail === undefined
    ? measured({ verdict: decision.verdict, recordId: undefined })
    : recordDecision(parts, decision, startedAt, context).then(measured);
}
