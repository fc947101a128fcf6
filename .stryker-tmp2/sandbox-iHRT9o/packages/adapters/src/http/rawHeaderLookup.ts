// @ts-nocheck
import type { HeaderLookup } from './extractInput.js';

/**
 * A header lookup over Node's `rawHeaders` (name, value, name, value, …), which keeps every field line;
 * `req.headers` silently drops a repeated `Authorization`.
 */
export function rawHeaderLookup(rawHeaders: readonly string[]): HeaderLookup {
  let names: (string | undefined)[] | undefined; // lower-cased once, on the first lookup
  return (name) => {
    names ??= rawHeaders.map((n, i) => (i % 2 === 0 ? n.toLowerCase() : undefined));
    const found: string[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (names[i] === name) found.push(rawHeaders[i + 1] as string);
    }
    return found.length === 0 ? null : found.join(', ');
  };
}
