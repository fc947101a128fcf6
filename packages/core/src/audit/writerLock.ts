import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../configError.js';

// Private: one writer per decision log. In this process, a set of the paths that have a writer; across
// processes, a lock file beside the log that holds its writer's pid (a lock of a dead process is taken over).

/** A log's writer lock, held until `unlock` (the lock file also goes at this process's exit, until `detach`). */
export interface WriterLock {
  /** Leaves the lock file in place at this process's exit (the writer is closing and will `unlock`). */
  readonly detach: () => void;
  /** Gives the path free for another writer in this process and removes the lock file (quiet if gone). */
  readonly unlock: () => void;
}

const writers = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes `<path>.lock` with this process's pid, taking over the lock of a process that is gone. */
function lockFile(path: string): string {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return lockPath;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ConfigError('path', (e as Error).message);
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isSafeInteger(pid) && pid > 0 && alive(pid) && pid !== process.pid) {
        throw new ConfigError('path', `another process (pid ${pid}) writes ${path}: one writer per file`);
      }
      unlinkSync(lockPath);
    }
  }
  throw new ConfigError('path', `cannot lock ${path}`);
}

/**
 * Locks `path` for one writer, then runs `open` (the log's opening); when `open` throws, the lock is removed
 * and the failure is a {@link ConfigError} naming `path`. A second writer, in this process or another, is a
 * ConfigError.
 */
export function createWriterLock<T>(path: string, open: () => T): { lock: WriterLock; opened: T } {
  if (writers.has(path)) throw new ConfigError('path', `${path} already has a writer in this process`);
  const lockPath = lockFile(path);
  let opened: T;
  try {
    opened = open();
  } catch (e) {
    unlinkSync(lockPath);
    throw new ConfigError('path', (e as Error).message);
  }
  writers.add(path);
  const release = (): void => {
    try {
      unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return {
    lock: {
      detach: () => process.off('exit', release),
      unlock: () => {
        writers.delete(path);
        release();
      },
    },
    opened,
  };
}
