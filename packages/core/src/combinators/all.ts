import type { Rule } from '../types.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';
import { enforced } from './outcomes.js';

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
  return {
    ...header,
    evaluate: async (claims, context) => {
      const outcomes = await Promise.all(children.map((c) => c.evaluate(claims, context)));
      const counted = enforced(outcomes);
      const status = counted.some((o) => o.status === 'error')
        ? 'error'
        : counted.some((o) => o.status === 'fail')
          ? 'fail'
          : 'pass';
      return { ruleId: header.id, status, mode: header.mode, violations: [], children: outcomes };
    },
  };
}
