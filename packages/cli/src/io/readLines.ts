import { UsageError } from '../flags/usageError.js';
import type { LogInput } from './openLogs.js';

// Private: a decision log's lines, for `audit verify`, `report` and `replay`. Reads raw chunks, splits at '\n' (a
// '\r' before it stays: verification reads bytes exactly, so a line turned into CRLF shows as edited) and decodes each line once; '\n' never occurs inside a multi-byte
// UTF-8 sequence, so decoding line by line is exact. Linear in the file's size: a line that spans chunks is kept
// as the list of its pieces and joined once, when its newline comes (copying the unfinished line at every read
// made one 256 MiB line take minutes), and no line may be longer than `maxLineBytes`.

/** Read size. 1 MiB. */
const CHUNK = 1 << 20;

/** The longest line a reader accepts by default, in bytes (`--max-line-bytes`). 1 MiB; a record is about 4 KiB. */
export const MAX_LINE_BYTES = 1 << 20;

/** Options of {@link readLines}. */
export interface ReadLinesOptions {
  /** Told each read's size, for a progress bar. Default none. */
  readonly advance?: (bytes: number) => void;
  /** The longest line accepted, bytes without its '\n' (a '\r' before it counts). Default {@link MAX_LINE_BYTES}. */
  readonly maxLineBytes?: number;
  /** Read size, bytes. Default 1 MiB. */
  readonly chunk?: number;
  /** Told each read's bytes, in order (to hash the file as read). Default none. */
  readonly onBytes?: (bytes: Buffer) => void;
}

/** The text of a line's bytes, exactly: a '\r' at its end stays (a CRLF line is an edit the hash shows). */
function lineText(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function tooLong(file: string, line: number, max: number): UsageError {
  return new UsageError(
    `${file}:${line}: a line longer than ${max} bytes, not read (not a decision record; raise the limit with --max-line-bytes)`,
  );
}

/**
 * Calls `onLine` with each line of the file, in order, numbered from 1; `torn` marks a last line without a
 * newline. When `onLine` returns a promise, the next line waits for it. Rejects with a {@link UsageError}
 * naming `file:line` at a line longer than `maxLineBytes`.
 */
export async function readLines(
  input: Pick<LogInput, 'file' | 'handle'>,
  onLine: (text: string, line: number, torn: boolean) => void | Promise<void>,
  options: ReadLinesOptions = {},
): Promise<void> {
  const { advance, onBytes, maxLineBytes = MAX_LINE_BYTES, chunk = CHUNK } = options;
  let pieces: Buffer[] = [];
  let pending = 0;
  let line = 0;
  let position = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(chunk);
    const { bytesRead } = await input.handle.read(buffer, 0, chunk, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    advance?.(bytesRead);
    const filled = buffer.subarray(0, bytesRead);
    onBytes?.(filled);
    let start = 0;
    for (let nl = filled.indexOf(0x0a); nl !== -1; nl = filled.indexOf(0x0a, start)) {
      if (pending + nl - start > maxLineBytes) throw tooLong(input.file, line + 1, maxLineBytes);
      const piece = filled.subarray(start, nl);
      const bytes = pending === 0 ? piece : Buffer.concat([...pieces, piece]);
      pieces = [];
      pending = 0;
      line += 1;
      const answered = onLine(lineText(bytes), line, false);
      if (answered !== undefined) await answered;
      start = nl + 1;
    }
    if (start < bytesRead) {
      pieces.push(filled.subarray(start));
      pending += bytesRead - start;
      if (pending > maxLineBytes) throw tooLong(input.file, line + 1, maxLineBytes);
    }
  }
  if (pending > 0) {
    const answered = onLine(lineText(Buffer.concat(pieces)), line + 1, true);
    if (answered !== undefined) await answered;
  }
}
