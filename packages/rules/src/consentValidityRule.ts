import { ConfigError, type Consent, fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions, tolerance } from './ruleKit.js';

/** A format `validTo` may have been read from (see `Consent['validToFormat']`). */
type ValidToFormat = 'epoch' | 'numeric-string' | 'iso' | 'legacy-datetime';

const PERIOD = /^P(?!$)(?:(\d{1,2})Y)?(?:(\d{1,3})M)?(?:(\d{1,4})D)?$/;
/** The longest `maxPeriod`, as 365·years + 365/12·months + days: ten years (`P10Y`, `P120M`, `P3660D`). */
const MAX_PERIOD_DAYS = 3660;

/**
 * Options of {@link consentValidityRule}.
 *
 * @example
 * ```ts
 * const lanekassen: ConsentValidityRuleOptions = { maxPeriod: 'P1Y' };
 * const legacyToo: ConsentValidityRuleOptions = { formats: ['epoch', 'iso', 'legacy-datetime'] };
 * ```
 */
export interface ConsentValidityRuleOptions extends RuleBaseOptions {
  /**
   * The formats `validTo` may have been written in: `epoch` (a JSON number, current Altinn 2 tokens and stored
   * consents), `iso` (Altinn 3), and, opt-in, `numeric-string` and `legacy-datetime` (the old Altinn 2 strings
   * `dd.MM.yyyy HH:mm:ss` and `yyyy-MM-dd HH:mm:ss`, whose time zone is UNCONFIRMED).
   * @defaultValue `['epoch', 'iso']`
   */
  readonly formats?: readonly ValidToFormat[];
  /**
   * The longest accepted consent period `validTo - consentedAt`, as an ISO 8601 duration of years, months and
   * days (`P1Y` Lånekassen, `P10D` Skatteetaten, `P3Y` NAV), added to `consentedAt` in UTC calendar
   * arithmetic (a month from 31 January ends on the last day of February). When set, a consent without
   * `consentedAt` is `consent_invalid`. At most ten years: 365·years + 365/12·months + days ≤ 3 660 (`P10Y`,
   * `P120M`, `P3660D`); a longer one is a `ConfigError` naming `maxPeriod`.
   * @defaultValue no limit
   */
  readonly maxPeriod?: string;
}

/**
 * `epoch` plus an ISO 8601 period, as java.time and ISO 8601 add it: years and months first, the day clamped to
 * the end of the month reached (31 January + P1M is 28 or 29 February, never March), then days.
 */
/** Each period's years, months and days, parsed once: the rule's options hold a handful of periods at most. */
const parsedPeriods = new Map<string, readonly [number, number, number]>();

function periodParts(period: string): readonly [number, number, number] {
  let parts = parsedPeriods.get(period);
  if (parts === undefined) {
    const [, years = '0', months = '0', days = '0'] = PERIOD.exec(period) ?? [];
    parts = [Number(years), Number(months), Number(days)];
    if (parsedPeriods.size < 64) parsedPeriods.set(period, parts);
  }
  return parts;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The last day of a month (0–11) of a proleptic Gregorian year, as `Date.UTC(year, month + 1, 0)` gives it. */
function lastDayOf(year: number, month: number): number {
  // Date itself answers where it is odd: years 0–99 (read as 1900–1999), near the ends of its range, NaN.
  if (!(year >= 100 && year < 200_000)) return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 1 && leap ? 29 : (MONTH_DAYS[month] as number);
}

function addPeriod(epoch: number, period: string): number {
  const [years, months, days] = periodParts(period);
  const t = new Date(epoch * 1000);
  const monthIndex = t.getUTCMonth() + months + 12 * years;
  const year = t.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  return (
    Date.UTC(
      year,
      month,
      Math.min(t.getUTCDate(), lastDayOf(year, month)) + days,
      t.getUTCHours(),
      t.getUTCMinutes(),
      t.getUTCSeconds(),
      t.getUTCMilliseconds(),
    ) / 1000
  );
}

/**
 * Whether `validTo` is within `period` of `consentedAt` (with the tolerance), as `validTo <= addPeriod(…) + tol`
 * says, without the calendar when the answer is plain: a period of Y years, M months and D days is at least
 * 365·Y + 28·M + D − 3 days (the day clamped to a shorter month loses at most 3), kept a day further from the
 * edge for Date's whole milliseconds; only near the edge, or for an instant outside years 1970–5138, is the
 * period added exactly.
 */
function withinPeriod(consentedAt: number, validTo: number, period: string, tol: number): boolean {
  const [years, months, days] = periodParts(period);
  const surely = (365 * years + 28 * months + days - 4) * 86_400;
  if (consentedAt >= 0 && consentedAt <= 1e11 && validTo <= consentedAt + surely + tol) return true;
  return validTo <= addPeriod(consentedAt, period) + tol;
}

function validToPath(consent: Consent): string {
  return consent.validToClaim === 'absent' ? 'consent.validTo' : `consent.${consent.validToClaim}`;
}

/**
 * The consent must be valid now and not for too long: `validTo` present, parseable and in an allowed format
 * (`consent_invalid`), in the future within the clock tolerance (`consent_expired`), and, with `maxPeriod`,
 * `validTo - consentedAt` within the service's maximum (`consent_period_exceeded`). No consent gives
 * `consent_missing`. Default id `consent-validity`.
 *
 * @example
 * ```ts
 * import { consentValidityRule } from '@dsop-guard/rules';
 *
 * const rule = consentValidityRule({ maxPeriod: 'P10D' }); // Skatteetaten: at most 10 days
 * ```
 */
export const consentValidityRule = builtinRule({
  name: 'consent-validity',
  summary:
    'Consent `validTo` is present, in an allowed format and in the future; the period `validTo - consentedAt` is at most `maxPeriod`.',
  codes: ['consent_missing', 'consent_invalid', 'consent_expired', 'consent_period_exceeded'],
  reads: {
    'consent.validTo': 'time',
    'consent.consentedAt': 'time',
    'consent.validToClaim': 'text',
    'consent.validToFormat': 'text',
  },
  options: {
    formats: {
      description:
        'Accepted `validTo` formats: `epoch`, `iso`, and opt-in `numeric-string`, `legacy-datetime` (old Altinn 2 strings).',
      default: ['epoch', 'iso'],
      type: 'array',
      items: { enum: ['epoch', 'numeric-string', 'iso', 'legacy-datetime'] },
      minItems: 1,
      maxItems: 64,
    },
    maxPeriod: {
      description:
        'Longest consent period as an ISO 8601 duration (`P1Y`, `P10D`, `P3Y`), added to `consentedAt` in UTC; at most ten years (365·years + 365/12·months + days ≤ 3 660). Default: no limit.',
      type: 'string',
      pattern: PERIOD.source,
    },
  },
  resolve: (o: ConsentValidityRuleOptions): { formats: readonly string[]; maxPeriod?: string } => {
    if (o.maxPeriod !== undefined) {
      const [years, months, days] = periodParts(o.maxPeriod);
      if (365 * years + (365 * months) / 12 + days > MAX_PERIOD_DAYS) {
        throw new ConfigError(`${o.id ?? 'consent-validity'}.maxPeriod`, 'must be at most ten years (P10Y)');
      }
    }
    return {
      formats: o.formats ?? ['epoch', 'iso'],
      ...(o.maxPeriod === undefined ? {} : { maxPeriod: o.maxPeriod }),
    };
  },
  check:
    ({ formats, maxPeriod }) =>
    (claims, context) => {
      const consent = claims.consent;
      if (consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
      const path = validToPath(consent);
      const { validTo, validToFormat } = consent;
      if (validTo === undefined) {
        return fail({ code: 'consent_invalid', path, expected: 'a date', actual: validToFormat });
      }
      if (!formats.includes(validToFormat)) {
        return fail({ code: 'consent_invalid', path, expected: formats, actual: validToFormat });
      }
      const tol = tolerance(context);
      if (!(validTo + tol > context.now)) {
        return fail({ code: 'consent_expired', path, expected: context.now - tol, actual: validTo });
      }
      if (maxPeriod === undefined) return pass();
      if (consent.consentedAt === undefined) {
        return fail({
          code: 'consent_invalid',
          path: 'consent.consentedAt',
          expected: 'a date',
          actual: null,
        });
      }
      return withinPeriod(consent.consentedAt, validTo, maxPeriod, tol)
        ? pass()
        : fail({
            code: 'consent_period_exceeded',
            path,
            expected: maxPeriod,
            actual: validTo - consent.consentedAt,
          });
    },
});
