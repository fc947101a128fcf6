import {
  all,
  any,
  type Claims,
  ConfigError,
  type Context,
  definePolicy,
  defineRule,
  fail,
  not,
  type Rule,
  when,
} from '@dsop-guard/core';
import { loadPolicy, PolicyError } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Found in review (issue 26): a policy whose rule tree enforces nothing loaded and allowed every request the
// keys verified: `all: []`, an `all` of shadow rules only, a `when` at the root (skipped, so allowing, whenever
// its condition fails) and `not(not(all: []))`. Only `any: []` was refused. Fix: `checkRuleTree` (core) refuses
// a tree with a way to an allow that passes no enforced rule; `definePolicy` applies it to code-built policies
// and `loadPolicy` to files, naming the node's path (and its line and column in a file).

const leaf = (id: string, mode: 'enforce' | 'shadow' = 'enforce'): Rule =>
  defineRule({ id, mode, check: () => fail({ code: 'custom_denied', path: 'x' }) });

const HEAD = 'id: p\nversion: "1"\nenvironment: test\n';

function problemOf(text: string) {
  try {
    loadPolicy({ text: HEAD + text, format: 'yaml', name: 'vacuous.yaml' });
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  throw new Error('loaded');
}

describe('regression: a policy that enforces no rule on some way to an allow is refused', () => {
  it.each([
    ['all: []', 'rule: { all: [] }', 'rule', 4],
    ['an all of shadow rules', 'rule:\n  all:\n    - { rule: issuer, mode: shadow }\n', 'rule', 4],
    [
      'a when at the root',
      'rule:\n  when: { if: { rule: consent-required }, then: { rule: consent-issuer } }\n',
      'rule',
      4,
    ],
    ['not(not(all: []))', 'rule: { not: { not: { all: [] } } }', 'rule.not.not', 4],
    [
      'an all whose only enforced child is a when',
      'rule:\n  all:\n    - { rule: pid, mode: shadow }\n    - when: { if: { rule: consent-required }, then: { rule: consent-issuer } }\n',
      'rule.all[1]',
      7,
    ],
    [
      'an any with an empty all beside a rule',
      'rule: { any: [{ rule: issuer }, { all: [] }] }',
      'rule.any[1]',
      4,
    ],
  ])('%s, in a file, at its node', (_, text, path, line) => {
    expect(problemOf(text)).toEqual([
      expect.objectContaining({
        file: 'vacuous.yaml',
        path,
        line,
        message: expect.stringContaining('enforces no rule'),
      }),
    ]);
  });

  it.each<[string, () => Rule]>([
    ['all([])', () => all([])],
    ['all of shadow rules', () => all([leaf('a', 'shadow'), leaf('b', 'shadow')])],
    ['a when at the root', () => when(leaf('cond'), leaf('then'))],
    ['not(not(all([])))', () => not(not(all([])))],
    ['not(when(…))', () => not(when(leaf('cond'), leaf('then')))],
    ['when(…) with a shadow then, inside an all', () => all([when(leaf('c'), leaf('t', 'shadow'))])],
  ])('%s, built in code, is a ConfigError from definePolicy', (_, build) => {
    expect(() => definePolicy({ id: 'p', version: '1', rule: build() })).toThrow(ConfigError);
    expect(() => definePolicy({ id: 'p', version: '1', rule: build() })).toThrow(/enforces no rule/);
  });

  it.each<[string, () => Rule]>([
    ['a leaf', () => leaf('a')],
    ['not(leaf)', () => not(leaf('a'))],
    ['not(not(leaf))', () => not(not(leaf('a')))],
    ['all([when, leaf])', () => all([when(leaf('c'), leaf('t')), leaf('a')])],
    ['any of leaves', () => any([leaf('a'), leaf('b')])],
    ['not(any of leaves)', () => not(any([leaf('a'), leaf('b')]))],
    ['not(all([]))', () => not(all([]))],
  ])('%s still builds', (_, build) => {
    expect(definePolicy({ id: 'p', version: '1', rule: build() }).id).toBe('p');
  });

  it('what the refusal prevents: the root of such a tree passes a request its only (shadow) rule denies', async () => {
    const rule = all([leaf('deny-all', 'shadow')]);
    const outcome = await rule.evaluate({} as Claims, { now: 0, clockTolerance: 0 } as Context);
    expect(outcome.status).toBe('pass');
    expect(() => definePolicy({ id: 'p', version: '1', rule })).toThrow(ConfigError);
  });
});
