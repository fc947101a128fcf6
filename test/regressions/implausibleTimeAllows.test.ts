import {
  all,
  createEngine,
  definePolicy,
  defineRule,
  type EngineOptions,
  pass,
  verifyToken,
} from '@dsop-guard/core';
import { signToken } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { FIXED_CLOCK } from '../properties/support/engines.js';
import { propertyKeys } from '../properties/support/keys.js';

// Issue 26 (Medium): time was not sanity-checked. A `clock` that returned NaN, `undefined` or an uptime, or a
// request with `now: 0`, let a token that expired a year ago through a policy without `token-lifetime` or
// `consent-validity` (every `now >= exp` was false). Milliseconds made every token live 1000 times longer; and
// `iat` was checked only by the token-lifetime rule. Fix: verification checks `exp`, `nbf` and `iat` itself,
// against a `now` that must be epoch seconds from 2015 to 2100: a request's `now` outside it is
// `input_malformed`, a clock's answer outside it (or a throw) is an engine `rule_error`, and verifyToken denies
// such a `now` with `input_malformed`.

const keys = propertyKeys();
const YEAR = 365 * 86_400;
const noRules = definePolicy({
  id: 'no-rules',
  version: '1',
  rule: all([defineRule({ id: 'anything', check: () => pass() })]),
});
// (an enforced rule that always passes: a policy of no rules is refused, issue 26)
const engineWith = (clock: EngineOptions['clock']) =>
  createEngine({
    policy: noRules,
    maskinporten: { keys: keys.maskinportenSet },
    ...(clock ? { clock } : {}),
  });
const mpToken = (claims: Record<string, unknown>) =>
  signToken({
    keys: keys.maskinporten,
    payload: {
      iss: 'https://test.maskinporten.no/',
      scope: 's',
      consumer: { authority: 'iso6523-actorid-upis', ID: '0192:910753614' },
      ...claims,
    },
  });
const expiredAYearAgo = mpToken({ iat: FIXED_CLOCK - YEAR - 120, exp: FIXED_CLOCK - YEAR });
const current = mpToken({ iat: FIXED_CLOCK - 5, exp: FIXED_CLOCK + 100 });

describe('regression: a token that expired a year ago never passes on a time that is none (issue 26)', () => {
  it('at a real time, the current token is allowed and the expired one denied, without any rule', async () => {
    const engine = engineWith(() => FIXED_CLOCK);
    expect((await engine.evaluate({ maskinportenToken: current })).decision).toBe('allow');
    expect((await engine.evaluate({ maskinportenToken: expiredAYearAgo })).reasons).toEqual([
      'token_expired',
    ]);
  });

  it.each([
    ['NaN', () => Number.NaN],
    ['undefined', () => undefined as unknown as number],
    ['an uptime in seconds', () => 86_400 * 3],
    ['0', () => 0],
    ['-0', () => -0],
    ['milliseconds', () => FIXED_CLOCK * 1000],
    ['a string', () => String(FIXED_CLOCK) as unknown as number],
    ['Infinity', () => Number.POSITIVE_INFINITY],
  ])('a clock that answers %s makes every request an engine rule_error', async (_name, clock) => {
    const engine = engineWith(clock);
    for (const token of [expiredAYearAgo, current]) {
      const decision = await engine.decide({ maskinportenToken: token });
      expect(decision.verdict.decision).toBe('deny');
      expect(decision.verdict.reasons).toEqual(['rule_error']);
      expect(decision.ruleErrors.map((e) => e.errorClass)).toEqual(['ImplausibleClock']);
      expect(Number.isFinite(decision.verdict.evaluatedAt)).toBe(true);
    }
  });

  it.each([
    ['0', 0],
    ['-0', -0],
    ['an uptime', 3600],
    ['milliseconds', FIXED_CLOCK * 1000],
    ['2100', 4_102_444_800],
  ])('a request whose now is %s is input_malformed, whatever the clock', async (_name, now) => {
    const verdict = await engineWith(() => FIXED_CLOCK).evaluate({ maskinportenToken: expiredAYearAgo, now });
    expect(verdict.violations).toEqual([
      { code: 'input_malformed', ruleId: 'input', path: 'now', expected: 'epoch seconds from 2015 to 2100' },
    ]);
    expect(verdict.evaluatedAt).toBe(FIXED_CLOCK);
  });

  it('a token issued in the future is denied by verification, without the token-lifetime rule', async () => {
    const future = mpToken({ iat: FIXED_CLOCK + YEAR, exp: FIXED_CLOCK + YEAR + 120 });
    const verdict = await engineWith(() => FIXED_CLOCK).evaluate({ maskinportenToken: future });
    expect(verdict.violations).toEqual([
      {
        code: 'token_issued_in_future',
        ruleId: 'verify.maskinporten',
        path: 'maskinporten.iat',
        expected: FIXED_CLOCK + 10,
        actual: FIXED_CLOCK + YEAR,
      },
    ]);
  });

  it('verifyToken refuses a now that is no time, and checks iat', async () => {
    for (const now of [0, Number.NaN, FIXED_CLOCK * 1000]) {
      const result = await verifyToken(expiredAYearAgo, { keys: keys.maskinportenSet, now });
      expect(result._unsafeUnwrapErr()).toEqual({
        code: 'input_malformed',
        path: 'now',
        expected: 'epoch seconds from 2015 to 2100',
      });
    }
    const early = await verifyToken(current, { keys: keys.maskinportenSet, now: FIXED_CLOCK - 3600 });
    expect(early._unsafeUnwrapErr().code).toBe('token_issued_in_future');
  });
});
