import { resolve as resolvePath } from 'node:path';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import type { FileSinkOptions } from './fileSinkTypes.js';

// Private: fileSink's options, checked once (a bad option throws ConfigError when the sink is built) and completed
// with their defaults.

/** When a file sink syncs: after each record, every `fsyncIntervalMs`, or never (left to the OS). */
export type FsyncMode = 'record' | 'interval' | 'never';

/** A file sink's options, checked and completed with their defaults. */
export interface FileSinkSettings {
  /** The log's absolute path. */
  readonly path: string;
  readonly mode: FsyncMode;
  readonly intervalMs: number;
  /** Rotate past this size; `undefined`: never rotate. */
  readonly maxBytes: number | undefined;
  readonly maxFiles: number;
  readonly maxPending: number;
  readonly reopenOnSighup: boolean;
}

const FILE_SINK_OPTIONS = [
  'path',
  'fsync',
  'fsyncIntervalMs',
  'maxBytes',
  'maxFiles',
  'reopenOnSighup',
  'maxPendingBytes',
];

function positiveInt(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(field, 'must be a positive integer');
  return value;
}

export function fileSinkSettings(options: FileSinkOptions): FileSinkSettings {
  if (typeof options === 'object' && options !== null)
    checkOptionKeys(options, FILE_SINK_OPTIONS, 'fileSink');
  if (typeof options?.path !== 'string' || options.path === '')
    throw new ConfigError('path', 'must be a file path');
  const mode = options.fsync ?? 'interval';
  if (!['record', 'interval', 'never'].includes(mode))
    throw new ConfigError('fsync', "must be 'record', 'interval' or 'never'");
  return {
    path: resolvePath(options.path),
    mode,
    intervalMs: positiveInt('fsyncIntervalMs', options.fsyncIntervalMs, 1000),
    maxBytes: options.maxBytes === undefined ? undefined : positiveInt('maxBytes', options.maxBytes, 1),
    maxFiles: positiveInt('maxFiles', options.maxFiles, 10),
    maxPending: positiveInt('maxPendingBytes', options.maxPendingBytes, 8 * 1024 * 1024),
    reopenOnSighup: options.reopenOnSighup === true,
  };
}
