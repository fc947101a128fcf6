import { all, createEngine, definePolicy, defineRule, localKeySet, pass } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Reported by the property work: a `clock` option that throws made `evaluate` reject, because the error path
// asked the same clock for the verdict's time. Fix: failure verdicts fall back to the system time.
describe('regression: a clock that throws', () => {
  const keys = sharedKeys('throwingClock#1', { kid: 'k' });
  const engine = createEngine({
    policy: definePolicy({ id: 'p', version: '1', rule: all([defineRule({ id: 'anything', check: pass })]) }),
    maskinporten: { keys: localKeySet({ issuer: 'x', jwks: keys.jwks }) },
    clock: () => {
      throw new Error('clock broke');
    },
  });

  it('gives a deny with rule_error, never a rejection', async () => {
    const verdict = await engine.evaluate({ maskinportenToken: 'a.b.c' });
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons).toEqual(['rule_error']);
    expect(Number.isFinite(verdict.evaluatedAt)).toBe(true);
  });

  it('refuse still builds its verdict', () => {
    expect(engine.refuse({ code: 'input_malformed', ruleId: 'http.x', path: 'x' }).reasons).toEqual([
      'input_malformed',
    ]);
  });
});
