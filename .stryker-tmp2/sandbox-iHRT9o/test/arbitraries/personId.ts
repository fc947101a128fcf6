// @ts-nocheck
import fc from 'fast-check';
import { hasValidPersonChecksum, k1For, k2For } from './mod11.js';

/** The kinds of 11-digit person ids (reference.md §4.2). `hnr` and `dolly` share their digits (month + 40). */
export type PersonKind = 'fnr' | 'dnr' | 'hnr' | 'tenor' | 'dolly';

/** A generated person id and what it is. */
export interface GeneratedPersonId {
  readonly value: string;
  /** Every kind these digits can be read as, e.g. `['hnr', 'dolly']`, or `['dnr', 'tenor']` for both modifications. */
  readonly kinds: readonly PersonKind[];
  /** `legacy` when the classic k1 holds, `2032` when only a k1 allowed from 2032 does. */
  readonly checksum: 'legacy' | '2032';
}

/** Options of {@link personId}. */
export interface PersonIdArbOptions {
  /** Which modifications to produce. Default all: fnr, dnr, hnr/dolly (+40 on the month), tenor (+80). */
  readonly variants?: readonly ('fnr' | 'dnr' | 'hnr' | 'tenor' | 'dnr+tenor' | 'dnr+dolly')[];
  /** Also produce numbers valid only under the 2032 k1 rule. Default true. */
  readonly include2032?: boolean;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number): number =>
  [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;

/** Individnummer ranges that the pre-2032 century table allows for a year (reference.md §4.2). */
function individualRanges(year: number): readonly (readonly [number, number])[] {
  if (year < 1900) return [[500, 749]];
  if (year < 2000)
    return year % 100 >= 40
      ? [
          [0, 499],
          [900, 999],
        ]
      : [[0, 499]];
  return [[500, 999]];
}

const birth = fc.integer({ min: 1854, max: 2039 }).chain((year) =>
  fc.integer({ min: 1, max: 12 }).chain((month) =>
    fc.record({
      year: fc.constant(year),
      month: fc.constant(month),
      day: fc.integer({ min: 1, max: daysIn(year, month) }),
      individual: fc.oneof(...individualRanges(year).map(([min, max]) => fc.integer({ min, max }))),
    }),
  ),
);

const KINDS_OF: Readonly<Record<NonNullable<PersonIdArbOptions['variants']>[number], readonly PersonKind[]>> =
  {
    fnr: ['fnr'],
    dnr: ['dnr'],
    hnr: ['hnr', 'dolly'],
    tenor: ['tenor'],
    'dnr+tenor': ['dnr', 'tenor'],
    'dnr+dolly': ['dnr', 'dolly'],
  };

/** Completes nine digits with k1 (for `rest`) and k2, or `undefined` when either would be 10. */
export function completePersonId(nine: string, rest: number): string | undefined {
  const k1 = k1For(nine, rest);
  if (k1 === 10) return undefined;
  const k2 = k2For(nine + String(k1));
  return k2 === 10 ? undefined : `${nine}${k1}${k2}`;
}

/**
 * A valid 11-digit Norwegian person id: fødselsnummer, D-nummer (day + 40), H-nummer / Dolly (month + 40),
 * Tenor (month + 80), or a D-nummer that is also synthetic; with legacy check digits or (by default, sometimes)
 * check digits valid only under the 2032 rule. The date is a real calendar date whose century agrees with the
 * individnummer. Known examples from reference.md (DSOP test customers, Altinn Tenor ids, the 2032 examples)
 * are mixed in.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(personId({ variants: ['fnr', 'dnr'] }), (p) => parsePersonId(p.value).valid));
 * ```
 */
export function personId(options: PersonIdArbOptions = {}): fc.Arbitrary<GeneratedPersonId> {
  const variants = options.variants ?? ['fnr', 'dnr', 'hnr', 'tenor', 'dnr+tenor', 'dnr+dolly'];
  const include2032 = options.include2032 ?? true;
  const generated = fc
    .record({
      birth,
      variant: fc.constantFrom(...variants),
      rest: include2032
        ? fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 3 }))
        : fc.constant(0),
    })
    .map(({ birth: b, variant, rest }) => {
      const day = b.day + (variant.startsWith('dnr') ? 40 : 0);
      const month =
        b.month + (variant === 'hnr' || variant === 'dnr+dolly' ? 40 : variant.endsWith('tenor') ? 80 : 0);
      const nine = `${pad(day, 2)}${pad(month, 2)}${pad(b.year % 100, 2)}${pad(b.individual, 3)}`;
      const value = completePersonId(nine, rest);
      if (value === undefined) return undefined;
      const checksum: 'legacy' | '2032' = hasValidPersonChecksum(value, false) ? 'legacy' : '2032';
      return { value, kinds: KINDS_OF[variant], checksum };
    })
    .filter((p): p is GeneratedPersonId => p !== undefined);
  const known: GeneratedPersonId[] = [
    { value: '01085301957', kinds: ['fnr'], checksum: 'legacy' },
    { value: '02075700329', kinds: ['fnr'], checksum: 'legacy' },
    { value: '08027202285', kinds: ['fnr'], checksum: 'legacy' },
    { value: '30108299939', kinds: ['fnr'], checksum: '2032' },
    { value: '25922947409', kinds: ['tenor'], checksum: 'legacy' },
    { value: '21818297804', kinds: ['tenor'], checksum: 'legacy' },
  ];
  const allowedKnown = known.filter(
    (k) =>
      (include2032 || k.checksum === 'legacy') &&
      k.kinds.every((kind) => variants.some((v) => KINDS_OF[v].includes(kind))),
  );
  return allowedKnown.length === 0
    ? generated
    : fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(...allowedKnown) },
        { weight: 5, arbitrary: generated },
      );
}

/** Why {@link invalidPersonId} produced its value. */
export type InvalidPersonKind =
  | 'k1_wrong'
  | 'k2_wrong'
  | 'ten_digits'
  | 'twelve_digits'
  | 'not_digits'
  | 'whitespace'
  | 'bad_date'
  | 'orgno'
  | 'not_string';

/**
 * A value that is not a valid person id under any rule, labelled: a wrong k1 (not valid under the 2032 rule
 * either) or k2, 10 digits (the DSOP sample `0108530195`) or 12, non-ASCII digits, surrounding whitespace,
 * a checksum-valid number with an impossible date (month 13, day 32, 30 February), a 9-digit orgno, or a
 * non-string.
 */
export function invalidPersonId(): fc.Arbitrary<{
  readonly value: unknown;
  readonly kind: InvalidPersonKind;
}> {
  const label =
    (kind: InvalidPersonKind) =>
    (value: unknown): { value: unknown; kind: InvalidPersonKind } => ({ value, kind });
  const valid = personId().map((p) => p.value);
  const k1Wrong = fc
    .tuple(valid, fc.integer({ min: 1, max: 9 }))
    .map(([v, d]) => `${v.slice(0, 9)}${(Number(v[9]) + d) % 10}${v[10]}`)
    .filter((v) => !hasValidPersonChecksum(v, true))
    .map(label('k1_wrong'));
  const k2Wrong = fc
    .tuple(valid, fc.integer({ min: 1, max: 9 }))
    .map(([v, d]) => `${v.slice(0, 10)}${(Number(v[10]) + d) % 10}`)
    .filter((v) => !hasValidPersonChecksum(v, true))
    .map(label('k2_wrong'));
  const badDate = fc
    .tuple(
      fc.constantFrom('011300', '320199', '300201', '000150', '011500', '311150'),
      fc.integer({ min: 0, max: 499 }),
    )
    .map(([date, i]) => completePersonId(`${date}${pad(i, 3)}`, 0))
    .filter((v): v is string => v !== undefined)
    .map(label('bad_date'));
  return fc.oneof(
    k1Wrong,
    k2Wrong,
    fc
      .oneof(
        fc.constant('0108530195'),
        valid.map((v) => v.slice(0, 10)),
      )
      .map(label('ten_digits')),
    valid.map((v) => `${v}0`).map(label('twelve_digits')),
    valid
      .map((v) => v.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d))))
      .map(label('not_digits')),
    fc
      .tuple(valid, fc.constantFrom(' ', '\t', '\u00a0', '\n'))
      .map(([v, w]) => `${v}${w}`)
      .map(label('whitespace')),
    badDate,
    fc.constantFrom('991825827', '910753614').map(label('orgno')),
    fc.oneof(valid.map(Number), fc.constant(null), fc.constant(true)).map(label('not_string')),
  );
}
