import type { Claims, Context, Rule, RuleOutcome } from '../types.js';
import { andThen, childEvaluator, evaluateAll, evaluators, type MaybePromise } from './maybeAsync.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';
import { NO_VIOLATIONS, plainNode } from './plainOutcome.js';

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
  const plain = plainNode(header.id, header.mode);
  const combine = (outcomes: readonly RuleOutcome[]): RuleOutcome => {
    let status: RuleOutcome['status'] = 'pass';
    for (let i = 0; i < outcomes.length; i += 1) {
      const o = outcomes[i] as RuleOutcome;
      if (o.mode !== 'enforce') continue; // shadow outcomes are reported, never decisive
      if (o.status === 'error') status = 'error';
      else if (o.status === 'fail' && status === 'pass') status = 'fail';
    }
    // Every rule passed (or was skipped) with a shared outcome: one shared outcome for the node too.
    return (
      plain(status, outcomes) ?? {
        ruleId: header.id,
        status,
        mode: header.mode,
        violations: NO_VIOLATIONS,
        children: outcomes,
      }
    );
  };
  const run = (claims: Claims, context: Context): MaybePromise<RuleOutcome> =>
    andThen(evaluateAll(evaluate, claims, context), combine);
  return { ...header, ...evaluators(run) };
}
