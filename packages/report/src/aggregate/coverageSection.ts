import type { CodeDeclarations, RuleDescription } from '@dsop-guard/core';
import { collectCoverage, describeReason } from '@dsop-guard/rules';
import type { CoverageReport, RuleCoverage, ShadowCoverage } from '../coverageTypes.js';
import type { DecisionFacts } from '../read/readDecision.js';
import type { Section } from './sections.js';

// Private: the coverage of the logged decisions, counted by rules' collectCoverage (the walker `dsop-guard test
// --coverage` counts its cases with) over the outcome trees the records carry, in the report's shape: with a
// named policy its whole tree is listed first (so rules no decision reached show), and so are its `any`/`when`
// branches and the codes its rules can give. Bounded by `maxGroups` (see collectCoverage).

export function coverageSection(
  maxGroups: number,
  policy: RuleDescription | undefined,
  declared: () => CodeDeclarations,
): Section<CoverageReport> {
  const coverage = collectCoverage({ rule: policy, maxGroups });
  return {
    add: (facts: DecisionFacts) => coverage.add(facts.outcomes, facts.decision === 'allow'),
    result: () => {
      const tally = coverage.result();
      const table = declared();
      const rules: RuleCoverage[] = tally.nodes.map(({ at: _, failedWhenAllowed: __, ...n }) => ({ ...n }));
      const isRule = (n: RuleCoverage): boolean => n.path[0] === 'policy' && n.path.length > 1;
      const occurred = [...tally.seen]
        .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
        .map(({ code, count }) => {
          const words = describeReason(code, table);
          return { code, decisions: count, en: words?.en ?? null, nb: words?.nb ?? null };
        });
      const given = new Set(occurred.map((c) => c.code));
      const shadow: ShadowCoverage[] = tally.nodes
        .filter((n) => n.mode === 'shadow')
        .map((n) => ({
          path: n.path,
          evaluated: n.evaluated,
          wouldDeny: n.fail,
          ofAllowed: n.failedWhenAllowed,
          rate: n.evaluated === 0 ? 0 : n.fail / n.evaluated,
        }));
      return {
        basis: policy === undefined ? 'records' : 'policy',
        decisions: tally.added,
        rules,
        neverFailed: rules.filter((n) => isRule(n) && n.fail === 0).map((n) => n.path),
        neverEvaluated: rules
          .filter((n) => n.inPolicy && policy !== undefined && n.evaluated === 0)
          .map((n) => n.path),
        codes: {
          occurred,
          neverOccurred: tally.possible === null ? null : tally.possible.filter((c) => !given.has(c)).sort(),
        },
        branches: tally.branches.map((b) => ({ ...b })),
        shadow,
        untracked: tally.untracked,
      };
    },
  };
}
