import { closeSync, fstatSync, fsync, fsyncSync, openSync, readSync, renameSync, write } from 'node:fs';
import type { FsyncMode } from './fileSinkSettings.js';

// Private: a file sink's log file: one descriptor appended to, rotated by size (`path` → `path.1` → …), reopened
// after an external rotation or a failed write, synced as its mode says.

/** What the log needs to know. */
export interface AppendLogSettings {
  readonly path: string;
  readonly mode: FsyncMode;
  readonly maxBytes: number | undefined;
  readonly maxFiles: number;
}

/** A log file open for appending. */
export interface AppendLog {
  /**
   * Reopens or rotates as due, then appends `text` (lines, each ending in a newline), beginning on a new line
   * after a torn one; resolves once it is handed to the OS (and synced, in mode `record`). `closesFile`: `text`
   * ends in a `rotate` checkpoint, so it is not rotated away from by size, and the file rotates right after it.
   * A failure makes the next append reopen the file first (it may be gone or full, or a line cut short).
   */
  readonly append: (text: string, closesFile: boolean) => Promise<void>;
  /** The file's size, bytes, as this writer knows it. */
  readonly size: () => number;
  /** Reopen `path` before the next append. */
  readonly reopenSoon: () => void;
  /** Whether the last append ended in a `rotate` checkpoint, so the next one rotates first. */
  readonly rotationWanted: () => boolean;
  /** For mode `interval`: start an fsync, without waiting, when something was written since the last one. */
  readonly syncIfDirty: () => void;
  /** Syncs now, unless mode `never`. */
  readonly sync: () => Promise<void>;
  /** Closes the descriptor; throws if it is closed already (after a failed reopen). */
  readonly close: () => void;
}

interface OpenLog {
  readonly fd: number;
  readonly size: number;
  /** Whether it ends in a torn line (no newline). */
  readonly torn: boolean;
}

/** Opens the log for appending (and reading its last byte): its size, and whether it ends in a torn line. */
export function openLog(path: string): OpenLog {
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

function writeAll(fd: number, buffer: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      write(fd, buffer, offset, buffer.length - offset, null, (e, n) => {
        if (e) reject(e);
        else if (offset + n < buffer.length) step(offset + n);
        else resolve();
      });
    };
    step(0);
  });
}

const syncFd = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));

/** Renames `path.(maxFiles - 1)` … `path.1` one up (`path.maxFiles` is overwritten: the oldest goes), then `path` to `path.1`. */
function shiftRotations(path: string, maxFiles: number): void {
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
}

/** The log at `settings.path`, already opened by {@link openLog} (so that the writer lock can undo a failed open). */
export function createAppendLog(settings: AppendLogSettings, opened: OpenLog): AppendLog {
  const { path, mode, maxBytes, maxFiles } = settings;
  let { fd, size, torn: needsNewline } = opened;
  let reopenWanted = false;
  /** The last append ended in a `rotate` checkpoint: rotate before the next. */
  let rotateWanted = false;
  /** Written since the last interval sync. */
  let dirty = false;

  /**
   * Closes the descriptor once and forgets it (-1): a closed number is the next one the process hands out, so
   * closing it again, after a failed reopen or in a rotation, would close another file.
   */
  function closeFile(): void {
    if (fd < 0) return;
    const closing = fd;
    fd = -1;
    closeQuietly(closing);
  }

  /** Closes the descriptor (if one is held) and opens `path` afresh; a failed open leaves none held. */
  function reopen(): void {
    closeFile();
    ({ fd, size, torn: needsNewline } = openLog(path));
  }

  function rotate(): void {
    if (mode !== 'never') fsyncSync(fd);
    closeFile();
    shiftRotations(path, maxFiles);
    reopen();
  }

  async function appendNow(text: string, closesFile: boolean): Promise<void> {
    if (reopenWanted) {
      reopenWanted = false;
      reopen();
    }
    const full = maxBytes !== undefined && !closesFile && size + Buffer.byteLength(text) > maxBytes;
    if (size > 0 && (rotateWanted || full)) rotate();
    rotateWanted = false;
    const buffer = Buffer.from(needsNewline ? `\n${text}` : text, 'utf8');
    await writeAll(fd, buffer);
    needsNewline = false;
    size += buffer.length;
    if (mode === 'record') await syncFd(fd);
    else dirty = true;
    rotateWanted = closesFile;
  }

  return {
    append: async (text, closesFile) => {
      try {
        await appendNow(text, closesFile);
      } catch (e) {
        reopenWanted = true;
        throw e;
      }
    },
    size: () => size,
    reopenSoon: () => {
      reopenWanted = true;
    },
    rotationWanted: () => rotateWanted,
    syncIfDirty: () => {
      if (!dirty || fd < 0) return; // none held after a failed reopen: node would throw, in a timer
      dirty = false;
      fsync(fd, () => undefined);
    },
    sync: async () => {
      if (mode !== 'never') await syncFd(fd);
    },
    close: () => {
      const closing = fd;
      fd = -1;
      closeSync(closing); // throws when none is held (-1, after a failed reopen)
    },
  };
}
