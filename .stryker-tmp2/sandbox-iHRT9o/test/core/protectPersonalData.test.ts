// @ts-nocheck
import { createHmac } from 'node:crypto';
import { protectPersonalData } from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions } from '../arbitraries/fcOptions.js';

// How personal data and tokens are written into verdicts, mode by mode.

const fnr = '01085301957';
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
const hmac = (key: string | Uint8Array, text: string) =>
  `p:${createHmac('sha256', key).update(text).digest('hex').slice(0, 16)}`;

describe('protectPersonalData', () => {
  it.each([
    ['an fnr alone', fnr, '*********57'],
    ['two numbers in one text', `${fnr} and 13097248022`, '*********57 and *********22'],
    ['an fnr glued to a timestamp', `${fnr}1764000000`, '*******************00'],
    ['ten digits (an orgno and more) stay', '0192:910753614 1234567890', '0192:910753614 1234567890'],
    ['a token', `Bearer ${jwt}`, 'Bearer [token]'],
    ['a token without a signature', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', '[token]'],
    ['text without either', 'scope svv:kjoretoy', 'scope svv:kjoretoy'],
  ])('mask (the default): %s', (_name, input, output) => {
    expect(protectPersonalData()(input)).toBe(output);
    expect(protectPersonalData({ mode: 'mask' })(input)).toBe(output);
  });

  it('pseudonymise: p: and the first 16 hex digits of HMAC-SHA256(key, number), stable per key', () => {
    const key = 'k'.repeat(32);
    const protect = protectPersonalData({ mode: 'pseudonymise', key });
    expect(protect(`person ${fnr}`)).toBe(`person ${hmac(key, fnr)}`);
    expect(protect(fnr)).toBe(protectPersonalData({ mode: 'pseudonymise', key })(fnr));
    expect(protectPersonalData({ mode: 'pseudonymise', key: 'j'.repeat(32) })(fnr)).not.toBe(protect(fnr));
    const bytes = new Uint8Array(32).fill(7);
    expect(protectPersonalData({ mode: 'pseudonymise', key: bytes })(fnr)).toBe(hmac(bytes, fnr));
    expect(protect(jwt)).toBe('[token]');
  });

  it('clear: numbers as given, tokens still replaced', () => {
    const protect = protectPersonalData({ mode: 'clear' });
    expect(protect(`${fnr} ${jwt}`)).toBe(`${fnr} [token]`);
  });

  it('the fast path that skips texts without a number or token answers as the regular expressions do', () => {
    // The reference: the masking written as plain replaces, run on every text.
    const number = /\d{11,}|(?<!\d)\d{6}[ .-]\d{5}(?!\d)/g;
    const reference = (text: string) =>
      (text.includes('eyJ') ? protectPersonalData({ mode: 'clear' })(text) : text).replace(number, (d) =>
        [...d].map((c, i) => (i >= d.length - 2 || !/\d/.test(c) ? c : '*')).join(''),
      );
    const piece = fc.constantFrom(
      '0',
      '1',
      '9',
      ' ',
      '.',
      '-',
      'a',
      'e',
      'y',
      'J',
      'eyJ',
      '01085301957',
      '_',
    );
    const text = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(protectPersonalData()(t)).toBe(reference(t));
      }),
      fcOptions(20),
    );
  });

  it('pseudonymised, a text of digits only (a person field) answers as the regular expressions do', () => {
    const key = 'k'.repeat(32);
    const number = /\d{11,}|(?<!\d)\d{6}[ .-]\d{5}(?!\d)/g;
    const reference = (text: string) => text.replace(number, (d) => hmac(key, d));
    const protect = protectPersonalData({ mode: 'pseudonymise', key });
    const digits = fc
      .array(fc.constantFrom('0', '7', '01085301957'), { maxLength: 12 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(digits, (t) => {
        expect(protect(t)).toBe(reference(t));
      }),
      fcOptions(20),
    );
  });
});
