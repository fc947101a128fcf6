import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  type CombinatorOptions,
  ConfigError,
  type Policy,
  type Rule,
  all,
  any,
  definePolicy,
  not,
  when,
} from '@dsop-guard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { type Problem, ajvProblems, byPath } from './ajvProblems.js';
import { builtinRules } from './builtinRules.js';
import { nearest } from '@dsop-guard/core';
import { PolicyError } from './policyError.js';
import type { PolicyFile } from './policyFile.js';
import { policySchema } from './policySchema.js';

/**
 * Where a policy comes from: a file (`.json`, `.yaml` or `.yml`), or text with its format and a name for
 * messages (default `<inline>`).
 *
 * @example
 * ```ts
 * const fromFile: PolicySource = { path: 'policies/lanekassen-test.policy.yaml' };
 * const fromText: PolicySource = { text: '{"id": …}', format: 'json', name: 'env:POLICY' };
 * ```
 */
export type PolicySource =
  | { readonly path: string }
  | { readonly text: string; readonly format: 'json' | 'yaml'; readonly name?: string };

/**
 * Options of {@link loadPolicy}.
 *
 * @example
 * ```ts
 * const options: LoadPolicyOptions = { customRules: { 'acme.blocked-consumers': blockedConsumersRule } };
 * ```
 */
export interface LoadPolicyOptions {
  /**
   * Custom rules by name, referenced from the file as `{rule: <name>, options: {…}}`. Each factory receives
   * the node's `options` plus its `id` and `mode` when the file sets them, validates them (throwing
   * `ConfigError`) and returns a rule built with `defineRule`. Names must not shadow a built-in rule.
   * @defaultValue `{}`
   */
  readonly customRules?: Readonly<Record<string, (options: unknown) => Rule>>;
}

type Raw = Readonly<Record<string, unknown>>;
type Factory = (options: unknown) => Rule;

let validateFile: ValidateFunction | undefined;

function read(source: PolicySource): { file: string; data: unknown; problems: Problem[] } {
  if ('path' in source) {
    const file = source.path;
    const ext = extname(file).toLowerCase();
    const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
    if (format === undefined) {
      return {
        file,
        data: undefined,
        problems: [{ path: '', message: `unknown file type '${ext}'`, hint: 'use .json, .yaml or .yml' }],
      };
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return {
        file,
        data: undefined,
        problems: [{ path: '', message: `cannot read the file: ${(e as Error).message}` }],
      };
    }
    return { file, ...parse(text, format) };
  }
  return { file: source.name ?? '<inline>', ...parse(source.text, source.format) };
}

function parse(text: string, format: 'json' | 'yaml'): { data: unknown; problems: Problem[] } {
  if (format === 'json') {
    try {
      return { data: JSON.parse(text), problems: [] };
    } catch (e) {
      return { data: undefined, problems: [{ path: '', message: `invalid JSON: ${(e as Error).message}` }] };
    }
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      data: undefined,
      problems: doc.errors.map((e) => ({ path: '', message: `invalid YAML: ${e.message}` })),
    };
  }
  try {
    // toJS resolves aliases and can still throw (an unresolved alias such as `*x` is a ReferenceError).
    return { data: doc.toJS(), problems: [] };
  } catch (e) {
    return { data: undefined, problems: [{ path: '', message: `invalid YAML: ${(e as Error).message}` }] };
  }
}

function record(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

/** Rule names the schema cannot judge: each must be a built-in or a registered custom rule. */
function unknownRules(node: unknown, path: string, known: readonly string[]): Problem[] {
  const n = record(node);
  if (n === undefined) return [];
  const problems: Problem[] = [];
  if (typeof n['rule'] === 'string' && !known.includes(n['rule'])) {
    const near = nearest(n['rule'], known);
    problems.push({
      path: `${path}.rule`,
      message: `unknown rule '${n['rule']}'`,
      hint: near === undefined ? `known rules: ${known.join(', ')}` : `did you mean '${near}'?`,
    });
  }
  for (const kind of ['all', 'any'] as const) {
    const list = n[kind];
    if (!Array.isArray(list)) continue;
    for (const [i, c] of list.entries()) problems.push(...unknownRules(c, `${path}.${kind}[${i}]`, known));
  }
  problems.push(...unknownRules(n['not'], `${path}.not`, known));
  const w = record(n['when']);
  problems.push(
    ...unknownRules(w?.['if'], `${path}.when.if`, known),
    ...unknownRules(w?.['then'], `${path}.when.then`, known),
  );
  return problems;
}

/** Builds a validated node; a `ConfigError` from a factory or combinator becomes a problem at the node. */
function build(
  node: Raw,
  path: string,
  env: PolicyFile['environment'],
  custom: Readonly<Record<string, Factory>>,
  problems: Problem[],
): Rule | undefined {
  // The schema has checked id and mode already.
  const common: CombinatorOptions = {
    ...(typeof node['id'] === 'string' ? { id: node['id'] } : {}),
    ...(node['mode'] === 'enforce' || node['mode'] === 'shadow' ? { mode: node['mode'] } : {}),
  };
  const child = (value: unknown, at: string) => build(value as Raw, at, env, custom, problems);
  try {
    if (typeof node['rule'] === 'string') {
      const name = node['rule'];
      const builtin = builtinRules[name];
      const options = { ...(record(node['options']) ?? {}), ...common };
      if (builtin !== undefined) {
        return (builtin as Factory)(
          builtin.meta.usesEnvironment ? { ...options, environment: env } : options,
        );
      }
      const rule = (custom[name] as Factory)(options);
      if (typeof rule?.evaluate !== 'function' || typeof rule.describe !== 'function') {
        problems.push({
          path,
          message: `custom rule '${name}' did not return a rule`,
          hint: 'build it with defineRule',
        });
        return undefined;
      }
      const ignored = (Object.keys(common) as ('id' | 'mode')[]).filter((k) => rule[k] !== common[k]);
      if (ignored.length > 0) {
        problems.push({
          path,
          message: `custom rule '${name}' ignored ${ignored.join(' and ')}`,
          hint: 'pass options.id and options.mode to defineRule',
        });
      }
      return rule;
    }
    for (const kind of ['all', 'any'] as const) {
      const list = node[kind];
      if (!Array.isArray(list)) continue;
      const children = list.map((c, i) => child(c, `${path}.${kind}[${i}]`));
      if (children.some((c) => c === undefined)) return undefined;
      return (kind === 'all' ? all : any)(children as Rule[], common);
    }
    if (node['not'] !== undefined) {
      const inner = child(node['not'], `${path}.not`);
      return inner === undefined ? undefined : not(inner, common);
    }
    const w = node['when'] as Raw;
    const [cond, then] = [child(w['if'], `${path}.when.if`), child(w['then'], `${path}.when.then`)];
    return cond === undefined || then === undefined ? undefined : when(cond, then, common);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push({ path, message: e.message });
    return undefined;
  }
}

/**
 * Loads a policy file (JSON or YAML) into a {@link Policy}: validates it against `policy.schema.json` with
 * ajv, checks that every rule name is known, builds the rule tree (filling in the environment defaults of
 * `issuer` and `delegation-source` from the file's `environment`) and fingerprints it with `definePolicy`.
 * Unknown rules and unknown options are errors, never ignored. Every problem is reported at once, each with
 * the file, its path and a hint (a misspelt name suggests the nearest one), in one {@link PolicyError}.
 *
 * @param source - a file path, or text with its format.
 * @param options - custom rules referenced by the file.
 * @returns the policy, with `id`, `version` and `sha256`.
 * @throws PolicyError (a `ConfigError`) listing every problem in the file; ConfigError for a bad `source` or a
 *   custom rule name that shadows a built-in.
 *
 * @example
 * ```ts
 * import { loadPolicy } from '@dsop-guard/rules';
 * import { createEngine } from '@dsop-guard/core';
 *
 * const policy = loadPolicy({ path: 'packages/rules/examples/lanekassen-test.policy.yaml' });
 * policy.id;     // 'lanekassen-saldo/test'
 * policy.sha256; // fingerprint of the rule tree and every option
 * ```
 */
export function loadPolicy(source: PolicySource, options: LoadPolicyOptions = {}): Policy {
  if (typeof source !== 'object' || source === null)
    throw new ConfigError('source', 'must be { path } or { text, format }');
  if ('text' in source && source.format !== 'json' && source.format !== 'yaml') {
    throw new ConfigError('source.format', "must be 'json' or 'yaml'");
  }
  const custom = options.customRules ?? {};
  for (const [name, factory] of Object.entries(custom)) {
    if (Object.hasOwn(builtinRules, name))
      throw new ConfigError(`customRules.${name}`, 'shadows a built-in rule');
    if (typeof factory !== 'function') throw new ConfigError(`customRules.${name}`, 'must be a function');
  }
  const { file, data, problems } = read(source);
  const fail = (found: readonly Problem[]): never => {
    throw new PolicyError(
      file,
      [...found].sort(byPath).map((p) => ({ file, ...p })),
    );
  };
  if (problems.length > 0) fail(problems);

  validateFile ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true }).compile(
    policySchema,
  );
  const found = validateFile(data) ? [] : ajvProblems(validateFile.errors ?? [], '');
  found.push(
    ...unknownRules(record(data)?.['rule'], 'rule', [...Object.keys(builtinRules), ...Object.keys(custom)]),
  );
  if (found.length > 0) fail(found);

  const policyFile = data as PolicyFile;
  const rule = build(policyFile.rule as unknown as Raw, 'rule', policyFile.environment, custom, found);
  if (rule === undefined || found.length > 0) return fail(found);
  try {
    return definePolicy({ id: policyFile.id, version: policyFile.version, rule });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return fail([{ path: 'rule', message: e.message }]);
  }
}
