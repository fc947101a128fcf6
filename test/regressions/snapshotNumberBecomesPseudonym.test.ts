import { createGuard } from '@dsop-guard/adapters';
import { type AuditSink, createAuditTrail, type DecisionRecord } from '@dsop-guard/core';
import { replayRecord } from '@dsop-guard/report/replay';
import { describe, expect, it } from 'vitest';
import { guardOptions, lanekassen, tokens } from '../adapters/table.js';

// Issue 21 finding 5: replaying the SAME policy flipped a live deny to an allow. A Maskinporten token whose `exp`
// was a 16-digit number was denied live (`token_lifetime_exceeded`); the claim snapshot wrote every integer of
// 11 digits or more as a pseudonym string, and `exp - iat` over a string is NaN, which no limit exceeds. The
// verdict's `actual` (exp - iat, 16 digits) was masked as `**************40` too. Fix: the snapshot keeps every
// value's type, and pseudonymises a number only where it can be a person number (an integer of exactly 11
// digits outside the time claims, into another 11-digit integer); a fact is masked only when it is one.

const exp = 1_234_567_890_123_456;

async function recorded(claims: Record<string, unknown>, key?: string) {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
  const { consentStore: _none, ...options } = guardOptions();
  const pseudonymKey = key === undefined ? {} : { pseudonymKey: { id: 'k', key } };
  const guard = createGuard({ ...options, audit: createAuditTrail({ sinks: [sink], ...pseudonymKey }) });
  const verdict = await guard.check({
    maskinportenToken: tokens.direct({ claims }),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
  });
  return { verdict, record: JSON.parse(lines[0] as string) as DecisionRecord };
}

describe('regression: a claim snapshot keeps every value type, so replay reproduces the live decision', () => {
  it.each([
    undefined,
    'a-regression-test-key-of-32-bytes',
  ])('a 16-digit exp: denied live, denied in replay, with the same reasons (key %s)', async (key) => {
    const { verdict, record } = await recorded({ exp }, key);
    expect(verdict.reasons).toEqual(['token_lifetime_exceeded']);
    expect(record.snapshot?.maskinporten.exp).toBe(exp);
    const result = await replayRecord(record, lanekassen.policy);
    expect(result).toMatchObject({
      kind: 'replayed',
      after: { decision: 'deny', reasons: ['token_lifetime_exceeded'] },
    });
  });

  it("the verdict's actual of such a rule is the number, not a mask", async () => {
    const { verdict } = await recorded({ exp });
    const actual = verdict.violations.find((v) => v.code === 'token_lifetime_exceeded')?.actual;
    expect(typeof actual).toBe('number');
  });

  it('an 11-digit integer outside the time claims is pseudonymised as an 11-digit integer, equal for equal values', async () => {
    const fnr = 15_076_500_565;
    const { record } = await recorded(
      { ssn: fnr, copy: fnr, count: 123_456_789_012 },
      'a-regression-test-key-of-32-bytes',
    );
    const raw = record.snapshot?.maskinporten.raw as Record<string, unknown>;
    expect(typeof raw['ssn']).toBe('number');
    expect(String(raw['ssn'])).toMatch(/^\d{11}$/);
    expect(raw['ssn']).not.toBe(fnr);
    expect(raw['copy']).toBe(raw['ssn']);
    expect(raw['count']).toBe(123_456_789_012);
    expect(JSON.stringify(record)).not.toContain(String(fnr));
  });
});
