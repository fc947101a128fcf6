import type { RuleOutcome, Violation } from '../types.js';

// Private: the violations that explain a failed enforced outcome. Shadow subtrees and passing or skipped
// outcomes contribute nothing; a failed `not` contributes only its own `rule_denied`.

const NONE: readonly Violation[] = Object.freeze([]);

function collect(outcome: RuleOutcome, into: Violation[]): void {
  if (outcome.mode === 'shadow' || outcome.status === 'pass' || outcome.status === 'skipped') return;
  const before = into.length;
  for (const v of outcome.violations) into.push(v);
  if (outcome.children !== undefined) for (const child of outcome.children) collect(child, into);
  if (into.length === before) into.push({ code: 'rule_error', ruleId: outcome.ruleId, path: '' });
}

/** In tree order: an outcome's own violations, then its children's. */
export function decisiveViolations(outcome: RuleOutcome): readonly Violation[] {
  if (outcome.mode === 'shadow' || outcome.status === 'pass' || outcome.status === 'skipped') return NONE;
  const found: Violation[] = [];
  collect(outcome, found);
  return found;
}
