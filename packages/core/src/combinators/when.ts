import { ConfigError } from '../configError.js';
import type { Claims, Context, Rule, RuleOutcome } from '../types.js';
import { andThen, evaluateChild, evaluators, type MaybePromise } from './maybeAsync.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';
import { NO_VIOLATIONS } from './plainOutcome.js';

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
  const base = { ruleId: header.id, mode: header.mode, violations: NO_VIOLATIONS };
  const run = (claims: Claims, context: Context): MaybePromise<RuleOutcome> =>
    andThen(evaluateChild(cond, claims, context), (test): MaybePromise<RuleOutcome> => {
      if (test.status === 'error') return { ...base, status: 'error', children: [test] };
      if (test.status !== 'pass') return { ...base, status: 'skipped', children: [test] };
      return andThen(evaluateChild(then, claims, context), (inner) => {
        const status = then.mode === 'shadow' ? 'pass' : inner.status;
        return { ...base, status, children: [test, inner] };
      });
    });
  return { ...header, ...evaluators(run) };
}
