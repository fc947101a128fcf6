import { createHmac } from 'node:crypto';
import { ConfigError } from '../configError.js';

/**
 * How personal data appears in verdicts and audit records.
 * - `mask` (default): every run of 11 or more digits shows only its last two digits (`*********57`).
 * - `pseudonymise`: every run of 11 or more digits becomes `p:` + the first 16 hex digits of HMAC-SHA256(key, number),
 *   stable across processes that share the key, so an auditor can correlate without seeing the number.
 * - `clear`: shown as given. Only when you have a lawful reason and say so.
 */
export type PersonDataOptions =
  | { readonly mode: 'mask' }
  | { readonly mode: 'pseudonymise'; readonly key: string | Uint8Array }
  | { readonly mode: 'clear' };

// 11 digits or more: a number glued to other digits (`${fnr}${Date.now()}` as a request id) still holds it.
const ELEVEN_DIGITS = /\d{11,}/g;
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;

/**
 * Builds the function that protects a string before it enters a verdict: 11-digit numbers (fødselsnummer,
 * D-numbers and the like, wherever they occur) are masked or pseudonymised, and anything shaped like a JWT is
 * replaced by `[token]` in every mode. Throws {@link ConfigError} for a bad mode or an empty key.
 *
 * @example
 * ```ts
 * const protect = protectPersonalData({ mode: 'mask' });
 * protect('person 01085301957'); // 'person *********57'
 * ```
 */
export function protectPersonalData(options: PersonDataOptions = { mode: 'mask' }): (text: string) => string {
  const stripTokens = (text: string): string => text.replace(JWT_LIKE, '[token]');
  switch (options?.mode) {
    case 'mask':
      return (text) =>
        stripTokens(text).replace(ELEVEN_DIGITS, (d) => `${'*'.repeat(d.length - 2)}${d.slice(-2)}`);
    case 'pseudonymise': {
      const key = options.key;
      if ((typeof key !== 'string' && !(key instanceof Uint8Array)) || key.length < 16) {
        throw new ConfigError('personData.key', 'must be a string or bytes of at least 16 characters');
      }
      return (text) =>
        stripTokens(text).replace(
          ELEVEN_DIGITS,
          (d) => `p:${createHmac('sha256', key).update(d).digest('hex').slice(0, 16)}`,
        );
    }
    case 'clear':
      return stripTokens;
    default:
      throw new ConfigError('personData.mode', "must be 'mask', 'pseudonymise' or 'clear'");
  }
}
