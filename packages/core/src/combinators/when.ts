import { ConfigError } from '../configError.js';
import type { Rule } from '../types.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';

/**
 * Evaluates `rule` only when `condition` passes; otherwise the node is `skipped` (which counts as no objection).
 * The condition is itself a rule, so a policy file can name it. A condition `error` is an `error` (deny).
 *
 * @example
 * ```ts
 * // Only tokens with a supplier need a delegation source.
 * const delegation = when(supplierPresent, delegationSourceRule({ allowed: ['https://tt02.altinn.no/'] }));
 * ```
 */
export function when(condition: Rule, rule: Rule, options?: CombinatorOptions): Rule {
  const [cond, then] = checkChildren('when', [condition, rule], 2) as [Rule, Rule];
  if (cond.mode === 'shadow')
    throw new ConfigError(`when(${cond.id})`, 'the condition cannot be a shadow rule');
  const header = nodeHeader('when', [cond, then], options);
  return {
    ...header,
    evaluate: async (claims, context) => {
      const test = await cond.evaluate(claims, context);
      const base = { ruleId: header.id, mode: header.mode, violations: [] };
      if (test.status === 'error') return { ...base, status: 'error', children: [test] };
      if (test.status !== 'pass') return { ...base, status: 'skipped', children: [test] };
      const inner = await then.evaluate(claims, context);
      const status = then.mode === 'shadow' ? 'pass' : inner.status;
      return { ...base, status, children: [test, inner] };
    },
  };
}
