import { createAppendLog, openLog } from './appendLog.js';
import { createBatchQueue } from './batchQueue.js';
import { fileSinkSettings } from './fileSinkSettings.js';
import type { FileSink, FileSinkOptions } from './fileSinkTypes.js';
import { findChainHead } from './findChainHead.js';
import { readLinesBackward } from './readLinesBackward.js';
import { createWriterLock } from './writerLock.js';

/** The most a resume reads, back through the file and its rotations. */
const RESUME_BYTES = 64 * 1024 * 1024;

/**
 * A decision log on disk, one JSON record per line, appended by one writer: records are batched while a
 * write is in flight, and each `write` resolves once its line is handed to the OS (and synced, with
 * `fsync: 'record'`). Rotates by size when asked, reopens after an external rotation, and tells a restarted
 * trail where its chain stood (even just after a rotation, from `path.1`). A second writer of the same file,
 * in this process or another, is a {@link ConfigError}.
 *
 * @example
 * ```ts
 * const sink = fileSink({ path: '/var/log/dsop-guard/decisions.jsonl', maxBytes: 100 * 1024 * 1024 });
 * process.on('SIGHUP', () => sink.reopen());
 * ```
 */
export function fileSink(options: FileSinkOptions): FileSink {
  const settings = fileSinkSettings(options);
  const { path, maxBytes, maxFiles } = settings;
  const { lock, opened } = createWriterLock(path, () => openLog(path));
  const log = createAppendLog(settings, opened);
  const queue = createBatchQueue(settings.maxPending, log.append);
  let closed = false;

  const timer =
    settings.mode === 'interval'
      ? setInterval(() => {
          if (!queue.flushing()) log.syncIfDirty();
        }, settings.intervalMs).unref()
      : undefined;
  const onSighup = (): void => log.reopenSoon();
  if (settings.reopenOnSighup) process.on('SIGHUP', onSighup);

  return {
    name: `file:${path}`,
    write: (line, record) => {
      if (closed) return Promise.reject(new Error('the file sink is closed'));
      const { kind, reason } = record as { kind?: unknown; reason?: unknown };
      return queue.push(line, maxBytes !== undefined && kind === 'checkpoint' && reason === 'rotate');
    },
    // The size of the file the next line lands in: after a `rotate` checkpoint queued, being written or written
    // (the rotation not yet made), that is a new file, holding only what was queued after it.
    rotationDue: (bytes) => {
      const size =
        queue.bytesAfterClose() ??
        (log.rotationWanted() ? queue.pendingBytes() : log.size() + queue.pendingBytes());
      return maxBytes !== undefined && size > 0 && size + bytes > maxBytes;
    },
    resume: async (chain) => {
      const paths = [path, ...Array.from({ length: maxFiles }, (_, i) => `${path}.${i + 1}`)];
      return findChainHead(readLinesBackward(paths, RESUME_BYTES), chain);
    },
    reopen: () => log.reopenSoon(),
    close: async () => {
      if (closed) return;
      closed = true;
      await queue.drained();
      if (timer !== undefined) clearInterval(timer);
      process.off('SIGHUP', onSighup);
      lock.detach();
      // The path is given free whatever fails here (a descriptor already closed by a failed reopen, a sync that
      // fails): the error is reported, the lock is never kept.
      try {
        await log.sync();
      } finally {
        try {
          log.close();
        } finally {
          lock.unlock();
        }
      }
    },
  };
}
