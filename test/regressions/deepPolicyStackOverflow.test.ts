import { all, ConfigError, definePolicy, defineRule, fail, not, type Rule } from '@dsop-guard/core';
import { loadPolicy, PolicyError } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Found in review (issue 26): a deeply nested policy overflowed the stack. A YAML text of 5 000 nested `[` made
// the yaml composer report "Maximum call stack size exceeded" and then abort the process (out of memory in
// the regexp compiler); a JSON policy 2 000 `not`s deep reached ajv's recursive validation and threw a raw
// RangeError; a code-built tree 10 000 deep threw one from definePolicy's canonical JSON. Fix: the loader
// measures the nesting on the parser's tokens (iteratively, before the recursive composer) and on the loaded
// data (an alias can nest an anchor again): more than 128 levels is a PolicyError; and checkRuleTree refuses a
// rule tree deeper than 32 rules (a file's and a code-built one alike) at the path of its 33rd node.

const HEAD = { id: 'p', version: '1', environment: 'test' };
const nots = (n: number, inner: unknown): unknown => {
  let node = inner;
  for (let i = 0; i < n; i += 1) node = { not: node };
  return node;
};
const alls = (n: number, inner: unknown): unknown => {
  let node = inner;
  for (let i = 0; i < n; i += 1) node = { all: [node] };
  return node;
};

function problemsOf(text: string, format: 'json' | 'yaml') {
  try {
    loadPolicy({ text, format, name: `deep.${format}` });
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  throw new Error('loaded');
}

const TOO_DEEP = 'nested deeper than 128 levels';

describe('regression: a deeply nested policy is a PolicyError at a documented depth, never a stack overflow', () => {
  it('5 000 nested YAML flow sequences: refused on the tokens, at the 129th', () => {
    const text = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    expect(problemsOf(text, 'yaml')).toEqual([
      expect.objectContaining({ message: TOO_DEEP, line: 1, column: 129 }),
    ]);
  });

  it('2 000 nested `not`s in JSON', () => {
    const text = JSON.stringify({ ...HEAD, rule: nots(2000, { rule: 'issuer' }) });
    expect(problemsOf(text, 'json')).toEqual([expect.objectContaining({ message: TOO_DEEP })]);
  });

  it('YAML aliases that nest an anchor again, deeper than the text itself', () => {
    const levels = (n: number, inner: string) => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    const lines = ['a0: &a0 []'];
    for (let i = 1; i <= 6; i += 1) lines.push(`a${i}: &a${i} ${levels(60, `*a${i - 1}`)}`);
    expect(problemsOf(lines.join('\n'), 'yaml')).toEqual([expect.objectContaining({ message: TOO_DEEP })]);
  });

  it('a rule tree deeper than 32 rules is refused at its 33rd node, in JSON and YAML', () => {
    const text = JSON.stringify({ ...HEAD, rule: nots(40, { rule: 'issuer' }) });
    const [problem] = problemsOf(text, 'json');
    expect(problem).toMatchObject({
      path: `rule${'.not'.repeat(32)}`,
      message: 'the rule tree is nested deeper than 32 rules',
    });
    const yaml = JSON.stringify({ ...HEAD, rule: alls(40, { rule: 'issuer' }) });
    expect(problemsOf(yaml, 'yaml')[0]).toMatchObject({
      path: `rule${'.all[0]'.repeat(32)}`,
      message: 'the rule tree is nested deeper than 32 rules',
      line: 1,
    });
  });

  it('a tree of exactly 32 rules loads', () => {
    const text = JSON.stringify({ ...HEAD, rule: alls(31, { rule: 'issuer' }) });
    expect(loadPolicy({ text, format: 'json' }).id).toBe('p');
  });

  it('a code-built tree 10 000 deep is a ConfigError from definePolicy, not a RangeError', () => {
    let rule: Rule = defineRule({ id: 'leaf', check: () => fail({ code: 'custom_denied', path: '' }) });
    for (let i = 0; i < 10_000; i += 1) rule = i % 2 === 0 ? not(rule) : all([rule]);
    expect(() => definePolicy({ id: 'p', version: '1', rule })).toThrow(ConfigError);
    expect(() => definePolicy({ id: 'p', version: '1', rule })).toThrow(/deeper than 32 rules/);
  });

  it('options nested 10 000 deep in a code-built rule are a ConfigError, not a RangeError', () => {
    let options: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) options = [options];
    const rule = defineRule({ id: 'deep', options, check: () => fail({ code: 'custom_denied', path: '' }) });
    expect(() => definePolicy({ id: 'p', version: '1', rule })).toThrow(
      /rule\.options: nested deeper than 64 levels/,
    );
  });
});
