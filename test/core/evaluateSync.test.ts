import type { Claims, Context, Rule } from '@dsop-guard/core';
import { all, any, defineRule, fail, not, pass, when } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';

// Rule.evaluateSync: the same outcome as evaluate, without a promise while every check answers synchronously.

const claims = {} as Claims;
const context: Context = { now: 0, clockTolerance: 0 };
const yes = defineRule({ id: 'yes', check: () => pass() });
const no = defineRule({ id: 'no', check: () => fail({ code: 'custom_denied', path: 'x' }) });
const later = defineRule({ id: 'later', check: async () => pass() });
const slow = defineRule({
  id: 'slow',
  timeoutMs: 5,
  check: () => new Promise((resolve) => setTimeout(() => resolve(pass()), 200)),
});
const trees: readonly Rule[] = [
  all([yes, no]),
  any([no, yes]),
  not(no),
  when(yes, all([no, not(yes, { id: 'n2' })])),
  when(no, yes),
];

describe('evaluateSync', () => {
  it('answers without a promise, with the outcome evaluate resolves to, when every check is synchronous', async () => {
    for (const tree of trees) {
      const sync = tree.evaluateSync?.(claims, context);
      expect(sync).not.toBeInstanceOf(Promise);
      expect(sync).toEqual(await tree.evaluate(claims, context));
    }
  });

  it('turns into a promise of the same outcome as soon as one check returns a thenable', async () => {
    const tree = all([yes, any([no, later])]);
    const sync = tree.evaluateSync?.(claims, context);
    expect(sync).toBeInstanceOf(Promise);
    expect(await sync).toEqual(await tree.evaluate(claims, context));
  });

  it('keeps the time limit of async checks', async () => {
    const errors: string[] = [];
    const outcome = await all([yes, slow]).evaluateSync?.(claims, {
      ...context,
      onRuleError: (_id, cause) => errors.push((cause as Error).name),
    });
    expect(outcome?.status).toBe('error');
    expect(errors).toEqual(['RuleTimeout']);
  });

  it('a rule copied with another evaluate is judged by that evaluate, inside a combinator too', async () => {
    const copied: Rule = { ...yes, evaluate: async () => await no.evaluate(claims, context) };
    const outcome = await all([copied]).evaluateSync?.(claims, context);
    expect(outcome?.status).toBe('fail');
  });

  it('a child whose evaluate is replaced after it was composed is judged by the new evaluate', async () => {
    const child = { ...defineRule({ id: 'changed', check: () => pass() }) };
    const tree = all([child]);
    expect((await tree.evaluateSync?.(claims, context))?.status).toBe('pass');
    child.evaluate = async () => await no.evaluate(claims, context);
    expect((await tree.evaluateSync?.(claims, context))?.status).toBe('fail');
    expect((await tree.evaluate(claims, context)).status).toBe('fail');
  });
});
