// @ts-nocheck
import { protectPersonalData } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { sampleRequest, verdictOf } from './support.js';

// Found by "no fødselsnummer from the input appears unmasked in a serialised verdict" (privacy.test.ts):
// - seed 1947028419: X-Request-Id "064422946481764000000123" (the person's number glued to a millisecond
//   timestamp) was kept as is, because only runs of exactly 11 digits were masked. Fix: protectPersonalData masks
//   every run of 11 or more digits.
// - seed 1117961665: a token's jti "jti-21818297804" appeared in tokens.maskinporten.jti, and org ids in
//   subject.consumer/supplier, without protection. Fix: createEngine protects token facts and subject ids too.

describe('regression: the person number never appears in a verdict (seeds 1947028419, 1117961665)', () => {
  it('masks a person number glued to other digits', () => {
    expect(protectPersonalData({ mode: 'mask' })('064422946481764000000123')).toBe(
      '**********************23',
    );
    expect(protectPersonalData({ mode: 'mask' })('01085301957')).toBe('*********57');
    const pseudo = protectPersonalData({ mode: 'pseudonymise', key: 'a-pseudonymisation-key-of-32-bytes' });
    expect(pseudo('064422946481764000000123')).not.toContain('06442294648');
  });

  it('keeps it out of requestId and token facts', async () => {
    const plan = sampleRequest();
    const fnr = plan.person.value;
    const verdict = await verdictOf({
      ...plan,
      requestId: `${fnr}1764000000123`,
      maskinporten: { ...plan.maskinporten, claims: { ...plan.maskinporten.claims, jti: `jti-${fnr}` } },
    });
    expect(verdict.decision).toBe('allow');
    expect(JSON.stringify(verdict)).not.toContain(fnr);
    expect(verdict.tokens.maskinporten?.jti).toBe(`jti-*********${fnr.slice(9)}`);
  });
});
