/**
 * Why a value is not a valid Norwegian organisasjonsnummer.
 *
 * - `not_string`: the value is not a string.
 * - `not_nine_digits`: the string is not exactly nine ASCII digits (no spaces, no other digit scripts).
 * - `check_digit_ten`: the MOD11 check digit would be 10, so no ninth digit can complete the first eight.
 * - `check_digit_mismatch`: the ninth digit differs from the computed MOD11 check digit.
 *
 * @example
 * ```ts
 * const reason: OrgnoInvalidReason = 'check_digit_mismatch';
 * ```
 */
// @ts-nocheck

export type OrgnoInvalidReason =
  | 'not_string'
  | 'not_nine_digits'
  | 'check_digit_ten'
  | 'check_digit_mismatch';

/**
 * The outcome of {@link parseOrgno}: the organisation number on success, otherwise a stable reason code.
 *
 * @example
 * ```ts
 * const result: OrgnoResult = parseOrgno('991825827');
 * if (result.valid) console.log(result.orgno);
 * else console.log(result.reason);
 * ```
 */
export type OrgnoResult =
  | { readonly valid: true; readonly orgno: string }
  | { readonly valid: false; readonly reason: OrgnoInvalidReason };

const NINE_DIGITS = /^[0-9]{9}$/;
const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/**
 * Parses a Norwegian organisasjonsnummer (Brønnøysundregistrene, 9 digits, MOD11 with weights 3,2,7,6,5,4,3,2).
 *
 * The value must be exactly nine ASCII digits; nothing is trimmed or normalised. The leading digit is not
 * restricted (real numbers start with 3, 8 or 9). Never throws.
 *
 * @param value - anything; only strings can be valid.
 * @returns `{ valid: true, orgno }` or `{ valid: false, reason }`.
 *
 * @example
 * ```ts
 * parseOrgno('991825827'); // { valid: true, orgno: '991825827' }
 * parseOrgno('999888777'); // { valid: false, reason: 'check_digit_mismatch' }
 * parseOrgno('99182582');  // { valid: false, reason: 'not_nine_digits' }
 * ```
 */
export function parseOrgno(value: unknown): OrgnoResult {
  if (typeof value !== 'string') return { valid: false, reason: 'not_string' };
  if (!NINE_DIGITS.test(value)) return { valid: false, reason: 'not_nine_digits' };
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * (value.charCodeAt(i) - 48), 0);
  const rest = sum % 11;
  const check = rest === 0 ? 0 : 11 - rest;
  if (check === 10) return { valid: false, reason: 'check_digit_ten' };
  if (check !== value.charCodeAt(8) - 48) return { valid: false, reason: 'check_digit_mismatch' };
  return { valid: true, orgno: value };
}
