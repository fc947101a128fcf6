import type { AuditSink } from './sinkTypes.js';

/** Options of `fileSink`. */
export interface FileSinkOptions {
  /** The decision log, JSON lines, appended to. Its folder must exist. Required. */
  readonly path: string;
  /**
   * When records are synced to disk. Every record is handed to the OS before `write` resolves (so before the
   * response is sent) in every mode; then `record` fsyncs before resolving, `interval` (default) fsyncs every
   * `fsyncIntervalMs`, `never` leaves it to the OS.
   */
  readonly fsync?: 'record' | 'interval' | 'never';
  /** For `fsync: 'interval'`, ms. Default 1000. */
  readonly fsyncIntervalMs?: number;
  /** Rotate when the file would grow past this many bytes: `path` → `path.1` → … → `path.<maxFiles>`. Default none. */
  readonly maxBytes?: number;
  /** Rotated files kept. Default 10. */
  readonly maxFiles?: number;
  /** Reopen `path` on SIGHUP, after an external logrotate moved it. Default `false`: call `reopen()` yourself. */
  readonly reopenOnSighup?: boolean;
  /** Bytes waiting for the disk past which `write` rejects at once (the sink is falling behind). Default 8 MiB. */
  readonly maxPendingBytes?: number;
}

/** A file sink, with the controls a log file needs. */
export interface FileSink extends AuditSink {
  /** Closes and reopens `path` before the next write (after an external rotation). */
  readonly reopen: () => void;
}
