import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defineRule, nearest, pass, type Rule, type RuleMode } from '@dsop-guard/core';
import {
  builtinRules,
  consumerRule,
  type Environment,
  loadPolicy,
  PolicyError,
  type PolicyProblem,
  type PresetName,
  preset,
  scopeRule,
  tokenLifetimeRule,
} from '@dsop-guard/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Pins the private joinPath on purpose: how a schema problem's pointer becomes a path is a table below.
import { joinPath } from '../../packages/rules/src/ajvProblems.js';
import { claims, context, decisive } from './claims.js';

// Every way loading a policy can fail, with the exact problems (file, path, message, hint) it reports, and the
// ConfigErrors thrown for a bad call. test/rules/policy.test.ts covers the happy paths and the broken fixture.

const NAME = 'inline.json';

const inline = (rule: unknown, extra: object = {}) => ({
  text: JSON.stringify({ id: 'p', version: '1', environment: 'test', rule, ...extra }),
  format: 'json' as const,
  name: NAME,
});

function thrown(load: () => unknown): unknown {
  try {
    load();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

function policyError(load: () => unknown): PolicyError {
  const e = thrown(load);
  if (e instanceof PolicyError) return e;
  throw e;
}

/** The problems of loading `rule` inline, each in the file `inline.json`. */
const problems = (rule: unknown, extra: object = {}, options = {}) =>
  policyError(() => loadPolicy(inline(rule, extra), options)).problems;

/** A problem in `inline.json` at `[line, column]` (one line of JSON: line 1), or at no place (`null`). */
const at = (
  place: readonly [number, number] | null,
  path: string,
  message: string,
  hint?: string,
): PolicyProblem => ({
  file: NAME,
  path,
  line: place?.[0] ?? null,
  column: place?.[1] ?? null,
  message,
  ...(hint === undefined ? {} : { hint }),
});

/** A policy file's `when` node. */
const whenNode = (cond: unknown, then: unknown) => ({ when: { if: cond, then } });

const NODE_KINDS = 'must have one of "rule", "all", "any", "not", "when"';
const VALID = { id: 'p', version: '1', environment: 'test', rule: { rule: 'issuer' } };

/** A custom rule factory that passes the node's id and mode on to defineRule, as it must. */
const proper = (options: unknown): Rule => {
  const { id = 'acme.proper', mode } = (options ?? {}) as { id?: string; mode?: RuleMode };
  return defineRule({
    id,
    kind: 'acme.proper',
    ...(mode === undefined ? {} : { mode }),
    check: () => pass(),
  });
};
const notARule = () => ({}) as Rule;

describe('loadPolicy: the source', () => {
  it.each([null, 'policy.yaml', 42])('refuses the source %j with a ConfigError naming source', (source) => {
    const e = thrown(() => loadPolicy(source as never));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e).not.toBeInstanceOf(PolicyError);
    expect(e).toMatchObject({ field: 'source', message: 'source: must be { path } or { text, format }' });
  });

  it.each([
    'toml',
    undefined,
  ])('refuses text in the format %j with a ConfigError naming source.format', (format) => {
    const e = thrown(() => loadPolicy({ text: JSON.stringify(VALID), format } as never));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e).not.toBeInstanceOf(PolicyError);
    expect(e).toMatchObject({ field: 'source.format', message: "source.format: must be 'json' or 'yaml'" });
  });

  it('refuses custom rules that are not functions or shadow a built-in, before reading the file', () => {
    const notAFunction = thrown(() =>
      loadPolicy(inline({ rule: 'issuer' }), { customRules: { 'acme.x': 'nope' as never } }),
    );
    expect(notAFunction).toBeInstanceOf(ConfigError);
    expect(notAFunction).toMatchObject({
      field: 'customRules.acme.x',
      message: 'customRules.acme.x: must be a function',
    });
    const shadowing = thrown(() =>
      loadPolicy(inline({ rule: 'issuer' }), { customRules: { scope: proper } }),
    );
    expect(shadowing).toMatchObject({
      field: 'customRules.scope',
      message: 'customRules.scope: shadows a built-in rule',
    });
  });
});

describe('loadPolicy: reading files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-policy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each(['policy.json', 'policy.yaml', 'policy.yml', 'POLICY.YML'])('reads %s by its extension', (name) => {
    const path = write(name, JSON.stringify(VALID));
    expect(loadPolicy({ path }).id).toBe('p');
  });

  it('reads a .json file as JSON, even when its text would be valid YAML', () => {
    const path = write('yaml-text.json', 'id: p\nversion: "1"\nenvironment: test\nrule: { rule: issuer }\n');
    const error = policyError(() => loadPolicy({ path }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: path, path: '' });
    expect(error.problems[0]?.message).toMatch(/^invalid JSON: /);
  });

  it.each([
    ['policy.toml', '.toml'],
    ['policy', ''],
  ])('refuses %s as an unknown file type, naming the extensions it takes', (path, ext) => {
    const error = policyError(() => loadPolicy({ path }));
    expect(error.problems).toStrictEqual([
      {
        file: path,
        path: '',
        line: null,
        column: null,
        message: `unknown file type '${ext}'`,
        hint: 'use .json, .yaml or .yml',
      },
    ]);
    expect(error.message).toBe(
      `${path}: 1 problem\n  (file): unknown file type '${ext}' (use .json, .yaml or .yml)`,
    );
  });

  it('reports a file it cannot read, with the reason', () => {
    const path = join(dir, 'missing.yaml');
    const error = policyError(() => loadPolicy({ path }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: path, path: '' });
    expect(error.problems[0]?.message).toMatch(/^cannot read the file: ENOENT/);
    expect(error.problems[0]).not.toHaveProperty('hint');
  });
});

describe('loadPolicy: syntax', () => {
  it('names inline text <inline> unless it is given a name', () => {
    const error = policyError(() => loadPolicy({ text: '{', format: 'json' }));
    expect(error.source).toBe('<inline>');
    expect(error.problems[0]?.file).toBe('<inline>');
    expect(error.problems[0]?.message).toMatch(/^invalid JSON: /);
    expect(policyError(() => loadPolicy({ text: '{', format: 'json', name: 'env:POLICY' })).source).toBe(
      'env:POLICY',
    );
  });

  it('reports a YAML syntax error with its line and column', () => {
    const error = policyError(() => loadPolicy({ text: 'a: [', format: 'yaml' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: '<inline>', path: '', line: 1, column: 5 });
    expect(error.problems[0]?.message).toMatch(/^invalid YAML: .* at line 1, column 5:/);
  });

  it('reports a document that is not an object at the file level', () => {
    for (const text of ['[]', '"policy"', 'null', '1']) {
      const error = policyError(() => loadPolicy({ text, format: 'json' }));
      expect(error.problems, text).toStrictEqual([
        { file: '<inline>', path: '', line: null, column: null, message: 'must be object' },
      ]);
      expect(error.message).toBe('<inline>: 1 problem\n  (file): must be object');
    }
  });
});

describe('loadPolicy: schema problems', () => {
  it.each([
    ['an empty node', {}, 'found no keys'],
    ['a node of unknown keys', { xyzzy: 1, qwerty: 2 }, 'found "xyzzy", "qwerty"'],
    ['a misspelt kind after an unknown key', { zzzzz: 1, alll: [] }, "did you mean 'all'?"],
  ])('reports %s as needing one node kind', (_, rule, hint) => {
    expect(problems(rule)).toStrictEqual([at([1, 46], 'rule', NODE_KINDS, hint)]);
  });

  it.each([
    [null, 'rule', 46],
    [{ all: [null] }, 'rule.all[0]', 61],
    [{ not: null }, 'rule.not', 54],
    [whenNode(null, { rule: 'issuer' }), 'rule.when.if', 62],
    [{ rule: 'issuer', options: 5 }, 'rule.options', 70],
  ])('reports the non-object node %j', (rule, path, column) => {
    expect(problems(rule)).toStrictEqual([at([1, column], path, 'must be object')]);
  });

  it('calls an unknown key of a node a property and one of a rule an option', () => {
    expect(problems({ rule: 'issuer', optoins: {} })).toStrictEqual([
      at([1, 70], 'rule.optoins', "unknown property 'optoins'", "did you mean 'options'?"),
    ]);
    expect(problems({ rule: 'token-lifetime', options: { zzzzzz: 1 } })).toStrictEqual([
      at([1, 89], 'rule.options.zzzzzz', "unknown option 'zzzzzz'", 'allowed: "maxLifetime"'),
    ]);
    expect(problems({ rule: 'issuer' }, { extra: 1 })).toStrictEqual([
      at(
        [1, 71],
        'extra',
        "unknown property 'extra'",
        'allowed: "$schema", "id", "version", "environment", "description", "rule", "extends", "presetOptions", "add", "replace", "shadow", "transport"',
      ),
    ]);
  });

  it('reports missing required fields', () => {
    expect(problems({ rule: 'audience' })).toStrictEqual([at([1, 46], 'rule.options', 'is required')]);
    expect(problems({ rule: 'audience', options: {} })).toStrictEqual([
      at([1, 72], 'rule.options.audiences', 'is required'),
    ]);
  });

  it('lists the allowed values and suggests a near one only for a near string', () => {
    expect(problems({ rule: 'issuer' }, { environment: 'tset' })).toStrictEqual([
      at([1, 25], 'environment', 'must be one of "test", "prod"', "did you mean 'test'?"),
    ]);
    expect(problems({ rule: 'issuer' }, { environment: 'staging' })).toStrictEqual([
      at([1, 25], 'environment', 'must be one of "test", "prod"'),
    ]);
    expect(problems({ rule: 'issuer', mode: 1 })).toStrictEqual([
      at([1, 70], 'rule.mode', 'must be one of "enforce", "shadow"'),
    ]);
  });

  it('suggests quoting only a number where a string belongs', () => {
    expect(problems({ rule: 'issuer', id: 5 })).toStrictEqual([
      at([1, 70], 'rule.id', 'must be string', 'quote it: "5"'),
    ]);
    expect(problems({ rule: 'issuer' }, { version: true })).toStrictEqual([
      at([1, 11], 'version', 'must be string'),
    ]);
  });

  it('shows the pattern, with the field description as hint when it has one', () => {
    expect(problems({ rule: 'issuer', id: 'bad id' })).toStrictEqual([
      at(
        [1, 70],
        'rule.id',
        'must match ^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$',
        'Stable id of this node in outcomes and violations.',
      ),
    ]);
    expect(problems({ rule: 'consumer', options: { allowedIcds: ['12'] } })).toStrictEqual([
      at([1, 98], 'rule.options.allowedIcds[0]', 'must match ^[0-9]{4}$'),
    ]);
  });

  it("keeps ajv's own message for other keywords", () => {
    expect(problems({ rule: 'issuer' }, { id: '' })).toStrictEqual([
      at([1, 2], 'id', 'must NOT have fewer than 1 characters'),
    ]);
  });

  it('orders problems as in the document, all[2] before all[10]', () => {
    const list = Array.from({ length: 11 }, (_, i) => ({ rule: 'issuer', id: `i${i}` }));
    list[2] = { rule: 'scpoe', id: 'i2' };
    list[10] = { rule: 'isuer', id: 'i10' };
    expect(problems({ all: list }).map((p) => p.path)).toEqual(['rule.all[2].rule', 'rule.all[10].rule']);
  });
});

describe('loadPolicy: rule names', () => {
  it('lists the known rules, custom ones included, when no name is near', () => {
    const known = [...Object.keys(builtinRules), 'acme.proper'].join(', ');
    expect(problems({ rule: 'zzzzzzzzzzzz' }, {}, { customRules: { 'acme.proper': proper } })).toStrictEqual([
      at([1, 54], 'rule.rule', "unknown rule 'zzzzzzzzzzzz'", `known rules: ${known}`),
    ]);
  });

  it('finds unknown names at any depth: any, not, when.if and when.then', () => {
    expect(
      problems({
        any: [{ rule: 'isuer' }],
        id: 'x',
      }),
    ).toStrictEqual([at([1, 62], 'rule.any[0].rule', "unknown rule 'isuer'", "did you mean 'issuer'?")]);
    expect(problems({ not: { rule: 'scpoe' } })).toStrictEqual([
      at([1, 61], 'rule.not.rule', "unknown rule 'scpoe'", "did you mean 'scope'?"),
    ]);
    expect(problems(whenNode({ rule: 'scpoe' }, { rule: 'isuer' }))).toStrictEqual([
      at([1, 68], 'rule.when.if.rule', "unknown rule 'scpoe'", "did you mean 'scope'?"),
      at([1, 92], 'rule.when.then.rule', "unknown rule 'isuer'", "did you mean 'issuer'?"),
    ]);
  });
});

describe('loadPolicy: custom rules', () => {
  it("hands a factory the node's options plus the id and mode the file sets, and nothing else", () => {
    const seen: unknown[] = [];
    const recording = (options: unknown): Rule => {
      seen.push(options);
      return proper(options);
    };
    const policy = loadPolicy(
      inline({
        all: [
          { rule: 'acme.rec', id: 'r1', mode: 'enforce', options: { a: 1 } },
          { rule: 'acme.rec', id: 'r2', mode: 'shadow' },
          { rule: 'acme.rec' },
        ],
      }),
      { customRules: { 'acme.rec': recording } },
    );
    expect(seen).toStrictEqual([{ a: 1, id: 'r1', mode: 'enforce' }, { id: 'r2', mode: 'shadow' }, {}]);
    expect(policy.rule.describe().children?.map((c) => [c.id, c.mode])).toEqual([
      ['r1', 'enforce'],
      ['r2', 'shadow'],
      ['acme.proper', 'enforce'],
    ]);
  });

  it.each([
    ['an empty object', notARule],
    ['nothing', () => undefined as unknown as Rule],
    ['an object without describe', () => ({ evaluate: () => undefined }) as unknown as Rule],
  ])('reports a factory that returns %s at its node', (_, factory) => {
    expect(
      problems(
        { all: [{ rule: 'issuer' }, { rule: 'acme.bad' }] },
        {},
        { customRules: { 'acme.bad': factory } },
      ),
    ).toStrictEqual([
      at([1, 79], 'rule.all[1]', "custom rule 'acme.bad' did not return a rule", 'build it with defineRule'),
    ]);
  });

  it('reports one problem where a bad custom rule sits under not or when', () => {
    const bad = (column: number, path: string) =>
      at([1, column], path, "custom rule 'acme.bad' did not return a rule", 'build it with defineRule');
    const load = (rule: unknown) => problems(rule, {}, { customRules: { 'acme.bad': notARule } });
    expect(load({ not: { rule: 'acme.bad' } })).toStrictEqual([bad(54, 'rule.not')]);
    expect(load(whenNode({ rule: 'acme.bad' }, { rule: 'issuer' }))).toStrictEqual([bad(62, 'rule.when.if')]);
    expect(load(whenNode({ rule: 'issuer' }, { rule: 'acme.bad' }))).toStrictEqual([
      bad(85, 'rule.when.then'),
    ]);
    expect(load(whenNode({ rule: 'acme.bad' }, { rule: 'acme.bad' }))).toStrictEqual([
      bad(62, 'rule.when.if'),
      bad(87, 'rule.when.then'),
    ]);
  });

  it('reports a custom rule that ignores only the id', () => {
    const fixedId = (options: unknown): Rule => proper({ ...(options as object), id: 'fixed' });
    expect(
      problems(
        { all: [{ rule: 'acme.fixed', id: 'mine', mode: 'shadow' }] },
        {},
        { customRules: { 'acme.fixed': fixedId } },
      ),
    ).toStrictEqual([
      at(
        [1, 61],
        'rule.all[0]',
        "custom rule 'acme.fixed' ignored id",
        'pass options.id and options.mode to defineRule',
      ),
    ]);
  });

  it("reports a factory's ConfigError at its node, with the file, line and column, the error its cause", () => {
    const refusal = new ConfigError('acme.limit.max', 'must be at most 10');
    const refusing = (): Rule => {
      throw refusal;
    };
    const error = policyError(() =>
      loadPolicy(inline({ all: [{ rule: 'issuer' }, { rule: 'acme.limit' }] }), {
        customRules: { 'acme.limit': refusing },
      }),
    );
    expect(error.problems).toStrictEqual([at([1, 79], 'rule.all[1]', 'acme.limit.max: must be at most 10')]);
    expect(error.cause).toBe(refusal);
    expect(error.message).toBe(
      `${NAME}: 1 problem\n  ${NAME}:1:79: rule.all[1]: acme.limit.max: must be at most 10`,
    );
  });

  it("reports a factory's own bug (not a ConfigError) at its node by the error's name only, the error its cause", () => {
    const bug = new TypeError('bug in the factory for 01085301957');
    const throwing = (): Rule => {
      throw bug;
    };
    const yaml = 'id: p\nversion: "1"\nenvironment: test\nrule:\n  not:\n    rule: acme.bug\n';
    const error = policyError(() =>
      loadPolicy(
        { text: yaml, format: 'yaml', name: 'acme.policy.yaml' },
        { customRules: { 'acme.bug': throwing } },
      ),
    );
    expect(error.problems).toStrictEqual([
      {
        file: 'acme.policy.yaml',
        path: 'rule.not',
        line: 5,
        column: 3,
        message: "custom rule 'acme.bug' threw TypeError",
        hint: 'a bug in the rule; the error is the cause',
      },
    ]);
    expect(error.cause).toBe(bug);
    expect(error.message).not.toContain('01085301957');
  });

  it('keeps the first error as the cause when several factories throw, and reports every one', () => {
    const first = new Error('first');
    const factory = (n: number) => (): Rule => {
      throw n === 1 ? first : new ConfigError('acme.b', 'refused');
    };
    const error = policyError(() =>
      loadPolicy(inline({ all: [{ rule: 'acme.a' }, { rule: 'acme.b' }] }), {
        customRules: { 'acme.a': factory(1), 'acme.b': factory(2) },
      }),
    );
    expect(error.problems.map((p) => [p.path, p.message])).toEqual([
      ['rule.all[0]', "custom rule 'acme.a' threw Error"],
      ['rule.all[1]', 'acme.b: refused'],
    ]);
    expect(error.cause).toBe(first);
  });

  it("lets a bug in a rule's describe (not its factory) through unchanged", () => {
    const describeBug = new TypeError('bug in describe');
    const brokenDescribe = (options: unknown): Rule => ({
      ...proper(options),
      describe: () => {
        throw describeBug;
      },
    });
    expect(
      thrown(() => loadPolicy(inline({ rule: 'acme.bug' }), { customRules: { 'acme.bug': brokenDescribe } })),
    ).toBe(describeBug);
  });
});

describe('loadPolicy: positions', () => {
  const YAML = [
    'id: acme/test', // 1
    'version: "1"', // 2
    'environment: test', // 3
    'rule:', // 4
    '  all:', // 5
    '    - rule: issuer', // 6
    '    - rule: scope', // 7
    '      options:', // 8
    '        scopes: acme:read', // 9
    '    - rule: scpoe', // 10
    '    - rule: audience', // 11
    '      options: {}', // 12
    '',
  ].join('\n');
  const load = (text: string, format: 'json' | 'yaml') =>
    policyError(() => loadPolicy({ text, format, name: `acme.policy.${format}` }));

  it('places each YAML problem at the key it names, a missing option at its options, with file:line:column', () => {
    const error = load(YAML, 'yaml');
    expect(error.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['rule.all[1].options.scopes', 9, 9],
      ['rule.all[2].rule', 10, 7],
      ['rule.all[3].options.audiences', 12, 7],
    ]);
    expect(error.message).toBe(
      'acme.policy.yaml: 3 problems\n' +
        '  acme.policy.yaml:9:9: rule.all[1].options.scopes: must be array\n' +
        "  acme.policy.yaml:10:7: rule.all[2].rule: unknown rule 'scpoe' (did you mean 'scope'?)\n" +
        '  acme.policy.yaml:12:7: rule.all[3].options.audiences: is required',
    );
  });

  it('places problems found after the schema (unknown rule names) alone too', () => {
    const error = load(
      YAML.replace('scopes: acme:read', 'scopes: [acme:read]').replace('{}', '{ audiences: [a] }'),
      'yaml',
    );
    expect(error.problems).toStrictEqual([
      {
        file: 'acme.policy.yaml',
        path: 'rule.all[2].rule',
        line: 10,
        column: 7,
        message: "unknown rule 'scpoe'",
        hint: "did you mean 'scope'?",
      },
    ]);
  });

  it('places problems in a JSON file across its lines', () => {
    const json = JSON.stringify(
      { id: 'p', version: 1, environment: 'test', rule: { all: [{ rule: 'isuer' }] } },
      null,
      2,
    );
    expect(load(json, 'json').problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['rule.all[0].rule', 8, 9],
      ['version', 3, 3],
    ]);
  });

  it('places an item of a list at the item', () => {
    const error = load(
      YAML.replace('acme:read', '[acme:read, 5]').replace('{}', '{ audiences: [a] }'),
      'yaml',
    );
    expect(error.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ['rule.all[1].options.scopes[1]', 9, 29],
      ['rule.all[2].rule', 10, 7],
    ]);
  });
});

describe('PolicyError', () => {
  it('is a ConfigError named PolicyError whose field is the first problem path and whose source is the file', () => {
    const error = policyError(() => loadPolicy(inline({ all: [{ rule: 'scpoe' }, { rule: 'isuer' }] })));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('PolicyError');
    expect(error.field).toBe('rule.all[0].rule');
    expect(error.source).toBe(NAME);
    expect(error.message).toBe(
      `${NAME}: 2 problems\n` +
        `  ${NAME}:1:62: rule.all[0].rule: unknown rule 'scpoe' (did you mean 'scope'?)\n` +
        `  ${NAME}:1:79: rule.all[1].rule: unknown rule 'isuer' (did you mean 'issuer'?)`,
    );
  });

  it('writes a problem without a hint without parentheses, and an empty path as (file)', () => {
    const error = new PolicyError('f.yaml', [
      { file: 'f.yaml', path: '', line: null, column: null, message: 'm1' },
      { file: 'f.yaml', path: 'rule', line: null, column: null, message: 'm2', hint: 'h' },
    ]);
    expect(error.message).toBe('f.yaml: 2 problems\n  (file): m1\n  rule: m2 (h)');
    expect(error.field).toBe('');
  });

  it('takes an empty list', () => {
    const error = new PolicyError('f.yaml', []);
    expect([error.field, error.message, error.problems]).toEqual(['', 'f.yaml: 0 problems\n', []]);
  });
});

describe('built-in rule factories: the ConfigError for bad options', () => {
  it.each([
    [
      () => scopeRule({ scopes: ['a:b'], scopse: 1 } as never),
      'scope.scopse',
      /^scope\.scopse: .*'scopse' \(did you mean 'scopes'\?\)$/,
    ],
    [
      () => tokenLifetimeRule({ maxLifetime: -1 }),
      'token-lifetime.maxLifetime',
      /^token-lifetime\.maxLifetime: must be >= 1$/,
    ],
    [
      () => consumerRule({ id: 'my-c', allowedIcds: ['1'] }),
      'my-c.allowedIcds[0]',
      /^my-c\.allowedIcds\[0\]: must match/,
    ],
    [() => scopeRule('scopes' as never), 'scope', /^scope: must be object$/],
  ])('%#: names %s', (build, field, message) => {
    const e = thrown(build);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).field).toBe(field);
    expect((e as ConfigError).message).toMatch(message);
  });
});

describe('preset', () => {
  it('suggests the nearest preset name, or none when nothing is near', () => {
    expect(thrown(() => preset('lanekasen-saldo' as PresetName, 'test'))).toMatchObject({
      field: 'name',
      message: `name: unknown preset "lanekasen-saldo"; did you mean 'lanekassen-saldo'?`,
    });
    expect(thrown(() => preset('foo' as PresetName, 'test'))).toMatchObject({
      field: 'name',
      message: 'name: unknown preset "foo"',
    });
    const numeric = thrown(() => preset(5 as unknown as PresetName, 'test'));
    expect(numeric).toBeInstanceOf(ConfigError);
    expect(numeric).toMatchObject({ field: 'name', message: 'name: unknown preset 5' });
  });

  it('refuses an unknown environment', () => {
    const e = thrown(() => preset('lanekassen-saldo', 'stage' as Environment));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e).toMatchObject({ field: 'environment', message: "environment: must be 'test' or 'prod'" });
  });

  it('accepts synthetic Tenor persons in TEST only', async () => {
    const tenor = { request: { person: '25922947409' }, consent: { offeredBy: '25922947409' } };
    const test = preset('lanekassen-saldo', 'test').policy.rule;
    expect(decisive(await test.evaluate(claims(tenor), context))).toEqual([]);
    const prod = preset('lanekassen-saldo', 'prod').policy.rule;
    const prodClaims = claims({ ...tenor, maskinporten: { iss: 'https://maskinporten.no/' } });
    expect(decisive(await prod.evaluate(prodClaims, context))).toEqual(['person_invalid']);
  });
});

describe('joinPath', () => {
  it.each([
    ['', '', ''],
    ['', '/rule/all/10/options', 'rule.all[10].options'],
    ['', '/a1/1a/7', 'a1.1a[7]'],
    ['file', '/a~1b/c~0d/0', 'file.a/b.c~d[0]'],
  ])('joins %j and the pointer %j as %j', (prefix, pointer, path) => {
    expect(joinPath(prefix, pointer)).toBe(path);
  });
});

describe('nearest', () => {
  it.each([
    ['scpoe', ['issuer', 'scope'], 'scope', 'a swap of neighbours is one edit'],
    ['abcdef', ['badcef'], 'badcef', 'two swaps are two edits, within the limit of 2'],
    ['abcdef', ['badcfe'], undefined, 'three swaps are three edits'],
    ['abwxyz', ['bcwxyq'], undefined, 'ab → bc is two edits, not a swap: three in all'],
    ['abwxyz', ['cawxyq'], undefined, 'ab → ca is two edits, not a swap: three in all'],
    ['abcdefgh', ['xyzdefgh'], undefined, 'three substitutions in eight letters are too many'],
    ['abcdefghijkl', ['wxyzefghijkl'], 'wxyzefghijkl', 'a twelve-letter word allows four edits'],
    ['abcdefghijkl', ['vwxyzfghijkl'], undefined, 'but not five'],
    ['abcdef', ['abcdxy'], 'abcdxy', 'exactly the limit is near'],
    ['ab', ['abcde'], undefined, 'three insertions are too many for a short word'],
    ['abc', ['xyz'], undefined, 'nothing in common'],
    ['SCOPE', ['scope'], 'scope', 'case does not count, and the candidate comes back as spelt'],
    ['Scpoe', ['SCOPE'], 'SCOPE', 'case does not count, and the candidate comes back as spelt'],
    ['scope', [], undefined, 'no candidates'],
    ['abcdefgh', ['abcdefgx', 'bacdefgh'], 'abcdefgx', 'on a tie the earlier candidate wins'],
    ['abcdefgh', ['bacdefgh', 'abcdefgx'], 'bacdefgh', 'on a tie the earlier candidate wins'],
    ['consent-validty', ['consent-issuer', 'consent-validity'], 'consent-validity', 'the closest one wins'],
  ] as [
    string,
    string[],
    string | undefined,
    string,
  ][])('nearest(%j, %j) is %j: %s', (word, candidates, expected) => {
    expect(nearest(word, candidates)).toBe(expected);
  });
});
