import { ConfigError } from '../configError.js';
import type { Claims, Context, Rule, RuleOutcome, Violation } from '../types.js';
import { andThen, childEvaluator, evaluateAll, evaluators, type MaybePromise } from './maybeAsync.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';
import { enforced } from './outcomes.js';
import { NO_VIOLATIONS } from './plainOutcome.js';

/**
 * Passes when at least one enforced child passes. Every child is evaluated and recorded. A child `error`
 * makes the node an `error` (deny) even when another child passed: errors never fail open.
 * Fails with `no_alternative_passed` plus the children's violations.
 *
 * @example
 * ```ts
 * const eitherScope = any([scopeRule({ scopes: ['a:read'] }), scopeRule({ id: 'scope-b', scopes: ['b:read'] })]);
 * ```
 */
export function any(rules: readonly Rule[], options?: CombinatorOptions): Rule {
  const children = checkChildren('any', rules, 1);
  const header = nodeHeader('any', children, options);
  const evaluate = children.map(childEvaluator);
  if (children.every((c) => c.mode === 'shadow')) {
    throw new ConfigError(`${header.id}`, 'any() needs at least one enforced (non-shadow) rule');
  }
  const combine = (outcomes: readonly RuleOutcome[]): RuleOutcome => {
    const counted = enforced(outcomes);
    if (counted.some((o) => o.status === 'error')) {
      return {
        ruleId: header.id,
        status: 'error',
        mode: header.mode,
        violations: NO_VIOLATIONS,
        children: outcomes,
      };
    }
    if (counted.some((o) => o.status === 'pass')) {
      return {
        ruleId: header.id,
        status: 'pass',
        mode: header.mode,
        violations: NO_VIOLATIONS,
        children: outcomes,
      };
    }
    const own: Violation = { code: 'no_alternative_passed', ruleId: header.id, path: '' };
    return { ruleId: header.id, status: 'fail', mode: header.mode, violations: [own], children: outcomes };
  };
  const run = (claims: Claims, context: Context): MaybePromise<RuleOutcome> =>
    andThen(evaluateAll(evaluate, claims, context), combine);
  return { ...header, ...evaluators(run) };
}
