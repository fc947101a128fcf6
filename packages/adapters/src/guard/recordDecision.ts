import type { AuditTrail, Decision } from '@dsop-guard/core';
import { personFacts } from '@dsop-guard/rules';
import { adapterOf } from './adapterOf.js';
import type { GuardParts, Recorded } from './guardParts.js';
import type { CheckContext } from './guardTypes.js';

// Private to the package.

/**
 * Writes the decision's audit record in the guard's trail, which may turn its verdict into a deny (under the
 * trail's `onFailure: 'deny'`), then tells `onDecision` when it only observes. Resolves to the final verdict
 * and its record's id.
 */
export async function recordDecision(
  parts: GuardParts,
  decision: Decision,
  startedAt: number,
  context: CheckContext | undefined,
): Promise<Recorded> {
  let result: Awaited<ReturnType<AuditTrail['record']>>;
  try {
    result = await (parts.trail as AuditTrail).record(decision, {
      transport: {
        adapter: adapterOf(context),
        route: typeof context?.route === 'string' ? context.route : null,
        method: typeof context?.method === 'string' ? context.method : null,
      },
      latencyMs: performance.now() - startedAt,
      timeMs: Date.now(),
      personFacts,
    });
  } catch {
    // A trail of one's own that throws, or a context whose getters throw: no record, so no allow.
    const { requestId, evaluatedAt } = decision.verdict;
    const verdict = parts.engine.refuse(
      { code: 'audit_unavailable', ruleId: 'audit', path: '' },
      { now: evaluatedAt, ...(requestId === null ? {} : { requestId }) },
    );
    return { verdict, recordId: undefined };
  }
  const { afterRecord } = parts;
  if (afterRecord !== undefined && result.record !== undefined) {
    try {
      await afterRecord(result.record);
    } catch {
      // With an audit trail, the hook only observes.
    }
  }
  return { verdict: result.verdict, recordId: result.record?.id };
}
