import {
  closeSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSink } from '@dsop-guard/core';
import { afterAll, describe, expect, it } from 'vitest';

// Found in session 8 while the audit trail was split by concern: the append log closed its descriptor again
// after a close. A reopen whose open failed (the path was a directory a moment, the disk full) left the old,
// already closed number in place, and the next reopen closed that number once more. By then the process had
// handed the number to the next file it opened (POSIX gives the lowest free one), so the decision log closed
// someone else's file. Rotation did the same twice in a row (close, rename, close again). Now the log forgets
// a descriptor as it closes it, and closes only one it still holds.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a failed reopen leaves no closed descriptor to close again', () => {
  it('the next reopen does not close the file the process opened in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsop-reopen-'));
    dirs.push(dir);
    const path = join(dir, 'decisions.jsonl');
    const sink = fileSink({ path, fsync: 'never', reopenOnSighup: false });
    await sink.write('{"n":1}\n', { kind: 'decision' });
    // logrotate moves the file away; for a moment a directory stands where the log goes.
    renameSync(path, `${path}.1`);
    mkdirSync(path);
    sink.reopen();
    await expect(sink.write('{"n":2}\n', { kind: 'decision' })).rejects.toThrow();
    // The process opens files of its own: the first gets the number the sink's closed descriptor had.
    const mine = Array.from({ length: 4 }, (_, i) => {
      const p = join(dir, `mine-${i}`);
      writeFileSync(p, 'mine');
      return { fd: openSync(p, 'r'), ino: statSync(p).ino };
    });
    rmSync(path, { recursive: true });
    await sink.write('{"n":3}\n', { kind: 'decision' });
    // Each number still names the file it was opened for (closed and reused by the log's reopen, it would name
    // the log, or nothing).
    const inode = (fd: number): number | undefined => {
      try {
        return fstatSync(fd).ino;
      } catch {
        return undefined; // closed
      }
    };
    for (const { fd, ino } of mine) expect(inode(fd)).toBe(ino);
    for (const { fd } of mine) closeSync(fd);
    await sink.close?.();
  });
});
