import type { GuardEvent } from '@dsop-guard/core';

/**
 * The part of a pino (or pino-compatible) logger the guard logs operator events through: `info`, `warn` and
 * `error`, each taking `(object, message)`. Fastify's `request.log` and `fastify.log` are such loggers.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const logger: EventLogger = pino();
 * const guard = createGuard({ preset: preset('lanekassen-saldo', 'test'), logger });
 * ```
 */
export interface EventLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Logs one event at its level, as `logger[level]({ event }, 'dsop-guard <type>')`. A logger that throws is
 * ignored: an observer's failure is not the request's. Private to the package.
 */
export function logEvent(logger: EventLogger, event: GuardEvent): void {
  try {
    logger[event.level]({ event }, `dsop-guard ${event.type}`);
  } catch {
    // A broken logger never changes a verdict.
  }
}

/** Whether `value` has the three methods of an {@link EventLogger}. */
export function isEventLogger(value: unknown): value is EventLogger {
  const logger = value as Partial<EventLogger> | null | undefined;
  return (
    typeof logger?.info === 'function' &&
    typeof logger.warn === 'function' &&
    typeof logger.error === 'function'
  );
}
