import { createReadStream } from 'node:fs';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';
import { MAX_INPUT_BYTES } from './readCapped.js';

// Private: tokens from files or standard input, so that they are not in argv (which every user of the machine sees).

/** All of `input`, refused past {@link MAX_INPUT_BYTES} before more is held. */
async function readAll(input: AsyncIterable<Buffer | string>, flag: string): Promise<string> {
  const chunks: Buffer[] = [];
  let held = 0;
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    held += bytes.length;
    if (held > MAX_INPUT_BYTES) throw new UsageError(`${flag}: more than 1 MiB: not a token`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a token from `path`, or from standard input for `-`, without surrounding whitespace (the newline an
 * editor or `echo` leaves). An unreadable file, or more than 1 MiB, is a usage error naming the flag and the
 * path, never the content.
 *
 * @example
 * ```ts
 * const token = await readToken('--maskinporten-token-file', '-'); // from standard input
 * ```
 */
export async function readToken(flag: string, path: string): Promise<string> {
  const input = path === '-' ? process.stdin : createReadStream(path);
  try {
    return (await readAll(input, flag)).trim();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      `${flag}: cannot read ${quote(path)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  } finally {
    if (input !== process.stdin) input.destroy();
  }
}
