import type { FileHandle } from 'node:fs/promises';

// Private: a decision log's lines, for `report` and `audit verify`. Reads raw chunks, splits at '\n' (a '\r'
// before it stays: verification reads bytes exactly, so a line turned into CRLF shows as edited) and decodes
// each line once; '\n' never occurs inside a multi-byte
// UTF-8 sequence, so decoding line by line is exact. Faster than node:readline, which decodes every chunk and
// then splits the text with a regular expression.

/** Whole lines, each ending in '\n'; or, when `torn`, the file's last line, which has no newline after it. */
export interface LineBatch {
  readonly bytes: Buffer;
  readonly torn: boolean;
}

/** Read size; a batch holds about this many bytes, cut after its last newline. Default 1 MiB. */
const CHUNK = 1 << 20;

/**
 * A file's bytes in batches of whole lines, in file order. Each batch has a buffer of its own (never reused,
 * so it may be transferred to a worker). `advance` is told each read's size, for a progress bar.
 */
export async function* readBatches(
  handle: FileHandle,
  advance: (bytes: number) => void = () => undefined,
  chunk = CHUNK,
): AsyncGenerator<LineBatch> {
  let carry = Buffer.alloc(0);
  let position = 0;
  for (;;) {
    const buffer = Buffer.from(new ArrayBuffer(carry.length + chunk));
    carry.copy(buffer, 0);
    const { bytesRead } = await handle.read(buffer, carry.length, chunk, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    advance(bytesRead);
    const filled = buffer.subarray(0, carry.length + bytesRead);
    const cut = filled.lastIndexOf(0x0a) + 1;
    carry = Buffer.from(filled.subarray(cut));
    if (cut > 0) yield { bytes: filled.subarray(0, cut), torn: false };
  }
  if (carry.length > 0) yield { bytes: carry, torn: true };
}

/** The text of `bytes[start, end)`, exactly: a '\r' before the newline stays (a CRLF line is an edit the hash shows). */
function lineText(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end);
}

/** Calls `onLine` with each line of a batch, in order; `torn` marks a last line without a newline. */
export function splitBatch(batch: LineBatch, onLine: (text: string, torn: boolean) => void): void {
  const { bytes } = batch;
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    onLine(lineText(bytes, start, nl), false);
    start = nl + 1;
  }
  if (batch.torn) onLine(lineText(bytes, start, bytes.length), true);
}

/** Calls `onLine` with each line of the file, in order, numbered from 1; `torn` marks a last line without a newline. */
export async function readLines(
  handle: FileHandle,
  onLine: (text: string, line: number, torn: boolean) => void,
  advance?: (bytes: number) => void,
): Promise<void> {
  let line = 0;
  for await (const batch of readBatches(handle, advance)) {
    splitBatch(batch, (text, torn) => {
      line += 1;
      onLine(text, line, torn);
    });
  }
}
