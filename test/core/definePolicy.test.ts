import { createHash } from 'node:crypto';
import { all, any, checkRuleTree, definePolicy, defineRule, not, pass, when } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';

// The policy fingerprint an auditor compares: sha256 over a canonical JSON text that depends on what the
// policy decides by (ids, kinds, modes, options), never on how its objects happened to be written.

const rule = (options: unknown) => defineRule({ id: 'r', kind: 'scope', options, check: () => pass() });
const canonicalOf = (options: unknown) =>
  definePolicy({ id: 'p', version: '1', rule: all([rule(options)]) }).canonical;

describe('definePolicy: canonical JSON and fingerprint', () => {
  it('writes keys sorted at every depth, arrays in order, undefined members left out', () => {
    const options = { b: [3, { z: 1, a: null }], a: 'x', c: undefined, d: { y: true, x: [] }, aa: -1.5 };
    expect(canonicalOf(options)).toBe(
      '{"id":"p","rule":{"children":[{"id":"r","kind":"scope","mode":"enforce","options":' +
        '{"a":"x","aa":-1.5,"b":[3,{"a":null,"z":1}],"d":{"x":[],"y":true}}}],"id":"all(r)","kind":"all","mode":"enforce"},' +
        '"version":"1"}',
    );
  });

  it('the sha256 is the hex digest of the canonical text', () => {
    const policy = definePolicy({ id: 'p', version: '1', rule: all([rule({ scopes: ['a'] })]) });
    expect(policy.sha256).toBe(createHash('sha256').update(policy.canonical).digest('hex'));
    expect([policy.id, policy.version]).toEqual(['p', '1']);
  });

  it('key order does not change the fingerprint; a value, an array order or the version does', () => {
    const base = canonicalOf({ a: 1, b: { c: 2, d: 3 } });
    expect(canonicalOf({ b: { d: 3, c: 2 }, a: 1 })).toBe(base);
    expect(canonicalOf({ a: 1, b: { c: 2, d: 4 } })).not.toBe(base);
    expect(canonicalOf(['x', 'y'])).not.toBe(canonicalOf(['y', 'x']));
    const v2 = definePolicy({ id: 'p', version: '2', rule: all([rule({ a: 1, b: { c: 2, d: 3 } })]) });
    expect(v2.canonical).not.toBe(base);
  });

  it('keys that differ only by case or by prefix sort by code unit', () => {
    expect(canonicalOf({ b: 1, B: 2, ba: 3, a: 4 })).toContain('"options":{"B":2,"a":4,"b":1,"ba":3}');
  });

  it('an option that JSON cannot write (a function) is written as null', () => {
    expect(canonicalOf({ f: () => 1 })).toContain('"options":{"f":null}');
  });
});

describe('checkRuleTree: the first problem of a rule tree, as data', () => {
  const leaf = (id: string, mode: 'enforce' | 'shadow' = 'enforce') =>
    defineRule({ id, mode, check: () => pass() });
  const GAP = ': the policy would allow requests no enforced rule checked';

  it('names the node of each way to an allow that passes no enforced rule', () => {
    expect(checkRuleTree(all([]))).toEqual({ path: 'rule', message: `an empty all enforces no rule${GAP}` });
    expect(checkRuleTree(all([leaf('a', 'shadow')]), 'policy')).toEqual({
      path: 'policy',
      message: `an all of shadow rules only enforces no rule${GAP}`,
    });
    expect(checkRuleTree(all([leaf('x', 'shadow'), when(leaf('c'), leaf('t'))]))).toEqual({
      path: 'rule.all[1]',
      message: `a when is skipped when its condition fails, which enforces no rule${GAP}`,
    });
    expect(checkRuleTree(all([leaf('a'), any([leaf('b'), all([])])]))).toBeUndefined();
    expect(checkRuleTree(any([leaf('b'), not(not(all([])))]))).toEqual({
      path: 'rule.any[1].not.not',
      message: `an empty all enforces no rule${GAP}`,
    });
    expect(checkRuleTree(all([when(leaf('c'), leaf('t', 'shadow'))]))?.path).toBe('rule.all[0].when.then');
  });

  it('an enforced leaf, not(leaf) and not(any of leaves) enforce; not(all([])) never allows, so it passes', () => {
    for (const rule of [leaf('a'), not(leaf('a')), not(any([leaf('a'), leaf('b')])), not(all([]))]) {
      expect(checkRuleTree(rule)).toBeUndefined();
    }
  });

  it('sizes: deeper than 32 rules, more than 512 nodes', () => {
    let deep = leaf('a') as ReturnType<typeof leaf>;
    for (let i = 0; i < 32; i += 1) deep = all([deep]);
    expect(checkRuleTree(deep)).toEqual({
      path: `rule${'.all[0]'.repeat(32)}`,
      message: 'the rule tree is nested deeper than 32 rules',
    });
    const wide = all(Array.from({ length: 512 }, (_, i) => leaf(`l${i}`)));
    expect(checkRuleTree(wide)).toEqual({
      path: 'rule.all[511]',
      message: 'the rule tree has more than 512 nodes',
    });
  });
});
