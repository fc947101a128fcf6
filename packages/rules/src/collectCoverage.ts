import type { RuleDescription } from '@dsop-guard/core';
import { possibleCodes } from './policyCoverage.js';

// The one coverage walker: `dsop-guard test --coverage` (testPolicy, over its cases' outcomes) and `dsop-guard
// report --coverage` (over the outcome trees decision records carry) both count with it, and each renders what
// it returns in its own shape. Nodes are known by their path of rule ids from the top (`policy`, the root rule's
// id, …; sibling ids are unique, so this is the tree position); with a described policy its whole tree is listed
// first, each node also with its place in the policy file's notation (`rule.all[4]`), its `any`/`when` branches
// are known up front and so are the codes its rules can give. Outcomes are read defensively (a record may hold
// anything). Bounded: at most `maxGroups` distinct paths, branches and codes; nodes and branches that do not fit
// are counted.

type Loose = Readonly<Record<string, unknown>>;
type Status = 'pass' | 'fail' | 'skipped' | 'error';

/** One node of the outcome tree and what the outcomes made of it. */
export interface CoveredNode {
  /** Rule ids from the top: `policy`, the root rule's id, …; an engine step (`input`, `verify.consent`) alone. */
  readonly path: readonly string[];
  /** Its place in the described policy (`rule`, `rule.all[4]`, `rule.all[2].when.then`); `null` for others. */
  readonly at: string | null;
  /** From the description, else from a combinator's default id (`any(a,b)`); `null` when neither tells. */
  readonly kind: string | null;
  readonly mode: 'enforce' | 'shadow';
  /** Whether the described policy has it (`true` without a description, and for the engine's steps). */
  readonly inPolicy: boolean;
  readonly evaluated: number;
  readonly pass: number;
  readonly fail: number;
  readonly skipped: number;
  readonly error: number;
  /** Outcome sets judged `allowed` in which this (shadow) node failed. */
  readonly failedWhenAllowed: number;
}

/** One way an `any` (through an enforced child that passed) or a `when` (`then`, `skip`) decided. */
export interface CoveredBranch {
  readonly path: readonly string[];
  readonly kind: 'any' | 'when';
  readonly branch: string;
  readonly decided: number;
}

/** What {@link collectCoverage} counted. */
export interface CoverageTally {
  /** Outcome sets added. */
  readonly added: number;
  /** The described policy's nodes first (tree order), then what only outcomes held (first seen). */
  readonly nodes: readonly CoveredNode[];
  readonly branches: readonly CoveredBranch[];
  /** Each violation code, in the order first seen, with the outcome sets that held it. */
  readonly seen: readonly { readonly code: string; readonly count: number }[];
  /** The codes the described policy's rules and combinators can give (`rule_error` aside); `null` without one. */
  readonly possible: readonly string[] | null;
  /** Nodes and branches not kept because more than `maxGroups` were distinct (counted, never listed). */
  readonly untracked: number;
}

/** Options of {@link collectCoverage}. */
export interface CollectCoverageOptions {
  /** The policy's rule tree (`policy.rule.describe()`); without it only what the outcomes hold is listed. */
  readonly rule?: RuleDescription | undefined;
  /** The codes a custom rule's kind can give (its factory's `meta.codes`), when known. Default none. */
  readonly meta?: (kind: string) => readonly string[] | undefined;
  /** Distinct paths, branches and codes kept. Default 10 000. */
  readonly maxGroups?: number;
}

type NodeState = { -readonly [K in keyof CoveredNode]: CoveredNode[K] };

const DEFAULT_COMBINATOR_ID = /^(all|any|not|when)\(/;
const STATUSES: ReadonlySet<string> = new Set(['pass', 'fail', 'skipped', 'error']);
const MAX_DEPTH = 32;

const object = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

/** A child's place in the policy file's notation. */
function step(kind: string, i: number): string {
  if (kind === 'not') return '.not';
  if (kind === 'when') return i === 0 ? '.when.if' : '.when.then';
  return kind === 'all' || kind === 'any' ? `.${kind}[${i}]` : `.children[${i}]`;
}

/**
 * Counts, over sets of top-level outcomes (a verdict's or a decision record's `outcomes`: the engine's steps and
 * `policy` above the root rule), how often each rule and combinator passed, failed, was skipped or erred, how
 * often each `any`/`when` branch decided, which violation codes occurred, and (with the policy's description)
 * which nodes and codes never did.
 *
 * @example
 * ```ts
 * import { collectCoverage } from '@dsop-guard/rules';
 *
 * const coverage = collectCoverage({ rule: policy.rule.describe() });
 * coverage.add(verdict.outcomes, verdict.decision === 'allow');
 * coverage.result().nodes.filter((n) => n.inPolicy && n.fail === 0); // never failed
 * ```
 */
export function collectCoverage(options: CollectCoverageOptions = {}): {
  readonly add: (outcomes: unknown, allowed: boolean) => void;
  readonly result: () => CoverageTally;
} {
  const maxGroups = options.maxGroups ?? 10_000;
  const described = options.rule;
  const nodes = new Map<string, NodeState>();
  const branches = new Map<string, CoveredBranch & { decided: number }>();
  const seen = new Map<string, number>();
  let added = 0;
  let untracked = 0;

  const nodeOf = (
    path: readonly string[],
    at: string | null,
    kind: string | null,
    mode: 'enforce' | 'shadow',
    inPolicy: boolean,
  ): NodeState | undefined => {
    const key = JSON.stringify(path);
    let node = nodes.get(key);
    if (node === undefined) {
      if (nodes.size >= maxGroups) return undefined;
      node = {
        path,
        at,
        kind,
        mode,
        evaluated: 0,
        pass: 0,
        fail: 0,
        skipped: 0,
        error: 0,
        inPolicy,
        failedWhenAllowed: 0,
      };
      nodes.set(key, node);
    }
    return node;
  };
  const branchOf = (path: readonly string[], kind: 'any' | 'when', branch: string) => {
    const key = JSON.stringify([...path, kind, branch]);
    let b = branches.get(key);
    if (b === undefined) {
      if (branches.size >= maxGroups) return undefined;
      b = { path, kind, branch, decided: 0 };
      branches.set(key, b);
    }
    return b;
  };

  const declare = (d: RuleDescription, parent: readonly string[], at: string): void => {
    const path = [...parent, d.id];
    nodeOf(path, at, d.kind, d.mode === 'shadow' ? 'shadow' : 'enforce', true);
    const children = d.children ?? [];
    if (d.kind === 'any') for (const c of children) if (c.mode !== 'shadow') branchOf(path, 'any', c.id);
    if (d.kind === 'when') {
      branchOf(path, 'when', 'then');
      branchOf(path, 'when', 'skip');
    }
    for (const [i, c] of children.entries()) declare(c, path, `${at}${step(d.kind, i)}`);
  };
  if (described !== undefined) {
    nodeOf(['policy'], null, null, 'enforce', true);
    declare(described, ['policy'], 'rule');
  }

  const visit = (
    items: unknown,
    parent: readonly string[],
    allowed: boolean,
    codes: Set<string>,
    depth: number,
  ): void => {
    if (!Array.isArray(items) || depth > MAX_DEPTH) return;
    for (const item of items) {
      const o = object(item);
      const ruleId = o?.['ruleId'];
      const status = o?.['status'];
      if (
        o === undefined ||
        typeof ruleId !== 'string' ||
        typeof status !== 'string' ||
        !STATUSES.has(status)
      )
        continue;
      const path = [...parent, ruleId];
      const inferred = DEFAULT_COMBINATOR_ID.exec(ruleId)?.[1] ?? null;
      // Engine steps (input, verify.*) and the `policy` node above the root count as the policy's own.
      const inPolicy = described === undefined || path[0] !== 'policy' || path.length === 1;
      const node = nodeOf(path, null, inferred, o['mode'] === 'shadow' ? 'shadow' : 'enforce', inPolicy);
      if (node === undefined) untracked += 1;
      else {
        node.evaluated += 1;
        node[status as Status] += 1;
        if (o['mode'] === 'shadow') node.mode = 'shadow';
        if (node.mode === 'shadow' && status === 'fail' && allowed) node.failedWhenAllowed += 1;
      }
      if (Array.isArray(o['violations']))
        for (const v of o['violations']) {
          const code = object(v)?.['code'];
          if (typeof code === 'string') codes.add(code);
        }
      const children = Array.isArray(o['children']) ? o['children'] : [];
      const kind = node?.kind ?? inferred;
      if (kind === 'any' && status === 'pass')
        for (const c of children) {
          const child = object(c);
          if (
            child?.['mode'] === 'shadow' ||
            child?.['status'] !== 'pass' ||
            typeof child['ruleId'] !== 'string'
          )
            continue;
          const b = branchOf(path, 'any', child['ruleId']);
          if (b === undefined) untracked += 1;
          else b.decided += 1;
        }
      if (kind === 'when' && status !== 'error') {
        const branch = status === 'skipped' ? 'skip' : children.length === 2 ? 'then' : null;
        const b = branch === null ? null : branchOf(path, 'when', branch);
        if (b === undefined) untracked += 1;
        else if (b !== null) b.decided += 1;
      }
      visit(children, path, allowed, codes, depth + 1);
    }
  };

  return {
    add: (outcomes, allowed) => {
      if (!Array.isArray(outcomes)) return;
      added += 1;
      const codes = new Set<string>();
      visit(outcomes, [], allowed, codes, 0);
      for (const code of codes) {
        const count = seen.get(code);
        if (count !== undefined) seen.set(code, count + 1);
        else if (seen.size < maxGroups) seen.set(code, 1);
      }
    },
    result: () => ({
      added,
      nodes: [...nodes.values()].map((n) => ({ ...n })),
      branches: [...branches.values()].map((b) => ({ ...b })),
      seen: [...seen].map(([code, count]) => ({ code, count })),
      possible: described === undefined ? null : possibleCodes(described, options.meta ?? (() => undefined)),
      untracked,
    }),
  };
}
