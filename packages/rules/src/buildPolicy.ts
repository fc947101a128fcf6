// Internal (not in the barrel): the part of loading a policy that follows the schema, shared by loadPolicy
// (after validating a file) and preset (trusted data in code, checked against the schema once in a test).
import {
  all,
  any,
  type CombinatorOptions,
  ConfigError,
  checkRuleTree,
  definePolicy,
  nearest,
  not,
  type Policy,
  type Rule,
  when,
} from '@dsop-guard/core';
import { byPath, type Problem } from './ajvProblems.js';
import { builtinRules } from './builtinRules.js';
import { PolicyError } from './policyError.js';
import type { PolicyFile } from './policyFile.js';
import { NOWHERE, type Position } from './positionLocator.js';

type Raw = Readonly<Record<string, unknown>>;
/** A custom rule factory: it checks its own options (the policy file hands them over as data). */
type Factory = (options: never) => Rule;
/** Maps a problem's path to its line and column in the file. */
export type Locate = (path: string) => Position;

/** What building a rule tree carries along: the file's environment, the custom rules, and what went wrong. */
interface Build {
  readonly env: PolicyFile['environment'];
  readonly custom: ReadonlyMap<string, Factory>;
  readonly problems: Problem[];
  /** Errors thrown by custom rule factories, the first of which becomes the PolicyError's `cause`. */
  readonly causes: unknown[];
}

/** Maps a path of the data built to the path in the file it came from (a policy that extends a preset). */
export type Rename = (path: string) => string;

function fail(
  file: string,
  found: readonly Problem[],
  locate: Locate,
  causes: readonly unknown[] = [],
  rename: Rename = (path) => path,
): never {
  throw new PolicyError(
    file,
    found
      .map((p) => ({ ...p, path: rename(p.path) }))
      .sort(byPath)
      .map((p) => ({ file, ...p, ...locate(p.path) })),
    causes.length === 0 ? {} : { cause: causes[0] },
  );
}

function record(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

/**
 * The hint for an unknown rule name: the nearest known name; else, when no custom rule is registered at all, that
 * a custom rule must be (the likely slip: the CLI run without `--rules`); else the known names.
 */
function unknownRuleHint(name: string, known: readonly string[], customs: number): string {
  const near = nearest(name, known);
  if (near !== undefined) return `did you mean '${near}'?`;
  if (customs === 0)
    return "did you forget --rules? no custom rule is registered; in code: loadPolicy's customRules";
  return `known rules: ${known.join(', ')}`;
}

/** Rule names the schema cannot judge: each must be a built-in or a registered custom rule. */
function unknownRules(node: unknown, path: string, known: readonly string[], customs: number): Problem[] {
  const n = record(node);
  if (n === undefined) return [];
  const problems: Problem[] = [];
  if (typeof n['rule'] === 'string' && !known.includes(n['rule'])) {
    problems.push({
      path: `${path}.rule`,
      message: `unknown rule '${n['rule']}'`,
      hint: unknownRuleHint(n['rule'], known, customs),
    });
  }
  const below = (child: unknown, at: string) => unknownRules(child, at, known, customs);
  for (const kind of ['all', 'any'] as const) {
    const list = n[kind];
    if (!Array.isArray(list)) continue;
    for (const [i, c] of list.entries()) problems.push(...below(c, `${path}.${kind}[${i}]`));
  }
  problems.push(...below(n['not'], `${path}.not`));
  const w = record(n['when']);
  problems.push(...below(w?.['if'], `${path}.when.if`), ...below(w?.['then'], `${path}.when.then`));
  return problems;
}

/**
 * Calls a custom rule's factory; whatever it throws becomes a problem at the node, kept as a cause: a
 * `ConfigError` with its own message (written for the policy's author), any other error by its name only
 * (its message may hold anything; the cause keeps it).
 */
function callCustom(name: string, options: unknown, path: string, b: Build): { rule: Rule } | undefined {
  try {
    return { rule: (b.custom.get(name) as Factory)(options as never) };
  } catch (e) {
    b.causes.push(e);
    b.problems.push(
      e instanceof ConfigError
        ? { path, message: e.message }
        : {
            path,
            message: `custom rule '${name}' threw ${e instanceof Error ? e.name : typeof e}`,
            hint: 'a bug in the rule; the error is the cause',
          },
    );
    return undefined;
  }
}

/** Builds a validated node; a `ConfigError` from a factory or combinator becomes a problem at the node. */
function build(node: Raw, path: string, b: Build): Rule | undefined {
  const { env, problems } = b;
  // The schema has checked id and mode already.
  const common: CombinatorOptions = {
    ...(typeof node['id'] === 'string' ? { id: node['id'] } : {}),
    ...(node['mode'] === 'enforce' || node['mode'] === 'shadow' ? { mode: node['mode'] } : {}),
  };
  const child = (value: unknown, at: string) => build(value as Raw, at, b);
  try {
    if (typeof node['rule'] === 'string') {
      const name = node['rule'];
      // Own members only: `constructor` or `toString` is a custom rule's name, never Object.prototype's.
      const builtin = Object.hasOwn(builtinRules, name) ? builtinRules[name] : undefined;
      const options = { ...(record(node['options']) ?? {}), ...common };
      if (builtin !== undefined) {
        return (builtin as Factory)(
          (builtin.meta.usesEnvironment ? { ...options, environment: env } : options) as never,
        );
      }
      const made = callCustom(name, options, path, b);
      if (made === undefined) return undefined;
      const { rule } = made;
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
 * Builds policy-file data into a {@link Policy}: adds to `found` (the schema's problems, if any) every unknown
 * rule name, builds the rule tree and fingerprints it with `definePolicy`; throws one {@link PolicyError} with
 * every problem, sorted by path, naming `file` and each problem's line and column (from `locate`; none for data
 * in code such as presets). `rename` maps the built data's paths back to the file's (for a policy that extends
 * a preset, whose rule tree is put together from the preset and the file).
 *
 * @example
 * ```ts
 * const policy = buildPolicy('preset lanekassen-saldo/test', data, [], new Map());
 * ```
 */
export function buildPolicy(
  file: string,
  data: unknown,
  found: Problem[],
  custom: ReadonlyMap<string, Factory>,
  locate: Locate = () => NOWHERE,
  rename: Rename = (path) => path,
): Policy {
  found.push(
    ...unknownRules(
      record(data)?.['rule'],
      'rule',
      [...Object.keys(builtinRules), ...custom.keys()],
      custom.size,
    ),
  );
  if (found.length > 0) fail(file, found, locate, [], rename);
  const policyFile = data as PolicyFile;
  const b: Build = { env: policyFile.environment, custom, problems: found, causes: [] };
  const rule = build(policyFile.rule as unknown as Raw, 'rule', b);
  if (rule === undefined || found.length > 0) return fail(file, found, locate, b.causes, rename);
  // Deeper than 32 rules, over 512 nodes, or a way to an allow that passes no enforced rule: at its node.
  const shape = checkRuleTree(rule);
  if (shape !== undefined) return fail(file, [shape], locate, [], rename);
  try {
    return definePolicy({ id: policyFile.id, version: policyFile.version, rule });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return fail(file, [{ path: 'rule', message: e.message }], locate, [], rename);
  }
}
