import { ConfigError, defineRule, fail, type Rule, type RuleMode } from '@dsop-guard/core';
import { loadPolicy, PolicyError, preset } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Found in review (issue 26): the built-in rule table is a plain object, so a custom rule registered under the
// name of an Object.prototype member (`constructor`, `toString`, `hasOwnProperty`, `valueOf`) and used in a
// file was looked up as a built-in: `Object` or `Object.prototype.toString` was called as the rule's factory and
// reading its `meta` threw a TypeError out of loadPolicy. And a file's option objects reached a hand-written
// factory with an own `__proto__` member (JSON.parse and YAML both make one). Fix: rule names are looked up in
// own members only (Object.hasOwn, a Map of the custom rules), custom names must match the rule name pattern,
// and a member named `__proto__` anywhere in a policy file is a PolicyError.

const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** A hand-written factory that passes the node's id and mode on, and denies. */
const denying =
  (kind: string) =>
  (options: unknown): Rule => {
    const { id = kind, mode } = (options ?? {}) as { id?: string; mode?: RuleMode };
    return defineRule({
      id,
      kind,
      ...(mode === undefined ? {} : { mode }),
      options,
      check: () => fail({ code: 'custom_denied', path: '' }),
    });
  };

const file = (rule: unknown) => ({
  text: JSON.stringify({ id: 'p', version: '1', environment: 'test', rule }),
  format: 'json' as const,
  name: 'proto.json',
});

function problemsOf(load: () => unknown) {
  try {
    load();
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  throw new Error('loaded');
}

describe('regression: rule and option names that are Object.prototype members', () => {
  it.each(
    NAMES,
  )('a custom rule registered as %j is the custom rule, not an Object.prototype member', (name) => {
    const policy = loadPolicy(file({ all: [{ rule: name }, { rule: 'issuer' }] }), {
      customRules: { [name]: denying(name) },
    });
    expect(policy.rule.describe().children?.[0]).toMatchObject({ id: name, kind: name, mode: 'enforce' });
  });

  it.each(NAMES)('%j without a registration is an unknown rule', (name) => {
    expect(problemsOf(() => loadPolicy(file({ rule: name })))).toMatchObject([
      { path: 'rule.rule', message: `unknown rule '${name}'` },
    ]);
  });

  it('a custom rule named __proto__ (an own member) is a ConfigError: no file could name it', () => {
    const customRules = Object.defineProperty({}, '__proto__', { value: denying('x'), enumerable: true });
    expect(() => loadPolicy(file({ rule: 'issuer' }), { customRules } as never)).toThrow(ConfigError);
    expect(() => loadPolicy(file({ rule: 'issuer' }), { customRules } as never)).toThrow(
      /customRules\.__proto__/,
    );
  });

  it.each([
    [
      'JSON',
      '{"id": "p", "version": "1", "environment": "test", "rule": {"rule": "acme.x", "options": {"__proto__": {"polluted": true}}}}',
      'json',
    ],
    [
      'YAML',
      'id: p\nversion: "1"\nenvironment: test\nrule:\n  rule: acme.x\n  options:\n    __proto__: { polluted: true }\n',
      'yaml',
    ],
  ] as const)('an option object with an own __proto__ (%s) never reaches a factory', (_, text, format) => {
    let reached = false;
    const factory = (options: unknown) => {
      reached = true;
      return denying('acme.x')(options);
    };
    const problems = problemsOf(() => loadPolicy({ text, format }, { customRules: { 'acme.x': factory } }));
    expect(problems).toMatchObject([
      { path: 'rule.options.__proto__', message: "a member named '__proto__'" },
    ]);
    expect(reached).toBe(false);
  });

  it.each([
    'constructor',
    'toString',
    'hasOwnProperty',
  ])('a built-in rule given an option named %j reports an unknown option', (name) => {
    expect(
      problemsOf(() => loadPolicy(file({ rule: 'scope', options: { scopes: ['a'], [name]: 1 } }))),
    ).toMatchObject([{ path: `rule.options.${name}`, message: `unknown option '${name}'` }]);
  });

  it.each(NAMES)('preset(%j) is a ConfigError', (name) => {
    expect(() => preset(name as never, 'test')).toThrow(ConfigError);
    expect(() => preset('lanekassen-saldo', name as never)).toThrow(ConfigError);
  });
});

describe('regression: loadPolicy options that are not an object', () => {
  it('null options are a ConfigError naming them, not a TypeError', () => {
    expect(() => loadPolicy(file({ rule: 'issuer' }), null as never)).toThrow(/options: must be an object/);
  });
});
