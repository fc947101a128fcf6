import {
  all,
  type Claims,
  type CodeDeclarations,
  type Context,
  definePolicy,
  defineRule,
  fail,
  pass,
  type ViolationInput,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';

// Custom reason codes: a rule declares its own namespaced codes, and may fail with those and the built-in ones
// only; anything else is a rule_error, and a bad declaration is a ConfigError when the rule is built.

const claims = {} as Claims;
const context: Context = { now: 1_764_000_000, clockTolerance: 10 };
const acme: CodeDeclarations = {
  'acme.consumer_blocked': { en: 'the consumer is blocked', nb: 'konsumenten er sperret' },
  'acme.unavailable_for_legal_reasons': {
    en: 'blocked by a court',
    nb: 'sperret av en domstol',
    status: 451,
  },
};
const failingWith = (code: string, codes: unknown = acme) =>
  defineRule({
    id: 'acme.blocked',
    codes: codes as CodeDeclarations,
    check: () => fail({ code, path: 'maskinporten.consumer.ID' } as ViolationInput),
  });

describe('a custom rule with declared codes', () => {
  it('fails with a declared code, which the violation carries as it is', async () => {
    const outcome = await failingWith('acme.consumer_blocked').evaluate(claims, context);
    expect(outcome.status).toBe('fail');
    expect(outcome.violations).toEqual([
      { code: 'acme.consumer_blocked', ruleId: 'acme.blocked', path: 'maskinporten.consumer.ID' },
    ]);
  });

  it('may still fail with a built-in code, custom_denied included', async () => {
    const outcome = await failingWith('custom_denied').evaluate(claims, context);
    expect(outcome.violations.map((v) => v.code)).toEqual(['custom_denied']);
  });

  it('an undeclared, foreign-namespace or malformed code is a rule_error (fail closed)', async () => {
    for (const code of ['acme.other', 'globex.consumer_blocked', 'ACME.consumer_blocked', 'acme', 'a.b.c']) {
      const outcome = await failingWith(code).evaluate(claims, context);
      expect({ code, status: outcome.status, codes: outcome.violations.map((v) => v.code) }).toEqual({
        code,
        status: 'error',
        codes: ['rule_error'],
      });
    }
  });

  it('tells the operator why, in static words that never hold the code', async () => {
    const causes: unknown[] = [];
    const told: Context = { ...context, onRuleError: (_id, cause) => causes.push(cause) };
    await failingWith('acme.01010112345').evaluate(claims, told);
    const [cause] = causes;
    expect(cause).toBeInstanceOf(Error);
    expect((cause as Error).message).toBe(
      'a violation has a custom code the rule does not declare (declare it in defineRule({ codes }))',
    );
  });

  it('a rule without declarations may not use a custom code', async () => {
    const undeclared = defineRule({
      id: 'acme.undeclared',
      check: () => fail({ code: 'acme.consumer_blocked', path: '' }),
    });
    const outcome = await undeclared.evaluate(claims, context);
    expect(outcome.violations.map((v) => v.code)).toEqual(['rule_error']);
  });

  it('another rule cannot use a code it did not declare itself', async () => {
    const other = defineRule({
      id: 'globex.rule',
      check: () => fail({ code: 'acme.consumer_blocked', path: '' }),
    });
    const outcome = await all([failingWith('custom_denied'), other]).evaluate(claims, context);
    expect(outcome.children?.map((c) => c.status)).toEqual(['fail', 'error']);
  });

  it('declares its codes in describe(), so the fingerprint shows them', () => {
    expect(failingWith('custom_denied').describe().codes).toEqual(acme);
    expect(defineRule({ id: 'plain', check: () => pass() }).describe()).not.toHaveProperty('codes');
    const policy = (codes: CodeDeclarations) =>
      definePolicy({ id: 'p', version: '1', rule: failingWith('custom_denied', codes) });
    const reworded = { ...acme, 'acme.consumer_blocked': { en: 'blocked', nb: 'sperret' } };
    expect(policy(acme).sha256).not.toBe(policy(reworded).sha256);
  });
});

describe('a policy collects the codes of its rule tree', () => {
  it('as policy.codes, empty when none is declared', () => {
    const rule = all([failingWith('custom_denied'), defineRule({ id: 'plain', check: () => pass() })]);
    expect(definePolicy({ id: 'p', version: '1', rule }).codes).toEqual(acme);
    const plain = defineRule({ id: 'plain', check: () => pass() });
    expect(definePolicy({ id: 'p', version: '1', rule: plain }).codes).toEqual({});
  });

  it('the same code declared alike twice is fine; declared differently it is a ConfigError', () => {
    const twin = defineRule({ id: 'acme.twin', codes: acme, check: () => pass() });
    const rule = all([failingWith('custom_denied'), twin]);
    expect(definePolicy({ id: 'p', version: '1', rule }).codes).toEqual(acme);
    const rival = defineRule({
      id: 'acme.rival',
      codes: { 'acme.consumer_blocked': { en: 'other words', nb: 'andre ord' } },
      check: () => pass(),
    });
    expect(
      configErrorOf(() =>
        definePolicy({ id: 'p', version: '1', rule: all([failingWith('custom_denied'), rival]) }),
      ),
    ).toEqual({
      field: 'rule.codes.acme.consumer_blocked',
      message: "declared differently by two rules (one is 'acme.rival')",
    });
  });
});

describe('a bad declaration is a ConfigError naming the field', () => {
  const declared = (codes: unknown) => configErrorOf(() => failingWith('custom_denied', codes));
  const messages = { en: 'blocked', nb: 'sperret' };

  it.each([
    ['no namespace', { consumer_blocked: messages }, 'acme.blocked.codes.consumer_blocked'],
    ['upper case', { 'Acme.Blocked': messages }, 'acme.blocked.codes.Acme.Blocked'],
    ['two dots', { 'acme.a.b': messages }, 'acme.blocked.codes.acme.a.b'],
    ['a namespace of ours', { 'dsop.blocked': messages }, 'acme.blocked.codes.dsop.blocked'],
    ['a rule-id namespace of ours', { 'verify.blocked': messages }, 'acme.blocked.codes.verify.blocked'],
    ['an empty message', { 'acme.x': { en: ' ', nb: 'sperret' } }, 'acme.blocked.codes.acme.x.en'],
    ['a missing message', { 'acme.x': { en: 'blocked' } }, 'acme.blocked.codes.acme.x.nb'],
    [
      'a person in a message',
      { 'acme.x': { en: 'not 01010112345', nb: 'x' } },
      'acme.blocked.codes.acme.x.en',
    ],
    ['a 2xx status', { 'acme.x': { ...messages, status: 200 } }, 'acme.blocked.codes.acme.x.status'],
    ['a status past 599', { 'acme.x': { ...messages, status: 600 } }, 'acme.blocked.codes.acme.x.status'],
    ['a fractional status', { 'acme.x': { ...messages, status: 403.5 } }, 'acme.blocked.codes.acme.x.status'],
    ['an unknown field', { 'acme.x': { ...messages, title: 'x' } }, 'acme.blocked.codes.acme.x.title'],
    ['not an object', ['acme.x'], 'acme.blocked.codes'],
  ])('%s', (_, codes, field) => {
    expect(declared(codes)).toMatchObject({ field });
  });
});
