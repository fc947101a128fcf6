import { all, ConfigError, definePolicy, defineRule, fail, pass } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { engineFor } from '../properties/support/engines.js';
import { signRequest } from '../properties/support/sign.js';
import { sampleRequest } from './support.js';

// Issue 26 (Low): nothing was capped. A rule returning 100 000 violations had each one checked, copied,
// protected and put in the verdict (and the decision record); a rule's `timeoutMs` could be a day. Fix: a rule's
// outcome keeps at most 32 violations and a verdict lists at most 100; past a cap the last kept entry marks the
// cut (path `violations`, the count in `actual`, the first cut violation's code). A `timeoutMs` above 30 000 is a
// ConfigError.

const many = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ code: 'custom_denied' as const, path: `p${i}` }));
const flood = (id: string, count: number) =>
  defineRule({ id, check: () => fail(...(many(count) as [ReturnType<typeof many>[number]])) });

describe('regression: violations and time limits are capped (issue 26)', () => {
  const plan = sampleRequest();
  const input = signRequest(plan).input;
  const verdictWith = (...rules: ReturnType<typeof defineRule>[]) =>
    engineFor(definePolicy({ id: 'p', version: '1', rule: all(rules) }), plan.clockTolerance).evaluate(input);

  it('a rule returning 100 000 violations keeps 32, the last one marking the cut', async () => {
    const verdict = await verdictWith(flood('acme.flood', 100_000));
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons).toEqual(['custom_denied']);
    expect(verdict.violations).toHaveLength(32);
    expect(verdict.violations[30]).toEqual({ code: 'custom_denied', ruleId: 'acme.flood', path: 'p30' });
    expect(verdict.violations[31]).toEqual({
      code: 'custom_denied',
      ruleId: 'acme.flood',
      path: 'violations',
      expected: 'at most 32 violations',
      actual: 100_000,
    });
  });

  it('exactly 32 violations are kept as they are', async () => {
    const verdict = await verdictWith(flood('acme.flood', 32));
    expect(verdict.violations.map((v) => v.path)).toEqual(many(32).map((v) => v.path));
  });

  it('a verdict lists at most 100 violations, the last one marking the cut; its reasons name every code', async () => {
    const rules = Array.from({ length: 5 }, (_, i) => flood(`acme.flood-${i}`, 32));
    const other = defineRule({ id: 'acme.other', check: () => fail({ code: 'scope_missing', path: 's' }) });
    const verdict = await verdictWith(...rules, other);
    expect(verdict.violations).toHaveLength(100);
    expect(verdict.reasons).toEqual(['custom_denied', 'scope_missing']);
    expect(verdict.violations[99]).toEqual({
      code: 'custom_denied',
      ruleId: 'engine',
      path: 'violations',
      expected: 'at most 100 violations',
      actual: 161,
    });
  });

  it('a rule timeout above 30 000 ms is a ConfigError; 30 000 itself builds', () => {
    expect(() => defineRule({ id: 'r', check: () => pass(), timeoutMs: 30_001 })).toThrow(ConfigError);
    expect(() => defineRule({ id: 'r', check: () => pass(), timeoutMs: 86_400_000 })).toThrow(
      /at most 30000/,
    );
    expect(defineRule({ id: 'r', check: () => pass(), timeoutMs: 30_000 }).id).toBe('r');
  });
});
