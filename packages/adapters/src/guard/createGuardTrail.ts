import { callbackSink, createAuditTrail } from '@dsop-guard/core';
import type { GuardParts } from './guardParts.js';
import type { GuardOptions } from './guardTypes.js';
import type { Listener } from './listenerOf.js';

// Private to the package.

/** The trail verdicts are recorded in: `audit`, or one of the guard's own for `onDecision`, or none. */
export function createGuardTrail(
  options: GuardOptions,
  onEvent: Listener,
): Pick<GuardParts, 'trail' | 'afterRecord'> {
  const onDecision = options.onDecision;
  const trail =
    options.audit ??
    (onDecision === undefined
      ? undefined
      : createAuditTrail({
          sinks: [
            callbackSink((r) => (r.kind === 'decision' ? onDecision(r) : undefined), { name: 'onDecision' }),
          ],
          onEvent,
        }));
  const afterRecord = options.audit !== undefined ? onDecision : undefined;
  return { trail, afterRecord };
}
