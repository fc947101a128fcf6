// @ts-nocheck
import { ConfigError } from '../configError.js';
import type { AuditSink } from './sinkTypes.js';

/** The part of a pino (or pino-compatible) logger the sink uses. */
export interface RecordLogger {
  readonly info: (object: object, message?: string) => void;
}

/** Options of {@link pinoSink}. */
export interface PinoSinkOptions {
  /** The log message. Default `dsop-guard decision`. */
  readonly message?: string;
  /**
   * The member the record is logged under. Default `decision`: pino writes its own `time`, `level`, `pid` and
   * `hostname` at the top level, and a record merged there would repeat `time`.
   */
  readonly key?: string;
}

/**
 * Logs each record through a pino logger (pino is not a dependency: any logger with `info(object, message)`
 * works). The line is handed to pino synchronously; how pino then writes it is pino's configuration.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const sink = pinoSink(pino());
 * ```
 */
export function pinoSink(logger: RecordLogger, options: PinoSinkOptions = {}): AuditSink {
  if (typeof logger?.info !== 'function') throw new ConfigError('logger', 'must be a pino logger');
  const { message = 'dsop-guard decision', key = 'decision' } = options;
  if (typeof key !== 'string' || key === '') throw new ConfigError('key', 'must be a non-empty string');
  return {
    name: 'pino',
    write: (_line, record) => {
      logger.info({ [key]: record }, message);
    },
  };
}
