import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link tokenTypeRule}: only the common `id` and `mode`.
 *
 * @example
 * ```ts
 * const options: TokenTypeRuleOptions = { mode: 'shadow' };
 * ```
 */
export interface TokenTypeRuleOptions extends RuleBaseOptions {}

/**
 * The Maskinporten token's `token_type` must be exactly `Bearer` (`token_type_invalid`). Default id `token-type`.
 *
 * @example
 * ```ts
 * import { tokenTypeRule } from '@dsop-guard/rules';
 *
 * const rule = tokenTypeRule();
 * ```
 */
export const tokenTypeRule = builtinRule({
  name: 'token-type',
  summary: 'The Maskinporten `token_type` is exactly `Bearer`.',
  codes: ['token_type_invalid'],
  reads: { 'maskinporten.tokenType': 'text' },
  options: {},
  resolve: (_: TokenTypeRuleOptions) => ({}),
  check: () => (claims) =>
    claims.maskinporten.tokenType === 'Bearer'
      ? pass()
      : fail({
          code: 'token_type_invalid',
          path: 'maskinporten.token_type',
          expected: 'Bearer',
          actual: claims.maskinporten.tokenType ?? null,
        }),
});
