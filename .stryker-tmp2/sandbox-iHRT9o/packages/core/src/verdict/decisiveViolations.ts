// @ts-nocheck
import type { RuleOutcome, Violation } from '../types.js';

const NONE: readonly Violation[] = Object.freeze([]);

function collect(outcome: RuleOutcome, into: Violation[]): void {
  if (outcome.mode === 'shadow' || outcome.status === 'pass' || outcome.status === 'skipped') return;
  const before = into.length;
  for (const v of outcome.violations) into.push(v);
  if (outcome.children !== undefined) for (const child of outcome.children) collect(child, into);
  if (into.length === before) into.push({ code: 'rule_error', ruleId: outcome.ruleId, path: '' });
}

/**
 * The violations that explain a failed enforced outcome: the ones that decide a deny, in tree order (an
 * outcome's own, then its children's). Shadow subtrees and passing or skipped outcomes contribute nothing; a
 * failed `not` contributes only its own `rule_denied`; a failure that names no violation counts as a
 * `rule_error` of its rule. The engine decides a verdict with it, and a policy replay re-decides a recorded
 * decision with it.
 *
 * @example
 * ```ts
 * const violations = verdict.outcomes.flatMap(decisiveViolations);
 * violations.length === 0; // true exactly when the outcomes allow
 * ```
 */
export function decisiveViolations(outcome: RuleOutcome): readonly Violation[] {
  if (outcome.mode === 'shadow' || outcome.status === 'pass' || outcome.status === 'skipped') return NONE;
  const found: Violation[] = [];
  collect(outcome, found);
  return found;
}
