// @ts-nocheck
import fc from 'fast-check';
import { isValidOrgno, orgnoCheckDigit } from './mod11.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Real orgnos from reference.md §4.1 (all MOD11-valid), mixed in so that shrinking lands on familiar values. */
export const KNOWN_ORGNOS = [
  '991825827',
  '910753614',
  '910514458',
  '974760673',
  '915429785',
  '810419512',
  '984851006',
  '313876144',
] as const;

/**
 * A MOD11-valid organisasjonsnummer (9 digits, weights 3,2,7,6,5,4,3,2). Eight random digits whose check digit
 * would be 10 are nudged to the next prefix, so nothing is filtered away.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(validOrgno(), (o) => parseOrgno(o).valid));
 * ```
 */
export function validOrgno(): fc.Arbitrary<string> {
  const generated = fc.integer({ min: 0, max: 99_999_998 }).map((n) => {
    let prefix = pad(n, 8);
    if (orgnoCheckDigit(prefix) === 10) prefix = pad(n + 1, 8);
    return prefix + String(orgnoCheckDigit(prefix) % 10);
  });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...KNOWN_ORGNOS) },
    { weight: 4, arbitrary: generated },
  );
}

/** Why {@link invalidOrgno} produced its value. */
export type InvalidOrgnoKind =
  | 'check_digit_mismatch'
  | 'check_digit_ten'
  | 'wrong_length'
  | 'not_digits'
  | 'whitespace'
  | 'icd_prefixed'
  | 'not_string';

/**
 * A value that is not a valid orgno, labelled with why: a wrong check digit, eight digits whose check digit
 * would be 10, 8 or 10 digits, non-ASCII digits, surrounding whitespace, a `0192:` prefix left on (or doubled),
 * or not a string at all. The fixtures `999888777` and `777888999` (reference.md §4.1) are among them.
 */
export function invalidOrgno(): fc.Arbitrary<{ readonly value: unknown; readonly kind: InvalidOrgnoKind }> {
  const label =
    (kind: InvalidOrgnoKind) =>
    (value: unknown): { value: unknown; kind: InvalidOrgnoKind } => ({ value, kind });
  const mismatch = fc
    .tuple(validOrgno(), fc.integer({ min: 1, max: 9 }))
    .map(([o, d]) => `${o.slice(0, 8)}${(Number(o[8]) + d) % 10}`)
    .filter((o) => !isValidOrgno(o))
    .map(label('check_digit_mismatch'));
  const ten = fc
    .integer({ min: 0, max: 99_999_999 })
    .map((n) => pad(n, 8))
    .filter((p) => orgnoCheckDigit(p) === 10)
    .chain((p) => fc.integer({ min: 0, max: 9 }).map((d) => `${p}${d}`))
    .map(label('check_digit_ten'));
  const length = fc
    .oneof(
      validOrgno().map((o) => o.slice(0, 8)),
      validOrgno().map((o) => `${o}0`),
      fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 }).filter((s) => s.length !== 9),
    )
    .map(label('wrong_length'));
  const notDigits = fc
    .oneof(
      validOrgno().map((o) => o.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))),
      validOrgno().map((o) => `${o.slice(0, 4)}a${o.slice(5)}`),
      validOrgno().map((o) => `${o.slice(0, 3)} ${o.slice(3, 6)} ${o.slice(6)}`),
    )
    .map(label('not_digits'));
  const whitespace = fc
    .tuple(validOrgno(), fc.constantFrom(' ', '\t', '\n', '\u00a0'))
    .map(([o, w]) => `${w}${o}${w}`)
    .map(label('whitespace'));
  const prefixed = fc
    .tuple(validOrgno(), fc.constantFrom('0192:', '0192:0192:', '9908:'))
    .map(([o, p]) => `${p}${o}`)
    .map(label('icd_prefixed'));
  const notString = fc
    .oneof(
      validOrgno().map(Number),
      fc.constant(null),
      validOrgno().map((o) => [o]),
    )
    .map(label('not_string'));
  return fc.oneof(
    mismatch,
    ten,
    length,
    notDigits,
    whitespace,
    prefixed,
    notString,
    fc.constantFrom('999888777', '777888999').map(label('check_digit_mismatch')),
  );
}
