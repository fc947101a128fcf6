// @ts-nocheck
import { ConfigError } from '../configError.js';
import type { AuditRecord } from './recordTypes.js';
import type { AuditSink } from './sinkTypes.js';

/**
 * Hands each record to a function (a queue producer, a database insert, a test): decisions and the chain's
 * signed checkpoints, so that a second sink carries the chain heads off the host (a witness for
 * `dsop-guard audit verify --witness`). The function may be async; a throw or rejection is a failed write.
 *
 * @example
 * ```ts
 * const sink = callbackSink(async (record) => {
 *   if (record.kind === 'decision') await queue.send(JSON.stringify(record));
 * });
 * ```
 */
export function callbackSink(
  onRecord: (record: AuditRecord) => void | Promise<void>,
  options: { readonly name?: string } = {},
): AuditSink {
  if (typeof onRecord !== 'function') throw new ConfigError('onRecord', 'must be a function');
  return {
    name: options.name ?? 'callback',
    write: (_line, record) => onRecord(record as AuditRecord),
  };
}
