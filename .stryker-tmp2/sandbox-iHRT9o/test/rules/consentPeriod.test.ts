// @ts-nocheck
import { consentValidityRule } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions } from '../arbitraries/fcOptions.js';
import { claims } from './claims.js';

// consent-validity's maxPeriod decides most consents without the calendar (a period of Y years, M months and D
// days is at least 365·Y + 28·M + D − 3 days); the law: it answers exactly as calendar arithmetic does, also at the
// edge, where the day is clamped to a shorter month, and for instants outside the range the shortcut takes.

/** consentedAt + the period in UTC calendar arithmetic (years and months, the day clamped, then days), via Date. */
function reference(consentedAt: number, years: number, months: number, days: number): number {
  const t = new Date(consentedAt * 1000);
  const monthIndex = t.getUTCMonth() + months + 12 * years;
  const year = t.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(t.getUTCDate(), last) + days;
  const end = Date.UTC(
    year,
    month,
    day,
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
    t.getUTCMilliseconds(),
  );
  return end / 1000;
}

const period = fc.record({
  years: fc.integer({ min: 0, max: 4 }),
  months: fc.integer({ min: 0, max: 14 }),
  days: fc.integer({ min: 0, max: 40 }),
});
const instant = fc.oneof(
  fc.integer({ min: 0, max: 4_102_444_800 }), // 1970–2100, whole seconds
  fc.double({ min: 0, max: 1e11, noNaN: true }), // fractions, up to the shortcut's limit and beyond it
  fc.double({ min: 1e11, max: 2e11, noNaN: true }),
  fc.integer({ min: -2_000_000_000, max: -1 }), // before 1970: always the calendar
);
/** Seconds around the period's end: whole days, a few seconds, and fractions of a millisecond. */
const offset = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map((d) => d * 86_400),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ min: -0.002, max: 0.002, noNaN: true }),
);

describe('consent-validity: maxPeriod as calendar arithmetic', () => {
  it('passes exactly when validTo <= consentedAt + the period (+ tolerance), at any instant and period', async () => {
    await fc.assert(
      fc.asyncProperty(instant, period, offset, fc.constantFrom(0, 10), async (consentedAt, p, off, tol) => {
        const text = `P${p.years}Y${p.months}M${p.days}D`;
        const end = reference(consentedAt, p.years, p.months, p.days);
        const validTo = end + off;
        const outcome = await consentValidityRule({ maxPeriod: text }).evaluate(
          claims({ consent: { consentedAt, validTo } }),
          { now: validTo - 1, clockTolerance: tol },
        );
        expect(outcome.status).toBe(validTo <= end + tol ? 'pass' : 'fail');
      }),
      fcOptions(20),
    );
  });
});
