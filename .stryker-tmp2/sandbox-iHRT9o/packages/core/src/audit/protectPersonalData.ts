// @ts-nocheck
import { createHmac } from 'node:crypto';
import { ConfigError } from '../configError.js';
import { checkPseudonymKey } from './checkPseudonymKey.js';

/**
 * How personal data appears in verdicts and audit records.
 * - `mask` (default): every run of 11 or more digits, and every six digits, a separator (space, dot or dash) and
 *   five digits, shows only its last two digits (`*********57`, `****** ***57`).
 * - `pseudonymise`: every such number (as written, separator included: `010853 01957` and `01085301957` stay
 *   different, as they are to the rules) becomes `p:` + the first 16 hex digits of HMAC-SHA256(key, number),
 *   stable across processes that share the key, so an auditor can correlate without seeing the number. The key
 *   must be at least 32 bytes, and secret: whoever holds it can enumerate every valid fødselsnummer and reverse
 *   every pseudonym.
 * - `clear`: shown as given. Only when you have a lawful reason and say so.
 */
export type PersonDataOptions =
  | { readonly mode: 'mask' }
  | { readonly mode: 'pseudonymise'; readonly key: string | Uint8Array }
  | { readonly mode: 'clear' };

// 11 digits or more: a number glued to other digits (`${fnr}${Date.now()}` as a request id) still holds it.
// Or six digits, one separator (space, dot, dash) and five, as people write a fødselsnummer (`010853 01957`).
/** What counts as a person number in any text; shared with the decision record's person facts. */
export const PERSON_NUMBER = /\d{11,}|(?<!\d)\d{6}[ .-]\d{5}(?!\d)/g;

/**
 * Whether a JSON number may be a person number: an integer of exactly 11 digits. (A person number has 11 digits;
 * one with a leading 0 written as a number has 10, as have epoch seconds, and is not told apart. Text is another
 * matter: there a number may be glued to others, so every run of 11 digits or more counts.)
 */
export const mayBePersonNumber = (value: number): boolean =>
  Number.isInteger(value) && Math.abs(value) >= 1e10 && Math.abs(value) < 1e11;

/** A masked number: every digit but the last two a `*`, separators kept. */
function mask(number: string): string {
  if (onlyDigits(number)) return `${'*'.repeat(Math.max(0, number.length - 2))}${number.slice(-2)}`;
  let out = '';
  for (let i = 0; i < number.length; i += 1) {
    const c = number.charCodeAt(i);
    out += i >= number.length - 2 || c < 48 || c > 57 ? number[i] : '*';
  }
  return out;
}
// Maximal runs of base64url characters and dots: matched in one linear pass (no backtracking across runs).
const B64_RUN = /[A-Za-z0-9_.-]+/g;

/**
 * In one run of base64url characters and dots, every JWT-looking part (`eyJ` + at least two characters, a dot,
 * and up to two more segments) becomes `[token]`. Linear: a candidate is dropped only when a dot follows within
 * five characters, and no candidate is looked at twice.
 */
function stripTokensInRun(run: string): string {
  let out = '';
  let from = 0;
  let i = run.indexOf('eyJ');
  while (i !== -1) {
    const dot = run.indexOf('.', i);
    if (dot === -1) break; // no later candidate has a dot after it either
    if (dot - i < 5) {
      i = run.indexOf('eyJ', i + 1);
      continue;
    }
    const second = run.indexOf('.', dot + 1);
    const third = second === -1 ? -1 : run.indexOf('.', second + 1);
    const end = second === -1 || third === -1 ? run.length : third;
    out += `${run.slice(from, i)}[token]`;
    from = end;
    i = run.indexOf('eyJ', end);
  }
  return from === 0 ? run : out + run.slice(from);
}

/**
 * Whether `text` may need protecting: it holds a run of 11 or more digits, a run of six followed by a separator,
 * or the start of a JWT (`eyJ`). One pass over the char codes, so that the common text (an issuer, a kid, an
 * orgno) is returned as it is without a regular expression replacing nothing. May say yes for less.
 */
function mayHoldPersonalData(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits += 1;
      if (digits >= 11) return true;
    } else {
      if (digits >= 6 && (c === 32 || c === 46 || c === 45)) return true; // ' ', '.', '-'
      digits = 0;
      if (c === 101 && text.charCodeAt(i + 1) === 121 && text.charCodeAt(i + 2) === 74) return true; // 'eyJ'
    }
  }
  return false;
}

/**
 * Whether `text` is digits only. Such a text that may hold personal data is one run of 11 digits or more, the
 * whole of which PERSON_NUMBER matches (and no `eyJ`): it is hidden as one number, without the expressions.
 */
function onlyDigits(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Builds the function that protects a string before it enters a verdict: 11-digit numbers (fødselsnummer,
 * D-numbers and the like, wherever they occur) are masked or pseudonymised, and anything shaped like a JWT is
 * replaced by `[token]` in every mode. Throws {@link ConfigError} for a bad mode, a key of fewer than 32 bytes
 * or an example key from the documentation.
 *
 * @example
 * ```ts
 * const protect = protectPersonalData({ mode: 'mask' });
 * protect('person 01085301957'); // 'person *********57'
 * ```
 */
export function protectPersonalData(options: PersonDataOptions = { mode: 'mask' }): (text: string) => string {
  const stripTokens = (text: string): string =>
    text.includes('eyJ') ? text.replace(B64_RUN, stripTokensInRun) : text;
  /** Every person number in `text` replaced by `hide`; a text that is one number (a person field) directly. */
  const numbersHidden =
    (hide: (number: string) => string) =>
    (text: string): string => {
      if (!mayHoldPersonalData(text)) return text;
      return onlyDigits(text) ? hide(text) : stripTokens(text).replace(PERSON_NUMBER, hide);
    };
  switch (options?.mode) {
    case 'mask':
      return numbersHidden(mask);
    case 'pseudonymise': {
      const key = checkPseudonymKey('personData.key', options.key);
      return numbersHidden((d) => `p:${createHmac('sha256', key).update(d).digest('hex').slice(0, 16)}`);
    }
    case 'clear':
      return stripTokens;
    default:
      throw new ConfigError('personData.mode', "must be 'mask', 'pseudonymise' or 'clear'");
  }
}
