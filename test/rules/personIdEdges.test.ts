import { type PersonIdOptions, parsePersonId } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Edges of parsePersonId's date rule that test/rules/identifiers.test.ts does not reach: every number here has
// legacy check digits, so the century table (individnummer digits 7–9) decides 29 February of year 00.

describe('parsePersonId: 29 February and the century table', () => {
  it.each([
    ['29020049942', 'individnummer 499 is the last of 000–499, which fixes the 1900s (1900 is no leap year)'],
  ])('%s is not a date: %s', (pid) => {
    expect(parsePersonId(pid)).toEqual({ valid: false, reason: 'date' });
  });

  it.each([
    ['29020090039', 'year 00 with individnummer 900–999 is in the 2000s (2000 is a leap year)'],
    ['29025650024', 'year 56 with individnummer 500–749 is 1856, a leap year'],
    ['29029690098', 'year 96 with individnummer 900–999 is 1996, a leap year'],
    ['29024875030', 'year 48 with individnummer 750–899 is 1948 or 2048, both leap years'],
    ['29025600000', 'year 56 with individnummer 000–499 is 1956, a leap year'],
  ])('%s is a valid fødselsnummer: %s', (pid) => {
    expect(parsePersonId(pid)).toEqual({ valid: true, kind: 'fnr', kinds: ['fnr'], checksum: 'legacy' });
  });
});

describe('parsePersonId: days and months that do not exist', () => {
  it.each([
    ['31048410084', '31 April, in the leap year 1984'],
    ['30028410065', '30 February, in the leap year 1984'],
    ['01138510030', 'month 13'],
    ['01008510012', 'month 00'],
  ])('%s is not a date (%s)', (pid) => {
    expect(parsePersonId(pid)).toEqual({ valid: false, reason: 'date' });
  });

  it('30 January is a date (a 30th is only refused where the month is shorter)', () => {
    expect(parsePersonId('30018510096')).toEqual({
      valid: true,
      kind: 'fnr',
      kinds: ['fnr'],
      checksum: 'legacy',
    });
  });
});

describe('parsePersonId: the modified digits at their upper bounds', () => {
  it('a D-nummer for the 31st (first digits 71) is a dnr', () => {
    expect(parsePersonId('71018510019')).toEqual({
      valid: true,
      kind: 'dnr',
      kinds: ['dnr'],
      checksum: 'legacy',
    });
  });

  it('month 52 (December + 40) is an H-nummer or a Dolly number', () => {
    expect(parsePersonId('01528510023', { allow: ['hnr', 'dolly'] })).toEqual({
      valid: true,
      kind: 'hnr',
      kinds: ['hnr', 'dolly'],
      checksum: 'legacy',
    });
  });
});

describe('parsePersonId: option errors', () => {
  it('names every accepted kind when allow holds an unknown one', () => {
    const options = { allow: ['fnr', 'snr'] } as unknown as PersonIdOptions;
    expect(() => parsePersonId('01085301957', options)).toThrow(
      new TypeError('parsePersonId: options.allow must be an array of fnr, dnr, hnr, tenor, dolly'),
    );
  });

  it('refuses an allow that is not an array', () => {
    const options = { allow: 'fnr' } as unknown as PersonIdOptions;
    expect(() => parsePersonId('01085301957', options)).toThrow(TypeError);
  });
});
