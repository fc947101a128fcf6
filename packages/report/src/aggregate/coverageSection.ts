import type { CodeDeclarations, RuleDescription } from '@dsop-guard/core';
import { builtinRules, describeReason } from '@dsop-guard/rules';
import type { BranchCoverage, CoverageReport, RuleCoverage, ShadowCoverage } from '../coverageTypes.js';
import type { DecisionFacts } from '../read/readDecision.js';
import { createTally } from './groups.js';
import type { Section } from './sections.js';

// Private: the coverage of the logged decisions, read from the outcome trees the records carry. Nodes are known
// by their path of rule ids; with a named policy its whole tree is listed first (so rules no decision reached
// show), its `any`/`when` branches are known up front and so are the codes its rules can give. Bounded: at most
// `maxGroups` distinct paths (and branches) are tracked; what does not fit is counted in `untracked`.

type Loose = Readonly<Record<string, unknown>>;
type Status = 'pass' | 'fail' | 'skipped' | 'error';

interface NodeState {
  path: readonly string[];
  kind: string | null;
  mode: 'enforce' | 'shadow';
  evaluated: number;
  pass: number;
  fail: number;
  skipped: number;
  error: number;
  inPolicy: boolean;
  wouldDenyAllowed: number;
}

/** The codes a combinator gives itself. */
const COMBINATOR_CODES: Readonly<Record<string, readonly string[]>> = {
  any: ['no_alternative_passed'],
  not: ['rule_denied'],
};
const DEFAULT_COMBINATOR_ID = /^(all|any|not|when)\(/;
const STATUSES: ReadonlySet<string> = new Set(['pass', 'fail', 'skipped', 'error']);
const MAX_DEPTH = 32;

const object = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

/** The codes the rule a description names can give: its built-in kind's, its declared ones, its combinator's. */
function codesOf(d: RuleDescription): string[] {
  const builtin = Object.hasOwn(builtinRules, d.kind) ? (builtinRules[d.kind]?.meta.codes ?? []) : [];
  return [...builtin, ...Object.keys(d.codes ?? {}), ...(COMBINATOR_CODES[d.kind] ?? [])];
}

export function coverageSection(
  maxGroups: number,
  policy: RuleDescription | undefined,
  declared: () => CodeDeclarations,
): Section<CoverageReport> {
  const nodes = new Map<string, NodeState>();
  const branches = new Map<string, BranchCoverage & { decided: number }>();
  const codes = createTally(maxGroups);
  const possible = new Set<string>();
  let decisions = 0;
  let untracked = 0;

  const nodeOf = (
    path: readonly string[],
    kind: string | null,
    mode: 'enforce' | 'shadow',
    inPolicy: boolean,
  ) => {
    const key = JSON.stringify(path);
    let node = nodes.get(key);
    if (node === undefined) {
      if (nodes.size >= maxGroups) return undefined;
      node = {
        path,
        kind,
        mode,
        evaluated: 0,
        pass: 0,
        fail: 0,
        skipped: 0,
        error: 0,
        inPolicy,
        wouldDenyAllowed: 0,
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

  const declare = (d: RuleDescription, parent: readonly string[]): void => {
    const path = [...parent, d.id];
    nodeOf(path, d.kind, d.mode === 'shadow' ? 'shadow' : 'enforce', true);
    for (const code of codesOf(d)) possible.add(code);
    const children = d.children ?? [];
    if (d.kind === 'any') for (const c of children) if (c.mode !== 'shadow') branchOf(path, 'any', c.id);
    if (d.kind === 'when') {
      branchOf(path, 'when', 'then');
      branchOf(path, 'when', 'skip');
    }
    for (const c of children) declare(c, path);
  };
  if (policy !== undefined) {
    nodeOf(['policy'], null, 'enforce', true);
    declare(policy, ['policy']);
  }

  const visit = (
    items: unknown,
    parent: readonly string[],
    allowed: boolean,
    seen: Set<string>,
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
      const inPolicy = policy === undefined || path[0] !== 'policy' || path.length === 1;
      const node = nodeOf(path, inferred, o['mode'] === 'shadow' ? 'shadow' : 'enforce', inPolicy);
      if (node === undefined) untracked += 1;
      else {
        node.evaluated += 1;
        node[status as Status] += 1;
        if (o['mode'] === 'shadow') node.mode = 'shadow';
        if (node.mode === 'shadow' && status === 'fail' && allowed) node.wouldDenyAllowed += 1;
      }
      if (Array.isArray(o['violations']))
        for (const v of o['violations']) {
          const code = object(v)?.['code'];
          if (typeof code === 'string') seen.add(code);
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
      visit(children, path, allowed, seen, depth + 1);
    }
  };

  return {
    add: (facts: DecisionFacts) => {
      if (!Array.isArray(facts.outcomes)) return;
      decisions += 1;
      const seen = new Set<string>();
      visit(facts.outcomes, [], facts.decision === 'allow', seen, 0);
      for (const code of seen) codes.add(code);
    },
    result: () => {
      const all = [...nodes.values()];
      const rules: RuleCoverage[] = all.map(({ wouldDenyAllowed: _, ...n }) => ({ ...n }));
      const isRule = (n: NodeState): boolean => n.path[0] === 'policy' && n.path.length > 1;
      const table = declared();
      const occurred = codes.top(maxGroups).map(({ key, count }) => {
        const words = describeReason(key, table);
        return { code: key, decisions: count, en: words?.en ?? null, nb: words?.nb ?? null };
      });
      const given = new Set(occurred.map((c) => c.code));
      const shadow: ShadowCoverage[] = all
        .filter((n) => n.mode === 'shadow')
        .map((n) => ({
          path: n.path,
          evaluated: n.evaluated,
          wouldDeny: n.fail,
          ofAllowed: n.wouldDenyAllowed,
          rate: n.evaluated === 0 ? 0 : n.fail / n.evaluated,
        }));
      return {
        basis: policy === undefined ? 'records' : 'policy',
        decisions,
        rules,
        neverFailed: all.filter((n) => isRule(n) && n.fail === 0).map((n) => n.path),
        neverEvaluated: all
          .filter((n) => n.inPolicy && policy !== undefined && n.evaluated === 0)
          .map((n) => n.path),
        codes: {
          occurred,
          neverOccurred: policy === undefined ? null : [...possible].filter((c) => !given.has(c)).sort(),
        },
        branches: [...branches.values()].map((b) => ({ ...b })),
        shadow,
        untracked,
      };
    },
  };
}
