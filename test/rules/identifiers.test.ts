import { type PersonIdKind, type PersonIdOptions, parseOrgno, parsePersonId } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ALL_KINDS: readonly PersonIdKind[] = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'];
const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const WORGNO = [3, 2, 7, 6, 5, 4, 3, 2];

/** Σ weight·digit mod 11 over the leading digits of `digits`. */
const rest11 = (digits: string, weights: readonly number[]): number =>
  weights.reduce((sum, weight, i) => sum + weight * Number(digits.charAt(i)), 0) % 11;
const mod11 = (digits: string, weights: readonly number[]): number => (11 - rest11(digits, weights)) % 11;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Eight digits plus their MOD11 check digit; `undefined` when the check digit would be 10. */
const orgnoArb = fc
  .integer({ min: 0, max: 99_999_999 })
  .map((n) => {
    const prefix = pad(n, 8);
    const check = mod11(prefix, WORGNO);
    return check === 10 ? undefined : prefix + String(check);
  })
  .filter((orgno): orgno is string => orgno !== undefined);

/** Nine digits DDMMYYiii of a plain fødselsnummer from the 1900s (individnummer 000–499, day ≤ 28). */
const fnrBodyArb = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 1, max: 12 }),
    yy: fc.integer({ min: 0, max: 99 }),
    individual: fc.integer({ min: 0, max: 499 }),
  })
  .map(({ day, month, yy, individual }) => pad(day, 2) + pad(month, 2) + pad(yy, 2) + pad(individual, 3));

/** Completes nine digits with k1 for the given 2032 `rest` (0 = legacy) and k2; `undefined` when 10 comes up. */
const complete = (body: string, rest: number): string | undefined => {
  const raw = 11 + rest - rest11(body, W1);
  const k1 = raw > 10 ? raw - 11 : raw;
  if (k1 === 10) return undefined;
  const k2 = mod11(body + String(k1), W2);
  return k2 === 10 ? undefined : body + String(k1) + String(k2);
};

/** A plain 1900s fødselsnummer with legacy check digits. */
const legacyFnrArb = fnrBodyArb
  .map((body) => complete(body, 0))
  .filter((pid): pid is string => pid !== undefined);

/** Any eleven digits whose check digits pass under `legacy+2032`, whatever the date digits say. */
const checksumValidArb = fc
  .record({ n: fc.integer({ min: 0, max: 999_999_999 }), rest: fc.integer({ min: 0, max: 3 }) })
  .map(({ n, rest }) => complete(pad(n, 9), rest))
  .filter((pid): pid is string => pid !== undefined);

const validFnr = [
  '01085301957',
  '01097601522',
  '02075700329',
  '02095302184',
  '02104802179',
  '03096902157',
  '03124002140',
  '04024701293',
  '04056200784',
  '04125300311',
  '05106500098',
  '06095300381',
  '07017900514',
  '08027200274',
  '08027201815',
  '08027202285',
  '08046802080',
] as const;

describe('parseOrgno', () => {
  it.each([
    '991825827',
    '910753614',
    '910514458',
    '974760673',
    '915429785',
    '810419512',
    '984851006',
    '313876144',
    '123456785',
  ])('accepts %s', (orgno) => {
    expect(parseOrgno(orgno)).toEqual({ valid: true, orgno });
  });

  it.each([
    [12345678, 'not_string'],
    [null, 'not_string'],
    ['12345678', 'not_nine_digits'],
    ['1234567850', 'not_nine_digits'],
    [' 123456785', 'not_nine_digits'],
    ['123456785\n', 'not_nine_digits'],
    ['12345678５', 'not_nine_digits'],
    ['١٢٣٤٥٦٧٨٥', 'not_nine_digits'],
    ['100000130', 'check_digit_ten'],
    ['999888777', 'check_digit_mismatch'],
    ['777888999', 'check_digit_mismatch'],
  ] as const)('rejects %j with %s', (value, reason) => {
    expect(parseOrgno(value)).toEqual({ valid: false, reason });
  });

  it('every generated MOD11-valid orgno parses to itself', () => {
    fc.assert(
      fc.property(orgnoArb, (orgno) => {
        expect(parseOrgno(orgno)).toEqual({ valid: true, orgno });
      }),
    );
  });

  it('every eight-digit prefix has at most one valid ninth digit, and none when the check digit is 10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        const prefix = pad(n, 8);
        const results = Array.from({ length: 10 }, (_, d) => parseOrgno(prefix + String(d)));
        const valid = results.filter((r) => r.valid).length;
        if (mod11(prefix, WORGNO) === 10) {
          expect(valid).toBe(0);
          expect(results.every((r) => !r.valid && r.reason === 'check_digit_ten')).toBe(true);
        } else {
          expect(valid).toBe(1);
        }
      }),
    );
  });
});

describe('parsePersonId', () => {
  describe('valid numbers', () => {
    it.each(validFnr)('%s is a legacy fnr under both checksum modes', (pid) => {
      const expected = { valid: true, kind: 'fnr', kinds: ['fnr'], checksum: 'legacy' };
      expect(parsePersonId(pid)).toEqual(expected);
      expect(parsePersonId(pid, { checksum: 'legacy' })).toEqual(expected);
    });

    it.each([
      '25922947409',
      '23886799519',
      '21818297804',
    ])('%s is a Tenor number when tenor is allowed', (pid) => {
      expect(parsePersonId(pid, { allow: ['fnr', 'dnr', 'tenor'] })).toEqual({
        valid: true,
        kind: 'tenor',
        kinds: ['tenor'],
        checksum: 'legacy',
      });
      expect(parsePersonId(pid)).toEqual({ valid: false, reason: 'kind_not_allowed' });
    });

    it.each(['02013299997', '30108299920'])('2032 example %s also passes the legacy check digits', (pid) => {
      expect(parsePersonId(pid)).toMatchObject({ valid: true, kind: 'fnr', checksum: 'legacy' });
      expect(parsePersonId(pid, { checksum: 'legacy' })).toMatchObject({ valid: true, checksum: 'legacy' });
    });

    it('30108299939 is valid only under the 2032 rule', () => {
      expect(parsePersonId('30108299939')).toEqual({
        valid: true,
        kind: 'fnr',
        kinds: ['fnr'],
        checksum: '2032',
      });
      expect(parsePersonId('30108299939', { checksum: 'legacy+2032' })).toMatchObject({ checksum: '2032' });
      expect(parsePersonId('30108299939', { checksum: 'legacy' })).toEqual({
        valid: false,
        reason: 'checksum',
      });
    });

    it('a D-nummer (day + 40) is a dnr by default', () => {
      expect(parsePersonId('41018512430')).toEqual({
        valid: true,
        kind: 'dnr',
        kinds: ['dnr'],
        checksum: 'legacy',
      });
      expect(parsePersonId('41018512430', { allow: ['fnr'] })).toEqual({
        valid: false,
        reason: 'kind_not_allowed',
      });
    });

    it('month + 40 is an H-nummer and a Dolly number: kinds lists each allowed reading', () => {
      const pid = '01458512309';
      expect(parsePersonId(pid)).toEqual({ valid: false, reason: 'kind_not_allowed' });
      expect(parsePersonId(pid, { allow: ['hnr'] })).toMatchObject({
        valid: true,
        kind: 'hnr',
        kinds: ['hnr'],
      });
      expect(parsePersonId(pid, { allow: ['dolly'] })).toMatchObject({
        valid: true,
        kind: 'dolly',
        kinds: ['dolly'],
      });
      expect(parsePersonId(pid, { allow: ALL_KINDS })).toMatchObject({
        kind: 'hnr',
        kinds: ['hnr', 'dolly'],
      });
    });

    it('a D-nummer with month + 80 needs both dnr and tenor allowed', () => {
      const pid = '41818512315';
      expect(parsePersonId(pid, { allow: ['dnr', 'tenor'] })).toEqual({
        valid: true,
        kind: 'dnr',
        kinds: ['dnr', 'tenor'],
        checksum: 'legacy',
      });
      expect(parsePersonId(pid, { allow: ['fnr', 'dnr'] })).toEqual({
        valid: false,
        reason: 'kind_not_allowed',
      });
      expect(parsePersonId(pid, { allow: ['tenor'] })).toEqual({ valid: false, reason: 'kind_not_allowed' });
    });

    it('a D-nummer with month + 40 needs both dnr and dolly allowed (a D-nummer is never an H-nummer)', () => {
      const pid = '41458512483';
      expect(parsePersonId(pid, { allow: ALL_KINDS })).toMatchObject({
        valid: true,
        kinds: ['dnr', 'dolly'],
      });
      expect(parsePersonId(pid, { allow: ['dnr', 'hnr'] })).toEqual({
        valid: false,
        reason: 'kind_not_allowed',
      });
    });

    it('an empty allow list accepts nothing', () => {
      expect(parsePersonId('01085301957', { allow: [] })).toEqual({
        valid: false,
        reason: 'kind_not_allowed',
      });
    });
  });

  describe('29 February', () => {
    it('is valid in year 00 when the individnummer allows the 2000s (500–999)', () => {
      expect(parsePersonId('29020051386')).toMatchObject({ valid: true, kind: 'fnr' });
    });

    it('is invalid in year 00 when the individnummer fixes the 1900s (000–499)', () => {
      expect(parsePersonId('29020041232')).toEqual({ valid: false, reason: 'date' });
    });

    it('is valid in year 00 with individnummer 800 (the table maps 500–999 with YY ≤ 39 to the 2000s)', () => {
      expect(parsePersonId('29020081293')).toMatchObject({ valid: true });
    });

    it('is never valid in year 01', () => {
      expect(parsePersonId('29020151216')).toEqual({ valid: false, reason: 'date' });
    });

    it('skips the century table for numbers valid only under the 2032 rule', () => {
      expect(parsePersonId('29020000072')).toMatchObject({ valid: true, checksum: '2032' });
    });
  });

  describe('failure reasons', () => {
    it.each([
      [1085301957, 'not_string'],
      [undefined, 'not_string'],
      [['01085301957'], 'not_string'],
      ['0108530195', 'not_eleven_digits'],
      ['010853019570', 'not_eleven_digits'],
      ['010853 01957', 'not_eleven_digits'],
      [' 01085301957', 'not_eleven_digits'],
      ['0108530195７', 'not_eleven_digits'],
      ['01085301958', 'checksum'],
      ['01085301967', 'checksum'],
      ['31048512359', 'date'],
      ['02208512482', 'date'],
      ['72018512301', 'date'],
      ['25922947409', 'kind_not_allowed'],
    ] as const)('%j → %s', (value, reason) => {
      expect(parsePersonId(value)).toEqual({ valid: false, reason });
    });

    it('throws a TypeError naming the field for an invalid checksum option', () => {
      const options = { checksum: 'modern' } as unknown as PersonIdOptions;
      expect(() => parsePersonId('01085301957', options)).toThrow(/options\.checksum/);
    });

    it('throws a TypeError naming the field for an unknown kind in allow', () => {
      const options = { allow: ['fnr', 'snr'] } as unknown as PersonIdOptions;
      expect(() => parsePersonId('01085301957', options)).toThrow(TypeError);
      expect(() => parsePersonId('01085301957', options)).toThrow(/options\.allow/);
    });
  });

  describe('laws', () => {
    it('never throws for any value and rejects every non-string with not_string', () => {
      fc.assert(
        fc.property(fc.anything(), (value) => {
          const result = parsePersonId(value, { allow: ALL_KINDS });
          if (typeof value !== 'string') expect(result).toEqual({ valid: false, reason: 'not_string' });
        }),
      );
    });

    it('every generated 1900s fnr with legacy check digits is a legacy fnr in both modes', () => {
      fc.assert(
        fc.property(legacyFnrArb, (pid) => {
          const expected = { valid: true, kind: 'fnr', kinds: ['fnr'], checksum: 'legacy' };
          expect(parsePersonId(pid)).toEqual(expected);
          expect(parsePersonId(pid, { checksum: 'legacy' })).toEqual(expected);
        }),
      );
    });

    it('no single-digit substitution of a checksum-valid number passes the check digits, in either mode', () => {
      // k2 weighs every one of the first ten digits with a weight that is non-zero mod 11, so changing any one
      // digit changes the required k2; the 2032 rule widens k1 only, so it cannot rescue such a change.
      fc.assert(
        fc.property(
          checksumValidArb,
          fc.integer({ min: 0, max: 10 }),
          fc.integer({ min: 1, max: 9 }),
          (pid, position, delta) => {
            const digit = (Number(pid.charAt(position)) + delta) % 10;
            const mutated = pid.slice(0, position) + String(digit) + pid.slice(position + 1);
            const options = { allow: ALL_KINDS } as const;
            expect(parsePersonId(mutated, { ...options, checksum: 'legacy+2032' })).toEqual({
              valid: false,
              reason: 'checksum',
            });
            expect(parsePersonId(mutated, { ...options, checksum: 'legacy' })).toEqual({
              valid: false,
              reason: 'checksum',
            });
          },
        ),
      );
    });

    it('a 2032 sibling (other allowed k1, recomputed k2) of a legacy fnr is valid only under legacy+2032', () => {
      fc.assert(
        fc.property(fnrBodyArb, fc.integer({ min: 1, max: 3 }), (body, rest) => {
          const pid = complete(body, rest);
          fc.pre(pid !== undefined && complete(body, 0)?.charAt(9) !== pid.charAt(9));
          expect(parsePersonId(pid)).toEqual({ valid: true, kind: 'fnr', kinds: ['fnr'], checksum: '2032' });
          expect(parsePersonId(pid, { checksum: 'legacy' })).toEqual({ valid: false, reason: 'checksum' });
        }),
      );
    });
  });
});
