import { ConfigError } from '../configError.js';
import type { Claims, Context, Rule, RuleOutcome, Violation } from '../types.js';
import { andThen, evaluateChild, evaluators, type MaybePromise } from './maybeAsync.js';
import { type CombinatorOptions, checkChildren, nodeHeader } from './node.js';
import { NO_VIOLATIONS } from './plainOutcome.js';

/**
 * Passes when its rule fails, fails with `rule_denied` when its rule passes. An `error` stays an `error`,
 * and a `skipped` rule stays skipped: negation never turns an error into a pass.
 *
 * @example
 * ```ts
 * const notSystemUser = not(systemUserPresent, { id: 'no-system-user' });
 * ```
 */
export function not(rule: Rule, options?: CombinatorOptions): Rule {
  const [child] = checkChildren('not', [rule], 1) as [Rule];
  if (child.mode === 'shadow') throw new ConfigError(`not(${child.id})`, 'cannot negate a shadow rule');
  const header = nodeHeader('not', [child], options);
  const negate = (inner: RuleOutcome): RuleOutcome => {
    const base = { ruleId: header.id, mode: header.mode, children: [inner] };
    switch (inner.status) {
      case 'fail':
        return { ...base, status: 'pass', violations: NO_VIOLATIONS };
      case 'pass': {
        const own: Violation = { code: 'rule_denied', ruleId: header.id, path: '', actual: child.id };
        return { ...base, status: 'fail', violations: [own] };
      }
      case 'skipped':
        return { ...base, status: 'skipped', violations: NO_VIOLATIONS };
      default:
        return { ...base, status: 'error', violations: NO_VIOLATIONS };
    }
  };
  const run = (claims: Claims, context: Context): MaybePromise<RuleOutcome> =>
    andThen(evaluateChild(child, claims, context), negate);
  return { ...header, ...evaluators(run) };
}
