// @ts-nocheck
import { loadPolicy, PolicyError } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Found in review (issue 26): JSON.parse keeps the last of two equal member names, so one trailing `"all": []`
// or `"mode": "shadow"` in a reviewed JSON policy silently replaced the rule tree and the policy allowed
// everything the keys verified. YAML refused equal keys, but not keys that differ in the file and load as the
// same string (`974760673` and `"974760673"`, `1` and `1.0`, `true` and `"true"`, `~` and `""`). Fix: the loader
// walks the parsed document and refuses any two members of one object that load under the same name, at every
// depth, in JSON and YAML alike, each a PolicyError problem at the repeated key's line and column.

const problemsOf = (text: string, format: 'json' | 'yaml') => {
  try {
    loadPolicy({ text, format, name: `dup.${format}` });
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  throw new Error('loaded');
};

const HEAD = '"id": "p", "version": "1", "environment": "test"';

describe('regression: a repeated member name is a PolicyError, never the last one winning', () => {
  it('a trailing "all": [] in JSON (the rule tree replaced by an empty all)', () => {
    const text = `{${HEAD},\n "rule": {"all": [{"rule": "issuer"}],\n  "all": []}}`;
    expect(problemsOf(text, 'json')).toEqual([
      expect.objectContaining({ path: 'rule.all', line: 3, column: 3, message: "duplicate member 'all'" }),
    ]);
  });

  it('a trailing "mode": "shadow" in JSON, at any depth', () => {
    const text = `{${HEAD}, "rule": {"all": [{"rule": "issuer", "mode": "enforce", "mode": "shadow"}]}}`;
    const [problem] = problemsOf(text, 'json');
    expect(problem).toMatchObject({ path: 'rule.all[0].mode', line: 1, message: "duplicate member 'mode'" });
    expect(problem?.column).toBe(text.lastIndexOf('"mode"') + 1);
  });

  it('names that are equal only once unescaped ("mode" and "\\u006dode")', () => {
    const text = `{${HEAD}, "rule": {"rule": "issuer", "mode": "enforce", "\\u006dode": "shadow"}}`;
    expect(problemsOf(text, 'json')).toMatchObject([
      { path: 'rule.mode', message: "duplicate member 'mode'" },
    ]);
  });

  it('a repeated top-level member (id) in JSON', () => {
    const text = `{${HEAD}, "id": "q", "rule": {"rule": "issuer"}}`;
    expect(problemsOf(text, 'json')).toMatchObject([{ path: 'id', message: "duplicate member 'id'" }]);
  });

  it.each([
    ['974760673', '"974760673"'],
    ['1', '1.0'],
    ['true', '"true"'],
    ['~', '""'],
    ['0x10', '16'],
  ])('YAML keys %s and %s, which both load as the same string', (a, b) => {
    const text = `id: p\nversion: "1"\nenvironment: test\nrule:\n  rule: acme.blocked\n  options:\n    ${a}: x\n    ${b}: y\n`;
    const [problem] = problemsOf(text, 'yaml');
    expect(problem).toMatchObject({ line: 8, column: 5 });
    expect(problem?.message).toMatch(/^duplicate member '.*'$/);
    expect(problem?.hint).toContain('line 7');
  });

  it('YAML keys that are equal as written stay refused (at the repeated key)', () => {
    const text = 'id: p\nversion: "1"\nenvironment: test\nrule:\n  all: [{ rule: issuer }]\n  all: []\n';
    expect(problemsOf(text, 'yaml')).toMatchObject([
      { path: 'rule.all', line: 6, column: 3, message: "duplicate member 'all'" },
    ]);
  });

  it.each([
    ['a collection', 'rule:\n  rule: acme.x\n  options:\n    ? [a]\n    : 1\n    "[ a ]": 2\n'],
    ['an alias', 'k: &k mode\nrule:\n  rule: issuer\n  mode: enforce\n  *k : shadow\n'],
    ['a YAML 1.1 merge key', '%YAML 1.1\n---\nbase: &b { mode: shadow }\nrule:\n  rule: issuer\n  <<: *b\n'],
    [
      'a YAML 1.1 timestamp',
      '%YAML 1.1\n---\nrule:\n  rule: acme.x\n  options:\n    2001-12-14: 1\n    "2001-12-14": 2\n',
    ],
  ])('a key that is not a plain value (%s), whose loaded name nobody reviews', (_, body) => {
    const head = body.startsWith('%') ? '' : 'id: p\nversion: "1"\nenvironment: test\n';
    const text = body.startsWith('%')
      ? body.replace('---\n', '---\nid: p\nversion: "1"\nenvironment: test\n')
      : head + body;
    expect(problemsOf(text, 'yaml')).toContainEqual(
      expect.objectContaining({ message: 'a member name must be a plain string' }),
    );
  });

  it('a JSON file that repeats no member still loads', () => {
    const text = `{${HEAD}, "rule": {"all": [{"rule": "issuer"}, {"rule": "token-type", "mode": "shadow"}]}}`;
    expect(loadPolicy({ text, format: 'json' }).id).toBe('p');
  });
});
