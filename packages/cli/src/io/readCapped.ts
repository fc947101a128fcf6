import { UsageError } from '../flags/usageError.js';

// Private: the CLI's input, read a bounded piece at a time: a token file, standard input, a batch line.

/** The most one input holds: a token, or one batch line (two tokens take a few kB). 1 MiB. */
export const MAX_INPUT_BYTES = 1_048_576;

/**
 * The lines of `input` (ending in `\n` or `\r\n`, the last one maybe without), as UTF-8 text. A line longer than
 * {@link MAX_INPUT_BYTES} is a {@link UsageError} `<flag>: line <n> is longer than 1 MiB`, thrown while the line
 * is read, before it is held whole (a line without an end, such as `/dev/zero`, would otherwise grow until V8
 * cannot make the string).
 *
 * @example
 * ```ts
 * for await (const line of readCapped(process.stdin, '--batch')) console.log(line);
 * ```
 */
export async function* readCapped(
  input: AsyncIterable<Buffer | string>,
  flag: string,
): AsyncGenerator<string> {
  let parts: Buffer[] = [];
  let held = 0;
  let n = 1;
  const tooLong = (bytes: number) => {
    if (bytes > MAX_INPUT_BYTES) throw new UsageError(`${flag}: line ${n} is longer than 1 MiB`);
  };
  const line = (last: Buffer) => {
    const text = Buffer.concat([...parts, last]).toString('utf8');
    parts = [];
    held = 0;
    n += 1;
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };
  for await (const chunk of input) {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let end = rest.indexOf(10); end !== -1; end = rest.indexOf(10)) {
      tooLong(held + end);
      yield line(rest.subarray(0, end));
      rest = rest.subarray(end + 1);
    }
    tooLong(held + rest.length);
    parts.push(rest);
    held += rest.length;
  }
  if (held > 0) yield line(Buffer.alloc(0));
}
