import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

// Private: how a file sink reads its log back when a restarted trail asks where its chain stood.

const TAIL_BYTES = 256 * 1024;

/** A file's lines from its end backwards (a torn last line too), read in chunks, until `budget` bytes are read. */
function* fileLinesBackward(path: string, budget: { bytes: number }): Generator<string> {
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
 * The lines of `paths`, newest first: each file from its end backwards, then the next (a log, then its
 * rotations); a missing file is passed over. Lazy: a file is opened only when the lines before are used up, and
 * closed when the reader stops. At most `maxBytes` are read, across all files.
 */
export function* readLinesBackward(paths: readonly string[], maxBytes: number): Generator<string> {
  const budget = { bytes: maxBytes };
  for (const path of paths) yield* fileLinesBackward(path, budget);
}
