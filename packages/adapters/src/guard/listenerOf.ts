import type { GuardEvent } from '@dsop-guard/core';
import type { Telemetry } from '../telemetry/createTelemetry.js';
import { type EventLogger, logEvent } from './logEvent.js';

// Private to the package.

/** Where the guard tells an operator event. */
export type Listener = (event: GuardEvent) => void;

/** The one listener the guard tells an event to: `onEvent`, the logger and telemetry, none disturbing another. */
export function listenerOf(
  onEvent: Listener | undefined,
  logger: EventLogger | undefined,
  telemetry: Telemetry | undefined,
): Listener {
  return (event) => {
    try {
      onEvent?.(event);
    } catch {
      // An observer's failure is not the request's.
    }
    if (logger !== undefined) logEvent(logger, event);
    telemetry?.observe(event);
  };
}
