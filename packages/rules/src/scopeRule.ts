import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link scopeRule}.
 *
 * @example
 * ```ts
 * const options: ScopeRuleOptions = { scopes: ['lanekassen:lan/v1/saldoopplysninger'] };
 * ```
 */
export interface ScopeRuleOptions extends RuleBaseOptions {
  /** The required scopes. Required, at least one, none containing whitespace. */
  readonly scopes: readonly string[];
  /**
   * `'all-of'`: every scope in `scopes` must be granted; `'any-of'`: at least one.
   * (Named `match` because `mode` is the enforce/shadow switch every rule has.)
   * @defaultValue `'all-of'`
   */
  readonly match?: 'all-of' | 'any-of';
}

/**
 * Required scopes must be members of the token's whitespace-separated `scope` claim: never a substring test,
 * never whole-string equality, so a token with `scope: "a b"` satisfies `scopes: ['b']` and a token with
 * `scope: "a:read2"` does not satisfy `scopes: ['a:read']`. Default id `scope`.
 *
 * @example
 * ```ts
 * import { scopeRule } from '@dsop-guard/rules';
 *
 * const rule = scopeRule({ scopes: ['skatteetaten:inntekt'] });
 * const either = scopeRule({ id: 'scope-any', scopes: ['a:read', 'a:write'], match: 'any-of' });
 * ```
 */
export const scopeRule = builtinRule({
  name: 'scope',
  summary: 'Required scopes are members of the whitespace-split `scope` claim (all of them, or any of them).',
  codes: ['scope_missing'],
  reads: { 'maskinporten.scopes': 'texts' },
  required: ['scopes'],
  options: {
    scopes: {
      description: 'The required scopes.',
      type: 'array',
      items: { type: 'string', pattern: '^\\S+$', maxLength: 256 },
      minItems: 1,
      maxItems: 64,
    },
    match: {
      description: '`all-of`: every scope is required; `any-of`: one is enough.',
      default: 'all-of',
      enum: ['all-of', 'any-of'],
    },
  },
  resolve: (o: ScopeRuleOptions) => ({ scopes: o.scopes, match: o.match ?? 'all-of' }),
  check:
    ({ scopes, match }) =>
    (claims) => {
      const granted = claims.maskinporten.scopes;
      // Counted, not filtered: a pass allocates nothing.
      let found = 0;
      for (const s of scopes) if (granted.includes(s)) found += 1;
      const ok = match === 'all-of' ? found === scopes.length : found > 0;
      return ok
        ? pass()
        : fail({
            code: 'scope_missing',
            path: 'maskinporten.scope',
            expected: match === 'all-of' ? scopes.filter((s) => !granted.includes(s)) : scopes,
            actual: granted,
          });
    },
});
