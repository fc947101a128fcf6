import { readFile } from 'node:fs/promises';
import { UsageError } from './usageError.js';

// Private: tokens from files or standard input, so that they are not in argv (which every user of the machine sees).

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a token from `path`, or from standard input for `-`, without surrounding whitespace (the newline an
 * editor or `echo` leaves). An unreadable file is a usage error naming the flag and the path, never the content.
 *
 * @example
 * ```ts
 * const token = await readToken('--maskinporten-token-file', '-'); // from standard input
 * ```
 */
export async function readToken(flag: string, path: string): Promise<string> {
  if (path === '-') return (await readStdin()).trim();
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (e) {
    throw new UsageError(`${flag}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
