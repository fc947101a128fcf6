import {
  all,
  any,
  type Claims,
  type Context,
  createEngine,
  definePolicy,
  defineRule,
  fail,
  localKeySet,
  not,
  pass,
  type Rule,
  type RuleOutcome,
  type RuleResult,
  when,
} from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// What a rule and a combinator record, exactly: the outcome tree is what an auditor reads, so its every field
// (status, mode, violations, children) is pinned here for each kind of node and each kind of child result.

const claims = {} as Claims;
/**
 * A failed result holding anything, as an untyped (JavaScript) check might make it: `fail` with any list (so the
 * violations themselves are what is judged), a look-alike around anything else (a rule_error as such).
 */
const err = (error: unknown): RuleResult =>
  Array.isArray(error)
    ? (fail as (...list: unknown[]) => RuleResult)(...error)
    : ({ isOk: () => false, isErr: () => true, error } as unknown as RuleResult);
const ok = (_: undefined): RuleResult => pass();
const context: Context = { now: 1_764_000_000, clockTolerance: 10 };
const run = (rule: Rule): Promise<RuleOutcome> => rule.evaluate(claims, context);
const leaf = (id: string, result: 'pass' | 'fail' | 'error', mode: 'enforce' | 'shadow' = 'enforce') =>
  defineRule({
    id,
    mode,
    check: () => {
      if (result === 'error') throw new Error('boom');
      return result === 'pass' ? pass() : fail({ code: 'scope_missing', path: 'maskinporten.scope' });
    },
  });
const error = (ruleId: string, mode = 'enforce') => ({
  ruleId,
  status: 'error',
  mode,
  violations: [{ code: 'rule_error', ruleId, path: '' }],
});
const failed = (ruleId: string, mode = 'enforce') => ({
  ruleId,
  status: 'fail',
  mode,
  violations: [{ code: 'scope_missing', ruleId, path: 'maskinporten.scope' }],
});
const passed = (ruleId: string, mode = 'enforce') => ({ ruleId, status: 'pass', mode, violations: [] });

describe('defineRule: what a check may return', () => {
  const returning = (value: unknown, timeoutMs?: number) =>
    run(
      defineRule({ id: 'r', check: () => value as never, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    );

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['a plain object', { ok: true }],
    ['an object with isOk only', { isOk: () => true }],
    ['an err of no violations', err([])],
    ['an err that is not a list', err({ code: 'scope_missing', path: '' })],
    ['an unknown code', err([{ code: 'scope_wrong', path: 'x' }])],
    ['a violation without a path', err([{ code: 'scope_missing' }])],
    ['a violation that is a string', err(['scope_missing'])],
    ['a violation that is null', err([null])],
    ['an object as expected fact', err([{ code: 'scope_missing', path: 'x', expected: { a: 1 } }])],
    ['a NaN actual fact', err([{ code: 'scope_missing', path: 'x', actual: Number.NaN }])],
    ['a list with a number as actual fact', err([{ code: 'scope_missing', path: 'x', actual: ['a', 1] }])],
    ['a function as actual fact', err([{ code: 'scope_missing', path: 'x', actual: () => 1 }])],
    [
      'a valid violation followed by a bad one',
      err([
        { code: 'scope_missing', path: 'x' },
        { code: 'x', path: 'y' },
      ]),
    ],
  ])('%s is a rule_error', async (_name, value) => {
    expect(await returning(value)).toEqual(error('r'));
  });

  it.each([
    ['a string', 'private_key_jwt'],
    ['true', true],
    ['false', false],
    ['null', null],
    ['a finite number', 1.5],
    ['a list of strings', ['a', 'b']],
    ['an empty list', []],
  ])('%s is a fact', async (_name, fact) => {
    expect(
      await returning(err([{ code: 'scope_missing', path: 'x', expected: fact, actual: fact }])),
    ).toEqual({
      ruleId: 'r',
      status: 'fail',
      mode: 'enforce',
      violations: [{ code: 'scope_missing', ruleId: 'r', path: 'x', expected: fact, actual: fact }],
    });
  });

  it('undefined facts are left out, and a rule id given in a violation is replaced by the rule’s own', async () => {
    const outcome = await returning(
      err([
        { code: 'scope_missing', ruleId: 'someone-else', path: 'x', expected: undefined, actual: undefined },
      ]),
    );
    expect(outcome.violations).toEqual([{ code: 'scope_missing', ruleId: 'r', path: 'x' }]);
    expect(Object.keys(outcome.violations[0] ?? {})).toEqual(['code', 'ruleId', 'path']);
  });

  it('every violation of a failed result is kept, in order', async () => {
    const outcome = await returning(
      err([
        { code: 'scope_missing', path: 'a' },
        { code: 'consumer_mismatch', path: 'b', actual: '1' },
      ]),
    );
    expect(outcome.violations).toEqual([
      { code: 'scope_missing', ruleId: 'r', path: 'a' },
      { code: 'consumer_mismatch', ruleId: 'r', path: 'b', actual: '1' },
    ]);
  });

  it('an ok result, sync or async, passes; an async check that rejects is a rule_error', async () => {
    expect(await returning(ok(undefined))).toEqual(passed('r'));
    expect(await returning(Promise.resolve(ok(undefined)))).toEqual(passed('r'));
    expect(await returning(Promise.reject(new Error('x')))).toEqual(error('r'));
    expect(await returning(Promise.resolve(null))).toEqual(error('r'));
  });

  it('a thenable that is not a promise is awaited', async () => {
    const thenable = {
      // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point of this test
      then: (resolve: (v: unknown) => void) => resolve(fail({ code: 'scope_missing', path: 'x' })),
    };
    expect((await returning(thenable)).status).toBe('fail');
  });

  it('an async check past its time limit is a rule_error; one within it is not', async () => {
    const slow = (ms: number) => new Promise((resolve) => setTimeout(() => resolve(pass()), ms));
    expect(await returning(slow(200), 20)).toEqual(error('r'));
    expect(await returning(slow(1), 500)).toEqual(passed('r'));
  });

  it('a shadow rule records its mode in every outcome, including errors', async () => {
    expect(await run(leaf('s', 'fail', 'shadow'))).toEqual(failed('s', 'shadow'));
    expect(await run(leaf('s', 'error', 'shadow'))).toEqual(error('s', 'shadow'));
    expect(await run(leaf('s', 'pass', 'shadow'))).toEqual(passed('s', 'shadow'));
  });

  it('describe() names the rule, its kind, mode and options; options are left out when not given', () => {
    expect(defineRule({ id: 'a', check: () => pass() }).describe()).toEqual({
      id: 'a',
      kind: 'custom',
      mode: 'enforce',
    });
    expect(
      defineRule({
        id: 'b',
        kind: 'scope',
        mode: 'shadow',
        options: { scopes: ['x'] },
        check: () => pass(),
      }).describe(),
    ).toEqual({ id: 'b', kind: 'scope', mode: 'shadow', options: { scopes: ['x'] } });
  });

  it('the check sees the claims and the context it is given', async () => {
    const seen: unknown[] = [];
    const rule = defineRule({
      id: 'seen',
      check: (c, ctx) => {
        seen.push(c, ctx);
        return pass();
      },
    });
    await rule.evaluate(claims, context);
    expect(seen[0]).toBe(claims);
    expect(seen[1]).toEqual(context);
  });
});

describe('combinator outcomes', () => {
  it('all(): fail with only the failing children’s violations below it; error dominates; ids name the children', async () => {
    expect(await run(all([leaf('a', 'pass'), leaf('b', 'fail')]))).toEqual({
      ruleId: 'all(a,b)',
      status: 'fail',
      mode: 'enforce',
      violations: [],
      children: [passed('a'), failed('b')],
    });
    expect((await run(all([leaf('a', 'fail'), leaf('b', 'error')]))).status).toBe('error');
    expect((await run(all([leaf('a', 'pass'), leaf('b', 'fail', 'shadow')]))).status).toBe('pass');
  });

  it('any(): one pass is enough; none is no_alternative_passed; an error dominates a pass', async () => {
    expect(await run(any([leaf('a', 'fail'), leaf('b', 'pass')]))).toEqual({
      ruleId: 'any(a,b)',
      status: 'pass',
      mode: 'enforce',
      violations: [],
      children: [failed('a'), passed('b')],
    });
    expect(await run(any([leaf('a', 'fail'), leaf('b', 'fail')], { id: 'either' }))).toEqual({
      ruleId: 'either',
      status: 'fail',
      mode: 'enforce',
      violations: [{ code: 'no_alternative_passed', ruleId: 'either', path: '' }],
      children: [failed('a'), failed('b')],
    });
    expect(await run(any([leaf('a', 'pass'), leaf('b', 'error')]))).toEqual({
      ruleId: 'any(a,b)',
      status: 'error',
      mode: 'enforce',
      violations: [],
      children: [passed('a'), error('b')],
    });
  });

  it('any(): a shadow child that passes does not count; a shadow child that errs does not either', async () => {
    expect((await run(any([leaf('a', 'fail'), leaf('s', 'pass', 'shadow')]))).status).toBe('fail');
    expect((await run(any([leaf('a', 'pass'), leaf('s', 'error', 'shadow')]))).status).toBe('pass');
  });

  it('not(): a pass becomes rule_denied naming the child; a fail passes; skip and error carry through', async () => {
    expect(await run(not(leaf('a', 'pass')))).toEqual({
      ruleId: 'not(a)',
      status: 'fail',
      mode: 'enforce',
      violations: [{ code: 'rule_denied', ruleId: 'not(a)', path: '', actual: 'a' }],
      children: [passed('a')],
    });
    expect(await run(not(leaf('a', 'fail'), { id: 'never-a' }))).toEqual({
      ruleId: 'never-a',
      status: 'pass',
      mode: 'enforce',
      violations: [],
      children: [failed('a')],
    });
    expect(await run(not(leaf('a', 'error')))).toEqual({
      ruleId: 'not(a)',
      status: 'error',
      mode: 'enforce',
      violations: [],
      children: [error('a')],
    });
    const skipping = when(leaf('c', 'fail'), leaf('a', 'pass'));
    expect(await run(not(skipping))).toEqual({
      ruleId: 'not(when(c,a))',
      status: 'skipped',
      mode: 'enforce',
      violations: [],
      children: [
        { ruleId: 'when(c,a)', status: 'skipped', mode: 'enforce', violations: [], children: [failed('c')] },
      ],
    });
  });

  it('when(): a failed condition skips; an erring one errs; a shadow consequence never decides', async () => {
    expect(await run(when(leaf('c', 'pass'), leaf('a', 'fail')))).toEqual({
      ruleId: 'when(c,a)',
      status: 'fail',
      mode: 'enforce',
      violations: [],
      children: [passed('c'), failed('a')],
    });
    expect(await run(when(leaf('c', 'error'), leaf('a', 'pass')))).toEqual({
      ruleId: 'when(c,a)',
      status: 'error',
      mode: 'enforce',
      violations: [],
      children: [error('c')],
    });
    expect((await run(when(leaf('c', 'pass'), leaf('a', 'fail', 'shadow')))).status).toBe('pass');
  });

  it('a shadow subtree records shadow at its root; a long generated id is still valid', async () => {
    expect((await run(all([leaf('a', 'fail')], { mode: 'shadow' }))).mode).toBe('shadow');
    const many = Array.from({ length: 40 }, (_, i) => leaf(`rule-${i}`, 'pass'));
    const wide = all(many);
    expect(wide.id).toBe(`all(${many.map((r) => r.id).join(',')})`);
    expect((await run(wide)).status).toBe('pass');
  });

  it('describe() of a combinator lists its children’s descriptions', () => {
    expect(any([leaf('a', 'pass'), leaf('b', 'pass', 'shadow')], { id: 'x' }).describe()).toEqual({
      id: 'x',
      kind: 'any',
      mode: 'enforce',
      children: [
        { id: 'a', kind: 'custom', mode: 'enforce' },
        { id: 'b', kind: 'custom', mode: 'shadow' },
      ],
    });
  });
});

describe('decisive violations in a verdict', () => {
  const mpKeys = sharedKeys('ruleOutcomes#1', { kid: 'mp' });
  const now = 1_764_000_000;
  const tokens = createTokenFactory({
    maskinportenKeys: mpKeys,
    altinnKeys: sharedKeys('ruleOutcomes#2', { x5t: true }),
    now,
  });
  const verdictOf = (rule: Rule) =>
    createEngine({
      policy: definePolicy({ id: 'd', version: '1', rule }),
      maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    }).evaluate({ maskinportenToken: tokens.direct(), now });

  it('a failed node with no violation of its own or below is reported as its rule_error', async () => {
    const empty: Rule = {
      id: 'hollow',
      mode: 'enforce',
      describe: () => ({ id: 'hollow', kind: 'custom', mode: 'enforce' }),
      evaluate: async () => ({ ruleId: 'hollow', status: 'fail', mode: 'enforce', violations: [] }),
    };
    const v = await verdictOf(all([empty]));
    expect([v.decision, v.violations]).toEqual([
      'deny',
      [{ code: 'rule_error', ruleId: 'hollow', path: '' }],
    ]);
  });

  it('shadow failures and a not() child’s own pass are not decisive; not()’s rule_denied is', async () => {
    const v = await verdictOf(all([leaf('s', 'fail', 'shadow'), not(leaf('a', 'pass'))]));
    expect(v.violations).toEqual([{ code: 'rule_denied', ruleId: 'not(a)', path: '', actual: 'a' }]);
  });

  it('the reasons are the distinct codes in order of the decisive violations', async () => {
    const twice = defineRule({
      id: 'twice',
      check: () =>
        err([
          { code: 'scope_missing', path: 'a' },
          { code: 'consumer_mismatch', path: 'b' },
          { code: 'scope_missing', path: 'c' },
        ]),
    });
    const v = await verdictOf(all([twice]));
    expect(v.reasons).toEqual(['scope_missing', 'consumer_mismatch']);
    expect(v.violations).toHaveLength(3);
  });

  it('facts are protected and capped: 200 characters, 32 list items, fødselsnummer masked', async () => {
    const long = defineRule({
      id: 'long',
      check: () =>
        fail({
          code: 'scope_missing',
          path: `p${'x'.repeat(250)}`,
          expected: 'y'.repeat(200),
          actual: Array.from({ length: 40 }, (_, i) => (i === 0 ? '01085301957' : 'z'.repeat(201))),
        }),
    });
    const v = await verdictOf(all([long]));
    const [violation] = v.violations;
    expect(violation?.path).toBe(`p${'x'.repeat(199)}…`);
    expect(violation?.expected).toBe('y'.repeat(200));
    const actual = violation?.actual as string[];
    expect(actual).toHaveLength(32);
    expect(actual[0]).toBe('*********57');
    expect(actual[1]).toBe(`${'z'.repeat(200)}…`);
  });

  it('numbers and booleans pass through unchanged, -0 as 0', async () => {
    const numbers = defineRule({
      id: 'numbers',
      check: () => fail({ code: 'token_lifetime_exceeded', path: 'x', expected: -0, actual: true }),
    });
    const v = await verdictOf(all([numbers]));
    expect(v.violations).toEqual([
      { code: 'token_lifetime_exceeded', ruleId: 'numbers', path: 'x', expected: 0, actual: true },
    ]);
    expect(Object.is(v.violations[0]?.expected, 0)).toBe(true);
  });
});
