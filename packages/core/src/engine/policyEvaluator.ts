import { andThen, evaluateChild, type MaybePromise } from '../combinators/maybeAsync.js';
import { NO_VIOLATIONS, plainNode } from '../combinators/plainOutcome.js';
import type { Claims, Context, Rule, RuleOutcome } from '../types.js';
import { POLICY } from './steps.js';

// Private: step 3 of the pipeline. The policy's root rule over the verified claims, synchronously when every
// rule in the tree answers synchronously (no promise per rule), through `evaluate` otherwise.

export function policyEvaluator(rule: Rule): (claims: Claims, context: Context) => MaybePromise<RuleOutcome> {
  // A root outcome shared by every verdict (every rule passed) makes the policy's outcome shared as well.
  const plain = plainNode(POLICY, 'enforce');
  const wrap = (root: RuleOutcome): RuleOutcome =>
    plain(root.status, [root]) ?? {
      ruleId: POLICY,
      status: root.status,
      mode: 'enforce',
      violations: NO_VIOLATIONS,
      children: [root],
    };
  return (claims, context) => andThen(evaluateChild(rule, claims, context), wrap);
}
