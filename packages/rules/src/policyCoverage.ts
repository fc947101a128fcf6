// Internal (not in the barrel): coverage of a rule tree by the outcomes of test cases, node by node, and the
// reason codes a policy can give.
import type { Policy, RuleDescription, RuleOutcome } from '@dsop-guard/core';
import { builtinRules } from './builtinRules.js';
import type { NodeCoverage, PolicyCoverage } from './policyTestTypes.js';

type Counts = { -readonly [K in 'pass' | 'fail' | 'skipped' | 'error']: number };
interface Node {
  readonly path: string;
  readonly description: RuleDescription;
  readonly counts: Counts;
}

/**
 * Codes a built-in rule cannot give with its resolved options (recorded in its description), so that coverage
 * does not ask a case for them: `pid` gives `pid_missing` only when `required`, `delegation-source` gives
 * `system_user_not_allowed` only without `allowSystemUser`.
 */
const IMPOSSIBLE: Readonly<
  Record<string, (options: Readonly<Record<string, unknown>>) => readonly string[]>
> = {
  pid: (o) => (o['required'] === true ? [] : ['pid_missing']),
  'delegation-source': (o) => (o['allowSystemUser'] === true ? ['system_user_not_allowed'] : []),
};

const COMBINATOR_CODES: Readonly<Record<string, string>> = {
  any: 'no_alternative_passed',
  not: 'rule_denied',
};

function step(kind: string, i: number): string {
  if (kind === 'not') return '.not';
  if (kind === 'when') return i === 0 ? '.when.if' : '.when.then';
  return kind === 'all' || kind === 'any' ? `.${kind}[${i}]` : `.children[${i}]`;
}

/** Every node of the tree in document order, with its path. */
function nodesOf(root: RuleDescription): Node[] {
  const nodes: Node[] = [];
  const stack: [RuleDescription, string][] = [[root, 'rule']];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [d, path] = top;
    nodes.push({ path, description: d, counts: { pass: 0, fail: 0, skipped: 0, error: 0 } });
    const children = (d.children ?? []).map((c, i): [RuleDescription, string] => [
      c,
      `${path}${step(d.kind, i)}`,
    ]);
    stack.push(...children.reverse());
  }
  return nodes;
}

/** The codes the tree's rules and combinators can give; custom rules' meta when `meta` knows them. */
export function possibleCodes(
  policy: Policy,
  meta: (kind: string) => readonly string[] | undefined,
): string[] {
  const codes = new Set<string>();
  for (const { description: d } of nodesOf(policy.rule.describe())) {
    const builtin = Object.hasOwn(builtinRules, d.kind) ? builtinRules[d.kind] : undefined;
    const options = (typeof d.options === 'object' && d.options !== null ? d.options : {}) as Readonly<
      Record<string, unknown>
    >;
    const impossible = builtin === undefined ? [] : (IMPOSSIBLE[d.kind]?.(options) ?? []);
    for (const c of builtin?.meta.codes ?? meta(d.kind) ?? []) if (!impossible.includes(c)) codes.add(c);
    for (const c of Object.keys(d.codes ?? {})) codes.add(c);
    const own = COMBINATOR_CODES[d.kind];
    if (own !== undefined && d.children !== undefined) codes.add(own);
  }
  codes.delete('rule_error');
  return [...codes];
}

/** Collects coverage over the root outcomes of the cases that reached the policy. */
export function coverageCollector(
  policy: Policy,
  meta: (kind: string) => readonly string[] | undefined,
): { add(root: RuleOutcome | undefined, reasons: readonly string[]): void; result(): PolicyCoverage } {
  const nodes = nodesOf(policy.rule.describe());
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const produced = new Set<string>();
  const visit = (outcome: RuleOutcome, path: string): void => {
    const node = byPath.get(path);
    if (node === undefined) return;
    node.counts[outcome.status] += 1;
    for (const v of outcome.violations) produced.add(v.code);
    for (const [i, child] of (outcome.children ?? []).entries()) {
      visit(child, `${path}${step(node.description.kind, i)}`);
    }
  };
  return {
    add: (root, reasons) => {
      if (root !== undefined) visit(root, 'rule');
      for (const code of reasons) produced.add(code);
    },
    result: () => {
      const possible = possibleCodes(policy, meta);
      return {
        nodes: nodes.map(
          ({ path, description: d, counts }): NodeCoverage => ({
            path,
            ruleId: d.id,
            kind: d.kind,
            mode: d.mode,
            ...counts,
          }),
        ),
        codes: {
          possible,
          produced: [...produced],
          missing: possible.filter((c) => !produced.has(c)),
        },
      };
    },
  };
}
