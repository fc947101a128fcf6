// @ts-nocheck
import { consentValidityRule } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import { claims } from '../rules/claims.js';

// Found by a helper while killing mutants in rules/consentValidityRule.ts: `maxPeriod` was added with
// JavaScript's overflowing date arithmetic, so 31 January + P1M was 3 March (2 March in a leap year) and
// 29 February + P1Y was 1 March: a consent up to three days longer than the period passed. Fix: years and months
// are added first and the day is clamped to the month's end (ISO 8601, java.time), then days are added.

const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d, 12) / 1000;
const judge = async (maxPeriod: string, consentedAt: number, validTo: number) =>
  (
    await consentValidityRule({ maxPeriod }).evaluate(claims({ consent: { consentedAt, validTo } }), {
      now: consentedAt,
      clockTolerance: 0,
    })
  ).status;

describe('regression: a period that ends in a shorter month ends on its last day', () => {
  it.each([
    ['P1M', utc(2025, 1, 31), utc(2025, 2, 28)],
    ['P1M', utc(2024, 1, 31), utc(2024, 2, 29)],
    ['P1M', utc(2025, 3, 31), utc(2025, 4, 30)],
    ['P1Y', utc(2024, 2, 29), utc(2025, 2, 28)],
    ['P1Y1M', utc(2024, 12, 31), utc(2026, 1, 31)],
    ['P13M', utc(2024, 12, 31), utc(2026, 1, 31)],
    ['P1M1D', utc(2025, 1, 31), utc(2025, 3, 1)],
  ])('%s from %i ends at %i: that instant passes, one second later is consent_period_exceeded', async (period, from, end) => {
    expect(await judge(period, from, end)).toBe('pass');
    expect(await judge(period, from, end + 1)).toBe('fail');
  });
});
