import type { Claims, Context, Rule, RuleOutcome } from '../types.js';
import { type MaybePromise, andThen, childEvaluator, evaluateAll, evaluators } from './maybeAsync.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';
import { NO_VIOLATIONS } from './plainOutcome.js';

/**
 * Passes when every enforced child passes. Every child is evaluated and recorded, not only the first failure.
 * An empty `all` passes. A child `error` makes the node an `error` (deny).
 *
 * @example
 * ```ts
 * const policyRule = all([scopeRule({ scopes: ['lanekassen:lan/v1/saldoopplysninger'] }), consumerRule()]);
 * ```
 */
export function all(rules: readonly Rule[], options?: CombinatorOptions): Rule {
  const children = checkChildren('all', rules, 0);
  const header = nodeHeader('all', children, options);
  const evaluate = children.map(childEvaluator);
  const combine = (outcomes: readonly RuleOutcome[]): RuleOutcome => {
    let status: RuleOutcome['status'] = 'pass';
    for (const o of outcomes) {
      if (o.mode !== 'enforce') continue; // shadow outcomes are reported, never decisive
      if (o.status === 'error') status = 'error';
      else if (o.status === 'fail' && status === 'pass') status = 'fail';
    }
    return { ruleId: header.id, status, mode: header.mode, violations: NO_VIOLATIONS, children: outcomes };
  };
  const run = (claims: Claims, context: Context): MaybePromise<RuleOutcome> =>
    andThen(evaluateAll(evaluate, claims, context), combine);
  return { ...header, ...evaluators(run) };
}
