// @ts-nocheck
import type { Rule, RuleDescription } from './types.js';

/**
 * What is wrong with a rule tree, as data: the path of the node (`rule.all[2].when.then`, the notation of a
 * policy file) and what.
 *
 * @example
 * ```ts
 * const problem: RuleTreeProblem = { path: 'rule', message: 'an empty all enforces no rule' };
 * ```
 */
export interface RuleTreeProblem {
  readonly path: string;
  readonly message: string;
}

/** Deepest rule tree: a leaf at the root is 1, `all([leaf])` is 2. */
const MAX_DEPTH = 32;
/** Most nodes in a rule tree, combinators included. */
const MAX_NODES = 512;
/** Deepest nesting of objects and arrays in one rule's options. */
const MAX_OPTION_DEPTH = 64;

const COMBINATORS = new Set(['all', 'any', 'not', 'when']);

/** A combinator's children with their paths; a leaf (a description without `children`) has none. */
function childPaths(d: RuleDescription, path: string): [RuleDescription, string][] {
  const { kind, children = [] } = d;
  const step = (i: number): string => {
    if (kind === 'not') return '.not';
    if (kind === 'when') return i === 0 ? '.when.if' : '.when.then';
    return COMBINATORS.has(kind) ? `.${kind}[${i}]` : `.children[${i}]`;
  };
  return children.map((c, i) => [c, `${path}${step(i)}`]);
}

function optionDepth(options: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[options, 0]];
  for (let top = stack.pop(); top !== undefined && deepest <= MAX_OPTION_DEPTH; top = stack.pop()) {
    const [value, depth] = top;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The first node past a size limit, found without recursion (the tree may be too deep to recurse over). */
function sizeProblem(root: RuleDescription, rootPath: string): RuleTreeProblem | undefined {
  const stack: [RuleDescription, string, number][] = [[root, rootPath, 1]];
  let nodes = 0;
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [d, path, depth] = top;
    nodes += 1;
    if (nodes > MAX_NODES) return { path, message: `the rule tree has more than ${MAX_NODES} nodes` };
    if (depth > MAX_DEPTH) return { path, message: `the rule tree is nested deeper than ${MAX_DEPTH} rules` };
    if (optionDepth(d.options) > MAX_OPTION_DEPTH) {
      return { path: `${path}.options`, message: `nested deeper than ${MAX_OPTION_DEPTH} levels` };
    }
    for (const [c, p] of childPaths(d, path).reverse()) stack.push([c, p, depth + 1]);
  }
  return undefined;
}

/**
 * Where a node can come out `pass`, `skipped` or `fail` without an enforced rule having decided it: for each
 * status, the path and reason of one such way, or nothing when every way to that status goes through an
 * enforced rule's own answer. A leaf's pass and fail are its answers (so `not(leaf)` enforces the leaf); a shadow
 * child never decides; `when` is skipped whenever its condition fails, which decides nothing.
 */
interface Open {
  readonly pass?: RuleTreeProblem;
  readonly skipped?: RuleTreeProblem;
  readonly fail?: RuleTreeProblem;
}

const allows = (o: Open): RuleTreeProblem | undefined => o.pass ?? o.skipped;

function openOutcomes(d: RuleDescription, path: string): Open {
  if (d.children === undefined || !COMBINATORS.has(d.kind)) return {};
  const parts = childPaths(d, path).map(([c, p]) => ({ mode: c.mode, open: openOutcomes(c, p) }));
  const counted = parts.filter((c) => c.mode === 'enforce').map((c) => c.open);
  switch (d.kind) {
    case 'all': {
      const reason = parts.length === 0 ? 'an empty all' : 'an all of shadow rules only';
      const pass =
        counted.length === 0
          ? { path, message: `${reason} enforces no rule` }
          : counted.every((c) => allows(c) !== undefined)
            ? allows(counted[0] as Open)
            : undefined;
      const fail = counted.find((c) => c.fail !== undefined)?.fail;
      return { ...(pass && { pass }), ...(fail && { fail }) };
    }
    case 'any': {
      const pass = counted.find((c) => c.pass !== undefined)?.pass;
      const fails = counted.map((c) => c.fail ?? c.skipped);
      const fail = fails.every((f) => f !== undefined) ? fails[0] : undefined;
      return { ...(pass && { pass }), ...(fail && { fail }) };
    }
    case 'not': {
      const inner = parts[0]?.open ?? {};
      return {
        ...(inner.fail && { pass: inner.fail }),
        ...(inner.pass && { fail: inner.pass }),
        ...(inner.skipped && { skipped: inner.skipped }),
      };
    }
    default: {
      const then = parts[1];
      const skipped = { path, message: 'a when is skipped when its condition fails, which enforces no rule' };
      if (then === undefined || then.mode === 'shadow') {
        const message = 'a when whose then is shadow enforces no rule when its condition passes';
        return { skipped, pass: { path: `${path}.when.then`, message } };
      }
      return {
        skipped,
        ...(then.open.pass && { pass: then.open.pass }),
        ...(then.open.fail && { fail: then.open.fail }),
      };
    }
  }
}

/**
 * Checks a rule tree before it becomes a policy: at most 32 rules deep, at most 512 nodes, options at most 64
 * levels deep, and an enforced rule on every way to an allow. That last one is the promise that a policy never
 * widens what the guard allows by accident: `all([])`, an `all` of shadow rules, a `when` at the root (skipped,
 * so allowing, whenever its condition fails), `not(not(all([])))` each allow requests no rule looked at.
 *
 * A node "enforces" when each way it can pass or be skipped goes through an enforced rule's answer: a leaf always
 * (its pass and its fail are both answers, so `not(leaf)` enforces the leaf); `all` when one enforced child does;
 * `any` when every enforced child does; `not(x)` when every way `x` fails (or is skipped) does, so `not(not(x))`
 * enforces exactly when `x` does; `when(if, then)` never on its own, since it is skipped whenever `if` fails. A
 * shadow node never counts. A rule that is not one of core's combinators counts as a leaf.
 *
 * @param rule - the root rule.
 * @param root - the path of the root in problems. Default `'rule'`.
 * @returns the first problem found, or `undefined`.
 *
 * @example
 * ```ts
 * import { all, checkRuleTree } from '@dsop-guard/core';
 *
 * checkRuleTree(all([])); // { path: 'rule', message: 'an empty all enforces no rule' }
 * checkRuleTree(all([scopeRule({ scopes: ['a:read'] })])); // undefined
 * ```
 */
export function checkRuleTree(rule: Rule, root = 'rule'): RuleTreeProblem | undefined {
  const description = rule.describe();
  const tooLarge = sizeProblem(description, root);
  if (tooLarge !== undefined) return tooLarge;
  const gap = allows(openOutcomes(description, root));
  return gap === undefined
    ? undefined
    : { path: gap.path, message: `${gap.message}: the policy would allow requests no enforced rule checked` };
}
