import { ConfigError } from '../configError.js';
import type { DecisionRecord } from './recordTypes.js';
import type { AuditSink } from './sinkTypes.js';

/**
 * Hands each decision record to a function (a queue producer, a database insert, a test). The function may be
 * async; a throw or rejection is a failed write. Checkpoint records are not passed on.
 *
 * @example
 * ```ts
 * const sink = callbackSink(async (record) => queue.send(JSON.stringify(record)));
 * ```
 */
export function callbackSink(
  onRecord: (record: DecisionRecord) => void | Promise<void>,
  options: { readonly name?: string } = {},
): AuditSink {
  if (typeof onRecord !== 'function') throw new ConfigError('onRecord', 'must be a function');
  return {
    name: options.name ?? 'callback',
    write: (_line, record) => {
      if ((record as { kind?: unknown }).kind !== 'decision') return undefined;
      return onRecord(record as DecisionRecord);
    },
  };
}
