import { fail, pass } from '@dsop-guard/core';
import { customRule, explain, loadPolicy } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import { blockedConsumersRule } from '../../packages/rules/examples/blockedConsumersRule.js';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { policyErrorOf } from '../fixtures/policyErrorOf.js';
import { CONSUMER, claims, codes, context, org } from './claims.js';

// customRule: a custom rule factory made as the built-in ones are, so a policy file's id and mode reach the
// rule without the factory threading them, and its options are checked by their schema.

const inline = (rule: unknown) => ({
  text: JSON.stringify({ id: 'p', version: '1', environment: 'test', rule }),
  format: 'json' as const,
  name: 'inline.json',
});
const customRules = { 'acme.blocked-consumers': blockedConsumersRule };
const blockedNode = { rule: 'acme.blocked-consumers', options: { blocked: [CONSUMER] } };
const fromConsumer = claims({ maskinporten: { consumer: org(CONSUMER) } });

const problemsOf = policyErrorOf;

describe('customRule', () => {
  it('gets the id and mode a policy file sets, without the factory passing them', () => {
    const policy = loadPolicy(
      inline({ all: [{ ...blockedNode, id: 'acme.block', mode: 'shadow' }, { rule: 'issuer' }] }),
      {
        customRules,
      },
    );
    expect(policy.rule.describe().children?.[0]).toMatchObject({
      id: 'acme.block',
      kind: 'acme.blocked-consumers',
      mode: 'shadow',
      options: { blocked: [CONSUMER] },
    });
  });

  it('defaults the id to the name, and the mode to enforce', () => {
    const rule = blockedConsumersRule({ blocked: [CONSUMER] });
    expect([rule.id, rule.mode]).toEqual(['acme.blocked-consumers', 'enforce']);
  });

  it('fails with its declared code; the policy collects the code for explain', async () => {
    expect(await codes(blockedConsumersRule({ blocked: [CONSUMER] }), fromConsumer)).toEqual([
      'acme.consumer_blocked',
    ]);
    const policy = loadPolicy(inline(blockedNode), { customRules });
    expect(Object.keys(policy.codes)).toEqual(['acme.consumer_blocked']);
    expect(blockedConsumersRule.meta.declares).toEqual(policy.codes);
    const outcome = await policy.rule.evaluate(fromConsumer, context);
    const verdict = {
      decision: 'deny' as const,
      policy,
      reasons: ['acme.consumer_blocked'],
      outcomes: [outcome],
    };
    expect(explain(verdict, { codes: policy.codes, language: 'nb' })).toContain(
      'acme.consumer_blocked: konsumenten står på sperrelisten',
    );
  });

  it('checks options by their schema: an unknown or bad option is a problem naming the field', () => {
    const unknown = problemsOf(() =>
      loadPolicy(inline({ ...blockedNode, options: { blocked: [CONSUMER], blokced: [] } }), { customRules }),
    );
    expect(unknown.problems[0]?.message).toContain('blokced');
    const bad = problemsOf(() =>
      loadPolicy(inline({ ...blockedNode, options: { blocked: ['1'] } }), { customRules }),
    );
    expect(bad.problems[0]?.message).toContain('acme.blocked-consumers.blocked');
    expect(configErrorOf(() => blockedConsumersRule({} as never))).toMatchObject({
      field: 'acme.blocked-consumers.blocked',
    });
  });

  it('may be async, and resolve its options before they are recorded', async () => {
    const later = customRule({
      name: 'acme.later',
      summary: 'Passes later.',
      options: { wait: { description: 'Milliseconds.', type: 'integer', default: 1 } },
      resolve: (o: { wait?: number }) => ({ wait: o.wait ?? 1 }),
      check:
        ({ wait }) =>
        async () => {
          await new Promise((r) => setTimeout(r, wait));
          return pass();
        },
    });
    const rule = later();
    expect(rule.describe().options).toEqual({ wait: 1 });
    expect((await rule.evaluate(fromConsumer, context)).status).toBe('pass');
  });

  it('refuses a bad name, a bad schema, and a bad code declaration when the rule is built', () => {
    const spec = { summary: 's', check: () => () => pass() };
    expect(configErrorOf(() => customRule({ ...spec, name: 'no spaces' }))).toMatchObject({
      field: 'customRule.name',
    });
    expect(
      configErrorOf(() =>
        customRule({ ...spec, name: 'acme.x', options: { n: { description: 'n', type: 'integr' } } }),
      ),
    ).toMatchObject({ field: 'acme.x.options' });
    const badCode = customRule({
      ...spec,
      name: 'acme.y',
      codes: { 'dsop.blocked': { en: 'blocked', nb: 'sperret' } },
      check: () => () => fail({ code: 'dsop.blocked', path: '' }),
    });
    expect(configErrorOf(() => badCode())).toMatchObject({ field: 'acme.y.codes.dsop.blocked' });
  });
});
