// @ts-nocheck
import {
  closeSync,
  fstatSync,
  fsync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  unlinkSync,
  write,
  writeFileSync,
} from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import type { AuditSink, ChainHead } from './sinkTypes.js';

/** Options of {@link fileSink}. */
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

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

const TAIL_BYTES = 256 * 1024;
/** The most a resume reads, back through the file and its rotations. */
const RESUME_BYTES = 64 * 1024 * 1024;
const writers = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One writer per file: a lock file beside it holds the writer's pid; a lock of a dead process is taken over. */
function lock(path: string): string {
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

/** A file's lines from its end backwards (a torn last line too), read in chunks, until `budget` bytes are read. */
function* linesBackward(path: string, budget: { bytes: number }): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    let position = fstatSync(fd).size;
    // The start of a line whose beginning lies in the chunk before (without its newline).
    let carry = Buffer.alloc(0);
    while (position > 0 && budget.bytes > 0) {
      const length = Math.min(position, TAIL_BYTES);
      position -= length;
      budget.bytes -= length;
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, position);
      const text = Buffer.concat([chunk, carry]);
      const cut = position > 0 ? text.indexOf(0x0a) : -1;
      if (position > 0 && cut === -1) {
        carry = text;
        continue;
      }
      const lines = text
        .subarray(cut + 1)
        .toString('utf8')
        .split('\n');
      for (let i = lines.length - 1; i >= 0; i -= 1) yield lines[i] as string;
      carry = text.subarray(0, Math.max(cut, 0));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of `chain`, oldest first, from its last checkpoint (or the first record of its epoch) to its last
 * line, in `path` and then its rotations; foreign and torn lines are passed over. At most 64 MiB are read.
 */
function chainTail(paths: readonly string[], chain: string): ChainHead | undefined {
  const found: string[] = [];
  const budget = { bytes: RESUME_BYTES };
  for (const path of paths) {
    for (const line of linesBackward(path, budget)) {
      let r: { kind?: unknown; chain?: { id?: unknown; seq?: unknown; prev?: unknown } } | null;
      try {
        r = JSON.parse(line);
      } catch {
        continue; // a torn or foreign line: look further back
      }
      if (r?.chain?.id !== chain) continue;
      found.push(line);
      if (r.kind === 'checkpoint' || (r.chain.seq === 1 && r.chain.prev === null))
        return { lines: found.reverse() };
    }
  }
  return found.length === 0 ? undefined : { lines: found.reverse() };
}

/** Opens the log for appending (and reading its last byte): its size, and whether it ends in a torn line. */
function openLog(path: string): { fd: number; size: number; torn: boolean } {
  const fd = openSync(path, 'a+', 0o600);
  const size = fstatSync(fd).size;
  const last = Buffer.alloc(1);
  const torn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
  return { fd, size, torn };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed, e.g. after a failed reopen
  }
}

function positiveInt(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(field, 'must be a positive integer');
  return value;
}

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
  if (typeof options === 'object' && options !== null) {
    checkOptionKeys(
      options,
      ['path', 'fsync', 'fsyncIntervalMs', 'maxBytes', 'maxFiles', 'reopenOnSighup', 'maxPendingBytes'],
      'fileSink',
    );
  }
  if (typeof options?.path !== 'string' || options.path === '')
    throw new ConfigError('path', 'must be a file path');
  const path = resolvePath(options.path);
  const mode = options.fsync ?? 'interval';
  if (!['record', 'interval', 'never'].includes(mode))
    throw new ConfigError('fsync', "must be 'record', 'interval' or 'never'");
  const intervalMs = positiveInt('fsyncIntervalMs', options.fsyncIntervalMs, 1000);
  const maxBytes = options.maxBytes === undefined ? undefined : positiveInt('maxBytes', options.maxBytes, 1);
  const maxFiles = positiveInt('maxFiles', options.maxFiles, 10);
  const maxPending = positiveInt('maxPendingBytes', options.maxPendingBytes, 8 * 1024 * 1024);
  if (writers.has(path)) throw new ConfigError('path', `${path} already has a writer in this process`);
  const lockPath = lock(path);
  let opened: ReturnType<typeof openLog>;
  try {
    opened = openLog(path);
  } catch (e) {
    unlinkSync(lockPath);
    throw new ConfigError('path', (e as Error).message);
  }
  let { fd, size, torn: needsNewline } = opened;
  writers.add(path);
  const releaseLock = (): void => {
    try {
      unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once('exit', releaseLock);

  let queue: string[] = [];
  /** Per queued line: whether it is a trail's `rotate` checkpoint, the last line of its file. */
  let closesFile: boolean[] = [];
  let rotateWanted = false;
  let waiters: Waiter[] = [];
  let pendingBytes = 0;
  let flushing = false;
  let closed = false;
  let reopenWanted = false;
  let dirty = false;
  let drained: (() => void) | undefined;

  const syncNow = (): Promise<void> =>
    new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
  const timer =
    mode === 'interval'
      ? setInterval(() => {
          if (dirty && !flushing) {
            dirty = false;
            fsync(fd, () => undefined);
          }
        }, intervalMs).unref()
      : undefined;
  const onSighup = (): void => {
    reopenWanted = true;
  };
  if (options.reopenOnSighup === true) process.on('SIGHUP', onSighup);

  /** Closes the descriptor (it may be closed already, after a failed reopen) and opens `path` afresh. */
  function reopenFile(): void {
    closeQuietly(fd);
    ({ fd, size, torn: needsNewline } = openLog(path));
  }

  function rotate(): void {
    if (mode !== 'never') fsyncSync(fd);
    closeQuietly(fd);
    for (let i = maxFiles - 1; i >= 1; i -= 1) {
      try {
        renameSync(`${path}.${i}`, `${path}.${i + 1}`);
      } catch {
        // no such file yet
      }
    }
    try {
      renameSync(path, `${path}.1`);
    } catch {
      // moved away already: a fresh file is what rotation wants anyway
    }
    reopenFile();
  }

  const writeAll = (buffer: Buffer): Promise<void> =>
    new Promise((resolve, reject) => {
      const step = (offset: number): void => {
        write(fd, buffer, offset, buffer.length - offset, null, (e, n) => {
          if (e) reject(e);
          else if (offset + n < buffer.length) step(offset + n);
          else resolve();
        });
      };
      step(0);
    });

  /** Reopens or rotates as due, then writes one batch, beginning on a new line after a torn one. */
  async function writeBatch(text: string, last: boolean): Promise<void> {
    if (reopenWanted) {
      reopenWanted = false;
      reopenFile();
    }
    const full = maxBytes !== undefined && !last && size + Buffer.byteLength(text) > maxBytes;
    if (size > 0 && (rotateWanted || full)) rotate();
    rotateWanted = false;
    const buffer = Buffer.from(needsNewline ? `\n${text}` : text, 'utf8');
    await writeAll(buffer);
    needsNewline = false;
    size += buffer.length;
    if (mode === 'record') await syncNow();
    else dirty = true;
  }

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length > 0) {
      // A batch ends at a `rotate` checkpoint: it is the last line of its file, the rotation follows it.
      const end = closesFile.indexOf(true) + 1 || queue.length;
      const lines = queue.slice(0, end);
      const batch = waiters.slice(0, end);
      const last = closesFile[end - 1] === true;
      queue = queue.slice(end);
      waiters = waiters.slice(end);
      closesFile = closesFile.slice(end);
      const text = `${lines.join('\n')}\n`;
      try {
        await writeBatch(text, last);
        rotateWanted = last;
        for (const w of batch) w.resolve();
      } catch (e) {
        // The file may be gone or full, or a line cut short: a fresh descriptor next time, which checks its end.
        reopenWanted = true;
        for (const w of batch) w.reject(e as Error);
      } finally {
        pendingBytes -= Buffer.byteLength(text);
      }
    }
    flushing = false;
    drained?.();
  }

  return {
    name: `file:${path}`,
    write: (line, record) =>
      new Promise<void>((resolve, reject) => {
        if (closed) return reject(new Error('the file sink is closed'));
        const bytes = Buffer.byteLength(line) + 1;
        if (pendingBytes + bytes > maxPending)
          return reject(new Error(`falling behind: ${pendingBytes} bytes wait for the disk`));
        pendingBytes += bytes;
        queue.push(line);
        const { kind, reason } = record as { kind?: unknown; reason?: unknown };
        closesFile.push(maxBytes !== undefined && kind === 'checkpoint' && reason === 'rotate');
        waiters.push({ resolve, reject });
        if (!flushing) void flush();
      }),
    rotationDue: (bytes) =>
      maxBytes !== undefined && size + pendingBytes > 0 && size + pendingBytes + bytes > maxBytes,
    resume: async (chain) =>
      chainTail([path, ...Array.from({ length: maxFiles }, (_, i) => `${path}.${i + 1}`)], chain),
    reopen: () => {
      reopenWanted = true;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (flushing) {
        await new Promise<void>((resolve) => {
          drained = resolve;
        });
      }
      if (timer !== undefined) clearInterval(timer);
      process.off('SIGHUP', onSighup);
      process.off('exit', releaseLock);
      try {
        if (mode !== 'never') await syncNow();
      } finally {
        closeSync(fd);
        writers.delete(path);
        releaseLock();
      }
    },
  };
}
