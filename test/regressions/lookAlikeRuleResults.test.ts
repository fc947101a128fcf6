import {
  type Claims,
  type Context,
  defineRule,
  engineReasonCodes,
  err,
  fail,
  ok,
  pass,
  type RuleResult,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';

// Issue 26 (Low): rule results were duck-typed. Anything with `isOk`/`isErr` methods counted: a look-alike
// `{ isOk: () => true }`, a Proxy, neverthrow's own `ok`/`err`, a thenable resolving to a look-alike. And a custom
// rule could fail with codes only the engine gives (`keys_unavailable` answers 503, `signature_invalid` 401),
// posing as a broken key set or a forged token to clients and operators. Fix: only the values `pass()` and
// `fail()` made count (ruleResult.ts knows them); a violation with an engine code (engineReasonCodes) is a
// rule_error.

const claims = {} as Claims;
const context: Context = { now: 1_764_000_000, clockTolerance: 10 };
const outcomeOf = (value: unknown) =>
  defineRule({ id: 'acme.r', check: () => value as RuleResult }).evaluate(claims, context);
const lookAlikePass = { isOk: () => true, isErr: () => false, value: undefined };
const lookAlikeFail = { isOk: () => false, isErr: () => true, error: [{ code: 'custom_denied', path: '' }] };

describe('regression: only pass() and fail() make a rule result (issue 26)', () => {
  it.each([
    ['a look-alike pass', lookAlikePass],
    ['a look-alike fail', lookAlikeFail],
    ['neverthrow’s ok(undefined)', ok(undefined)],
    ['neverthrow’s err([...])', err([{ code: 'custom_denied', path: '' }])],
    ['a Proxy of pass()', new Proxy(pass(), {})],
    ['a Proxy of fail()', new Proxy(fail({ code: 'custom_denied', path: '' }), {})],
    ['an object made from pass()', Object.create(pass())],
    ['a copy of pass()', { ...pass() }],
    ['a promise of a look-alike pass', Promise.resolve(lookAlikePass)],
    // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point of this case
    ['a thenable of a look-alike pass', { then: (resolve: (v: unknown) => void) => resolve(lookAlikePass) }],
  ])('%s is a rule_error', async (_name, value) => {
    const outcome = await outcomeOf(value);
    expect([outcome.status, outcome.violations.map((v) => v.code)]).toEqual(['error', ['rule_error']]);
  });

  it('pass() and fail() still count, at once and through a promise', async () => {
    expect((await outcomeOf(pass())).status).toBe('pass');
    expect((await outcomeOf(Promise.resolve(pass()))).status).toBe('pass');
    const failed = await outcomeOf(Promise.resolve(fail({ code: 'custom_denied', path: 'x' })));
    expect(failed.violations).toEqual([{ code: 'custom_denied', ruleId: 'acme.r', path: 'x' }]);
  });

  it('a fail() result and its list are frozen', () => {
    const result = fail({ code: 'custom_denied', path: 'x' });
    expect(Object.isFrozen(result)).toBe(true);
    expect(result.isErr() && Object.isFrozen(result.error)).toBe(true);
  });

  it.each(engineReasonCodes)('a rule that fails with the engine code %s is a rule_error', async (code) => {
    const outcome = await outcomeOf(fail({ code: 'custom_denied', path: 'a' }, { code, path: 'b' }));
    expect([outcome.status, outcome.violations.map((v) => v.code)]).toEqual(['error', ['rule_error']]);
  });

  it('a violation read twice cannot change its code between the check and the copy', async () => {
    let reads = 0;
    const shifty = {
      path: 'x',
      get code() {
        reads += 1;
        return reads === 1 ? 'custom_denied' : 'keys_unavailable';
      },
    };
    const outcome = await outcomeOf(fail(shifty as never));
    expect(outcome.violations.map((v) => v.code)).toEqual(['custom_denied']);
  });
});
