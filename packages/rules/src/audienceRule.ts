import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link audienceRule}.
 *
 * @example
 * ```ts
 * const options: AudienceRuleOptions = { audiences: ['https://api.example.no/saldo'] };
 * ```
 */
export interface AudienceRuleOptions extends RuleBaseOptions {
  /** The accepted audiences, compared exactly. Required, at least one. */
  readonly audiences: readonly string[];
}

/**
 * The Maskinporten `aud` must be one of `audiences`, exactly (an array `aud` needs one member that is).
 * Audience-restricted tokens exist only when the client asked for a `resource`; DSOP tokens usually carry no
 * `aud` (or `"unspecified"`), which is why the presets leave this rule out. Code `audience_mismatch`.
 * Default id `audience`.
 *
 * @example
 * ```ts
 * import { audienceRule } from '@dsop-guard/rules';
 *
 * const rule = audienceRule({ audiences: ['https://api.example.no/'] });
 * ```
 */
export const audienceRule = builtinRule({
  name: 'audience',
  summary: 'The Maskinporten `aud` (or one member of it) is in the allow-list, exactly. Not in the presets.',
  codes: ['audience_mismatch'],
  reads: { 'maskinporten.aud': 'audience' },
  required: ['audiences'],
  options: {
    audiences: {
      description: 'Accepted audiences, compared exactly.',
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 256 },
      minItems: 1,
      maxItems: 64,
    },
  },
  resolve: (o: AudienceRuleOptions) => ({ audiences: o.audiences }),
  check:
    ({ audiences }) =>
    (claims) => {
      const aud = claims.maskinporten.aud;
      const given = aud === undefined ? [] : typeof aud === 'string' ? [aud] : aud;
      return given.some((a) => audiences.includes(a))
        ? pass()
        : fail({
            code: 'audience_mismatch',
            path: 'maskinporten.aud',
            expected: audiences,
            actual: aud ?? null,
          });
    },
});
