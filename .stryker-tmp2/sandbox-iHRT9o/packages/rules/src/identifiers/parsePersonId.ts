/**
 * The kinds of eleven-digit Norwegian person identifiers that {@link parsePersonId} recognises.
 *
 * - `fnr`: fødselsnummer, plain `DDMMYY` date.
 * - `dnr`: D-nummer, first digit + 4 (day 41–71).
 * - `hnr`: H-nummer (helsevesenets hjelpenummer), third digit + 4 (month 41–52).
 * - `dolly`: NAV Dolly synthetic test number, month + 40; the same digits as an H-nummer.
 * - `tenor`: Skatteetaten Tenor ("Test-Norge") synthetic test number, month + 80 (third digit 8 or 9).
 *
 * @example
 * ```ts
 * const testKinds: readonly PersonIdKind[] = ['fnr', 'dnr', 'tenor', 'dolly'];
 * ```
 */
// @ts-nocheck

export type PersonIdKind = 'fnr' | 'dnr' | 'hnr' | 'tenor' | 'dolly';

/**
 * Options for {@link parsePersonId}.
 *
 * @example
 * ```ts
 * const production: PersonIdOptions = {}; // legacy+2032, fnr and dnr
 * const testEnvironment: PersonIdOptions = { allow: ['fnr', 'dnr', 'tenor', 'dolly'] };
 * const oldNumbersOnly: PersonIdOptions = { checksum: 'legacy' };
 * ```
 */
export type PersonIdOptions = {
  /**
   * Which first check digit (k1) to accept.
   * - `'legacy'`: only the classic MOD11 k1.
   * - `'legacy+2032'`: also the k1 values allowed for numbers issued from 1 January 2032
   *   (`(11 + rest) − (Σ mod 11)` for rest 0..3). The second check digit is the same MOD11 in both modes.
   *
   * @defaultValue `'legacy+2032'`
   */
  readonly checksum?: 'legacy' | 'legacy+2032';
  /**
   * The kinds to accept. A number that combines two modifications (a D-nummer that is also Tenor or Dolly
   * synthetic) is accepted only when both kinds are listed.
   *
   * @defaultValue `['fnr', 'dnr']`
   */
  readonly allow?: readonly PersonIdKind[];
};

/**
 * Why a value is not an accepted person identifier, in the order the checks run.
 *
 * - `not_string`: the value is not a string.
 * - `not_eleven_digits`: the string is not exactly eleven ASCII digits.
 * - `checksum`: a check digit does not match (under the configured checksum mode).
 * - `date`: the digits do not decode to a calendar date with any known modification.
 * - `kind_not_allowed`: a well-formed number of a kind that `allow` does not list.
 *
 * @example
 * ```ts
 * const reason: PersonIdInvalidReason = 'kind_not_allowed';
 * ```
 */
export type PersonIdInvalidReason =
  | 'not_string'
  | 'not_eleven_digits'
  | 'checksum'
  | 'date'
  | 'kind_not_allowed';

/**
 * The outcome of {@link parsePersonId}.
 *
 * On success, `kinds` lists every allowed interpretation in the order `fnr, dnr, hnr, tenor, dolly`, and `kind`
 * is its first entry. `checksum` is `'legacy'` when the classic k1 matches and `'2032'` when only the 2032 rule does.
 *
 * @example
 * ```ts
 * const result: PersonIdResult = parsePersonId('25922947409', { allow: ['fnr', 'tenor'] });
 * if (result.valid && result.kinds.includes('tenor')) console.log('synthetic test person');
 * ```
 */
export type PersonIdResult =
  | {
      readonly valid: true;
      readonly kind: PersonIdKind;
      readonly kinds: readonly PersonIdKind[];
      readonly checksum: 'legacy' | '2032';
    }
  | { readonly valid: false; readonly reason: PersonIdInvalidReason };

const ELEVEN_DIGITS = /^[0-9]{11}$/;
const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const KIND_ORDER: readonly PersonIdKind[] = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'];
const DEFAULT_ALLOW: readonly PersonIdKind[] = ['fnr', 'dnr'];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function digitAt(value: string, index: number): number {
  return value.charCodeAt(index) - 48;
}

/** The number of two (or three) digits at `index`, of a string known to hold only digits. */
function digitsAt(value: string, index: number, count: 2 | 3): number {
  const two = digitAt(value, index) * 10 + digitAt(value, index + 1);
  return count === 2 ? two : two * 10 + digitAt(value, index + 2);
}

function weightedRest(value: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (weights[i] as number) * digitAt(value, i);
  return sum % 11;
}

/** Which k1 rule the number satisfies, or `undefined` when no accepted check digits match. */
function checkDigits(value: string, mode: 'legacy' | 'legacy+2032'): 'legacy' | '2032' | undefined {
  const k2Rest = weightedRest(value, W2);
  const k2 = k2Rest === 0 ? 0 : 11 - k2Rest;
  if (k2 === 10 || k2 !== digitAt(value, 10)) return undefined;
  const k1Rest = weightedRest(value, W1);
  const actual = digitAt(value, 9);
  const lastRest = mode === 'legacy' ? 0 : 3;
  for (let rest = 0; rest <= lastRest; rest++) {
    const raw = 11 + rest - k1Rest;
    const k1 = raw > 10 ? raw - 11 : raw;
    if (k1 !== 10 && k1 === actual) return rest === 0 ? 'legacy' : '2032';
  }
  return undefined;
}

/**
 * The centuries the individnummer (digits 7–9) allows under the pre-2032 scheme, or both 1900 and 2000 when the
 * table has no answer. Only 29 February of year `00` depends on the century (1800 and 1900 are not leap years).
 */
function candidateCenturies(value: string, yy: number): readonly number[] {
  const individual = digitsAt(value, 6, 3);
  if (individual <= 499) return [1900];
  if (individual <= 749 && yy >= 54) return [1800];
  if (yy <= 39) return [2000];
  if (individual >= 900) return [1900];
  return [1900, 2000];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The interpretations of the modified date digits: each entry lists the kinds that must all be allowed.
 * `undefined` when the first or third digit carries no known modification or the date is not a calendar date.
 */
function interpretations(
  value: string,
  centuries: readonly number[],
): readonly (readonly PersonIdKind[])[] | undefined {
  const first = digitAt(value, 0);
  const third = digitAt(value, 2);
  const dnr = first >= 4 && first <= 7;
  if (!dnr && first > 3) return undefined;
  const monthOffset = third <= 1 ? 0 : third === 4 || third === 5 ? 40 : third >= 8 ? 80 : undefined;
  if (monthOffset === undefined) return undefined;

  const day = digitsAt(value, 0, 2) - (dnr ? 40 : 0);
  const month = digitsAt(value, 2, 2) - monthOffset;
  const yy = digitsAt(value, 4, 2);
  const monthDays = DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1) return undefined;
  const leapDay = month === 2 && day === 29 && centuries.some((century) => isLeapYear(century + yy));
  if (day > monthDays && !leapDay) return undefined;

  if (monthOffset === 0) return dnr ? AS_DNR : AS_FNR;
  if (monthOffset === 80) return dnr ? AS_DNR_TENOR : AS_TENOR;
  return dnr ? AS_DNR_DOLLY : AS_HNR_OR_DOLLY;
}

// The interpretations, made once (frozen: callers only read them).
const AS_FNR: readonly (readonly PersonIdKind[])[] = Object.freeze([Object.freeze(['fnr'] as const)]);
const AS_DNR: readonly (readonly PersonIdKind[])[] = Object.freeze([Object.freeze(['dnr'] as const)]);
const AS_TENOR: readonly (readonly PersonIdKind[])[] = Object.freeze([Object.freeze(['tenor'] as const)]);
const AS_DNR_TENOR: readonly (readonly PersonIdKind[])[] = Object.freeze([
  Object.freeze(['dnr', 'tenor'] as const),
]);
const AS_DNR_DOLLY: readonly (readonly PersonIdKind[])[] = Object.freeze([
  Object.freeze(['dnr', 'dolly'] as const),
]);
const AS_HNR_OR_DOLLY: readonly (readonly PersonIdKind[])[] = Object.freeze([
  Object.freeze(['hnr'] as const),
  Object.freeze(['dolly'] as const),
]);

/** `allow` lists already found valid: a rule passes the same options on every call. */
const validAllowLists = new WeakSet<readonly PersonIdKind[]>();

function validateOptions(options: PersonIdOptions): void {
  const { checksum, allow } = options;
  if (
    allow !== undefined &&
    validAllowLists.has(allow) &&
    (checksum === undefined || checksum === 'legacy' || checksum === 'legacy+2032')
  )
    return;
  if (checksum !== undefined && checksum !== 'legacy' && checksum !== 'legacy+2032') {
    throw new TypeError(`parsePersonId: options.checksum must be 'legacy' or 'legacy+2032'`);
  }
  if (allow !== undefined && (!Array.isArray(allow) || !allow.every((kind) => KIND_ORDER.includes(kind)))) {
    throw new TypeError(`parsePersonId: options.allow must be an array of ${KIND_ORDER.join(', ')}`);
  }
  if (allow !== undefined) validAllowLists.add(allow);
}

/**
 * Parses an eleven-digit Norwegian person identifier: fødselsnummer, D-nummer, H-nummer, or a Tenor or Dolly
 * synthetic test number.
 *
 * Checks run in this order, and the first failure is returned: ASCII digits only (nothing is trimmed); both
 * check digits (MOD11 with weights 3,7,6,1,8,9,4,5,2 and 5,4,3,2,7,6,5,4,3,2, k2 over the digits as written);
 * the calendar date after removing the D (+40 on the day) and month (+40 or +80) modifications; the kind.
 *
 * Date rule, kept simple on purpose: the day must exist in the month; 29 February is accepted when the year is a
 * leap year in at least one century the individnummer allows (the old century table: 000–499 → 1900s; 500–749
 * with YY ≥ 54 → 1800s; 500–999 with YY ≤ 39 → 2000s; 900–999 with YY ≥ 40 → 1900s; otherwise 1900s or 2000s).
 * Numbers valid only under the 2032 check-digit rule carry no century information, so 1900s and 2000s are both
 * tried. `290200xxxxx` is therefore valid with individnummer 500–999 and invalid with 000–499 (29.02.1900), which
 * is stricter than navikt/fnrvalidator. Dates in the future are not rejected (time is not an input here).
 *
 * Kinds: a plain date is `fnr`; day + 40 is `dnr`; month + 40 is `hnr` or `dolly` (both listed when both are
 * allowed); month + 80 is `tenor`; a D-nummer with month + 40 or + 80 is `dnr` + `dolly` or `dnr` + `tenor` and
 * is accepted only when both kinds are allowed. Never throws for any `value`.
 *
 * @param value - anything; only strings can be valid.
 * @param options - checksum mode and allowed kinds; see {@link PersonIdOptions} for the defaults.
 * @returns `{ valid: true, kind, kinds, checksum }` or `{ valid: false, reason }`.
 * @throws TypeError when `options.checksum` or `options.allow` holds a value outside its union (configuration
 *   error, raised before `value` is looked at).
 *
 * @example
 * ```ts
 * parsePersonId('01085301957');
 * // { valid: true, kind: 'fnr', kinds: ['fnr'], checksum: 'legacy' }
 * parsePersonId('30108299939');
 * // { valid: true, kind: 'fnr', kinds: ['fnr'], checksum: '2032' }
 * parsePersonId('30108299939', { checksum: 'legacy' });
 * // { valid: false, reason: 'checksum' }
 * parsePersonId('25922947409');
 * // { valid: false, reason: 'kind_not_allowed' }
 * parsePersonId('25922947409', { allow: ['fnr', 'dnr', 'tenor'] });
 * // { valid: true, kind: 'tenor', kinds: ['tenor'], checksum: 'legacy' }
 * ```
 */
export function parsePersonId(value: unknown, options: PersonIdOptions = {}): PersonIdResult {
  validateOptions(options);
  if (typeof value !== 'string') return { valid: false, reason: 'not_string' };
  if (!ELEVEN_DIGITS.test(value)) return { valid: false, reason: 'not_eleven_digits' };

  const checksum = checkDigits(value, options.checksum ?? 'legacy+2032');
  if (checksum === undefined) return { valid: false, reason: 'checksum' };

  const yy = digitsAt(value, 4, 2);
  const centuries = checksum === 'legacy' ? candidateCenturies(value, yy) : [1900, 2000];
  const candidates = interpretations(value, centuries);
  if (candidates === undefined) return { valid: false, reason: 'date' };

  const allow = options.allow ?? DEFAULT_ALLOW;
  const only = candidates.length === 1 ? (candidates[0] as readonly PersonIdKind[]) : undefined;
  if (only !== undefined && only.length === 1 && allow.includes(only[0] as PersonIdKind)) {
    return { valid: true, kind: only[0] as PersonIdKind, kinds: only, checksum }; // the common case: one kind
  }
  const accepted = candidates.filter((kinds) => kinds.every((kind) => allow.includes(kind)));
  const kinds = KIND_ORDER.filter((kind) => accepted.some((combo) => combo.includes(kind)));
  const kind = kinds[0];
  if (kind === undefined) return { valid: false, reason: 'kind_not_allowed' };
  return { valid: true, kind, kinds, checksum };
}
