import { fail, type ViolationInput } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions, resultOf, tolerance } from './ruleKit.js';

/**
 * Options of {@link tokenLifetimeRule}.
 *
 * @example
 * ```ts
 * const options: TokenLifetimeRuleOptions = { maxLifetime: 120 };
 * ```
 */
export interface TokenLifetimeRuleOptions extends RuleBaseOptions {
  /**
   * The longest accepted `exp - iat`, in seconds. Both times come from Maskinporten's own clock, so no clock
   * tolerance is added. (Maskinporten's hard upper bound is UNCONFIRMED; DSOP tokens live 120 s.)
   * @defaultValue `120`
   */
  readonly maxLifetime?: number;
}

/**
 * The Maskinporten token must not be issued in the future (`iat <= now + clock tolerance`,
 * `token_issued_in_future`) and must not live longer than `maxLifetime` (`exp - iat`,
 * `token_lifetime_exceeded`). A token without `iat` or `exp` gives `claim_missing`. (`exp` and `nbf` are
 * checked during verification.) Default id `token-lifetime`.
 *
 * @example
 * ```ts
 * import { tokenLifetimeRule } from '@dsop-guard/rules';
 *
 * const rule = tokenLifetimeRule({ maxLifetime: 120 });
 * ```
 */
export const tokenLifetimeRule = builtinRule({
  name: 'token-lifetime',
  summary: 'Maskinporten `iat` is not in the future and `exp - iat` is at most `maxLifetime` seconds.',
  codes: ['claim_missing', 'token_issued_in_future', 'token_lifetime_exceeded'],
  reads: { 'maskinporten.iat': 'time', 'maskinporten.exp': 'time' },
  options: {
    maxLifetime: {
      description: 'Longest accepted `exp - iat`, in seconds, 1 to 86 400 (a day).',
      default: 120,
      type: 'integer',
      minimum: 1,
      maximum: 86_400,
    },
  },
  resolve: (o: TokenLifetimeRuleOptions) => ({ maxLifetime: o.maxLifetime ?? 120 }),
  check:
    ({ maxLifetime }) =>
    (claims, context) => {
      const { iat, exp } = claims.maskinporten;
      if (iat === undefined) return fail({ code: 'claim_missing', path: 'maskinporten.iat' });
      if (exp === undefined) return fail({ code: 'claim_missing', path: 'maskinporten.exp' });
      const violations: ViolationInput[] = [];
      const latest = context.now + tolerance(context);
      if (iat > latest) {
        violations.push({
          code: 'token_issued_in_future',
          path: 'maskinporten.iat',
          expected: latest,
          actual: iat,
        });
      }
      if (exp - iat > maxLifetime) {
        violations.push({
          code: 'token_lifetime_exceeded',
          path: 'maskinporten.exp',
          expected: maxLifetime,
          actual: exp - iat,
        });
      }
      return resultOf(violations);
    },
});
