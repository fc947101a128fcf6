// @ts-nocheck
import type { Writable } from 'node:stream';
import { ConfigError } from '../configError.js';
import type { AuditSink } from './sinkTypes.js';

/**
 * Writes each record as a JSON line to any writable stream (a socket, `process.stdout`, a transform). `write`
 * resolves when the stream has flushed the line, so a slow stream holds requests back instead of buffering
 * without bound, and rejects when the stream errors or has ended.
 *
 * @example
 * ```ts
 * const sink = streamSink(process.stdout);
 * ```
 */
export function streamSink(stream: Writable, options: { readonly name?: string } = {}): AuditSink {
  if (typeof stream?.write !== 'function') throw new ConfigError('stream', 'must be a writable stream');
  return {
    name: options.name ?? 'stream',
    write: (line) =>
      new Promise<void>((resolve, reject) => {
        if (stream.destroyed || stream.writableEnded) return reject(new Error('the stream has ended'));
        stream.write(`${line}\n`, (e) => (e ? reject(e) : resolve()));
      }),
  };
}
