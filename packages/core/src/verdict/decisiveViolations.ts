import type { RuleOutcome, Violation } from '../types.js';

/**
 * The violations that explain a failed enforced outcome: the ones that decide a deny. Shadow subtrees and
 * passing or skipped outcomes contribute nothing; a failed `not` contributes only its own `rule_denied`; a
 * failure that names no violation counts as a `rule_error` of its rule. The engine decides a verdict with it,
 * and a policy replay re-decides a recorded decision with it.
 *
 * @example
 * ```ts
 * const violations = verdict.outcomes.flatMap(decisiveViolations);
 * violations.length === 0; // true exactly when the outcomes allow
 * ```
 */
export function decisiveViolations(outcome: RuleOutcome): readonly Violation[] {
  if (outcome.mode === 'shadow' || outcome.status === 'pass' || outcome.status === 'skipped') return [];
  const fromChildren = (outcome.children ?? []).flatMap(decisiveViolations);
  const found = [...outcome.violations, ...fromChildren];
  return found.length > 0 ? found : [{ code: 'rule_error', ruleId: outcome.ruleId, path: '' }];
}
