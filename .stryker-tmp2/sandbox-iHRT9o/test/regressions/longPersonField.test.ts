// @ts-nocheck
import { createGuard } from '@dsop-guard/adapters';
import { protectPersonalData } from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardOptions, tokens } from '../adapters/table.js';
import { fcOptions } from '../arbitraries/index.js';

// Issue 11, defect 1: the token-shaped-text pattern was quadratic and ran over the unbounded `person` field
// before any token check (`person: 'eyJ'.repeat(13334)` took ~0.5 s). Now the person is refused past 64
// characters and bounded before anything reads it, and the pattern is linear (timed in the bench, not here).

describe('regression: a long person field is refused before any pattern runs over it', () => {
  const guard = createGuard(guardOptions());

  it('a person of more than 64 characters is input_malformed, and the verdict records at most 64 of them', async () => {
    const verdict = await guard.check({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: 'eyJ'.repeat(13_334),
    });
    expect(verdict.reasons).toEqual(['input_malformed']);
    expect(verdict.violations).toMatchObject([{ path: 'person', expected: 'at most 64 characters' }]);
    expect((verdict.subject.person ?? '').length).toBeLessThanOrEqual(64);
  });

  it('a person of 64 characters is still judged (and denied by the person rules, not refused)', async () => {
    const verdict = await guard.check({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: '1'.repeat(64),
    });
    expect(verdict.reasons).not.toContain('input_malformed');
  });

  it('law: stripping tokens from long adversarial text agrees with the former pattern on what it replaces', () => {
    const former = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
    const protect = protectPersonalData({ mode: 'clear' });
    const piece = fc.constantFrom('eyJ', '.', 'a', 'b9', '-', '_', ' ', 'eyJab', '..', 'x.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (pieces) => {
        const text = pieces.join('');
        expect(protect(text)).toBe(text.replace(former, '[token]'));
      }),
      fcOptions(),
    );
  });
});
