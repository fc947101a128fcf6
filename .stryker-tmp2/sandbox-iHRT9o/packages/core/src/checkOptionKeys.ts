// @ts-nocheck
import { ConfigError } from './configError.js';
import { nearest } from './nearest.js';

/**
 * Refuses an options object with a key its function does not know, naming the key and the nearest known
 * one: a misspelt option (`clockTolerence`) or one from another function (`onError`) would otherwise be
 * accepted and silently do nothing. Throws {@link ConfigError}; returns nothing for good options.
 *
 * @example
 * ```ts
 * checkOptionKeys({ clockTolerence: 5 }, ['clockTolerance', 'clock'], 'createGuard');
 * // ConfigError: clockTolerence: is not an option of createGuard; did you mean 'clockTolerance'?
 * ```
 */
export function checkOptionKeys(options: object, known: readonly string[], owner: string): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const hint = nearest(key, known);
    throw new ConfigError(
      key,
      `is not an option of ${owner}; ${hint === undefined ? `options: ${known.join(', ')}` : `did you mean '${hint}'?`}`,
    );
  }
}
