import { protectMessage } from '../io/protectMessage.js';

// Private: a value given to the CLI, quoted in one of its messages.

const MAX = 40;

/**
 * `value` for a message: protected as every message is (person numbers masked, tokens `[token]`), cut to 40
 * characters (its first 20 and last 19 around `…`, so that a long path keeps its file name), in double quotes
 * with JSON's escapes.
 *
 * @example
 * ```ts
 * quote('yesterday'); // '"yesterday"'
 * quote('01085301957'); // '"*********57"'
 * ```
 */
export function quote(value: string): string {
  const safe = protectMessage(value);
  return JSON.stringify(safe.length <= MAX ? safe : `${safe.slice(0, 20)}…${safe.slice(-(MAX - 21))}`);
}
