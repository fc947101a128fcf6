import type { RuleOutcome, Violation } from '../types.js';

// Private: the violations that explain a failed enforced outcome. Shadow subtrees and passing or skipped
// outcomes contribute nothing; a failed `not` contributes only its own `rule_denied`.

export function decisiveViolations(outcome: RuleOutcome): readonly Violation[] {
  if (outcome.mode === 'shadow' || outcome.status === 'pass' || outcome.status === 'skipped') return [];
  const fromChildren = (outcome.children ?? []).flatMap(decisiveViolations);
  const found = [...outcome.violations, ...fromChildren];
  return found.length > 0 ? found : [{ code: 'rule_error', ruleId: outcome.ruleId, path: '' }];
}
