// @ts-nocheck
import { reasonCodes } from '@dsop-guard/core';
import { describeReason } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

describe('describeReason', () => {
  it('describes every reason code in English and Norwegian', () => {
    for (const code of reasonCodes) {
      const words = describeReason(code);
      expect(words?.en, code).toMatch(/\S/);
      expect(words?.nb, code).toMatch(/\S/);
    }
    expect(describeReason('consent_expired')).toEqual({
      en: 'the consent has expired',
      nb: 'samtykket er utløpt',
    });
  });

  it('gives undefined for a code this version does not know, including Object.prototype members', () => {
    for (const code of ['from_the_future', 'toString', '__proto__', 'constructor', ''])
      expect(describeReason(code), code).toBeUndefined();
  });

  it('describes a custom code from the declarations given, and only from them', () => {
    const codes = { 'acme.blocked': { en: 'blocked', nb: 'sperret', status: 451 } };
    expect(describeReason('acme.blocked', codes)).toEqual({ en: 'blocked', nb: 'sperret' });
    expect(describeReason('acme.blocked')).toBeUndefined();
    expect(describeReason('acme.other', codes)).toBeUndefined();
  });
});
