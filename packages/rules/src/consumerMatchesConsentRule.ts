import { fail, pass } from '@dsop-guard/core';
import { builtinRule, orgnoOf, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link consumerMatchesConsentRule}: only the common `id` and `mode`.
 *
 * @example
 * ```ts
 * const options: ConsumerMatchesConsentRuleOptions = { mode: 'shadow' };
 * ```
 */
export interface ConsumerMatchesConsentRuleOptions extends RuleBaseOptions {}

/**
 * The Maskinporten consumer's orgno (the value after `0192:`) must equal the consent's `coveredBy` (Altinn 2
 * `CoveredBy`, Altinn 3 `to`): "Maskinporten.consumer (minus 0192:) må være lik AltinnSamtykke.CoveredBy".
 * No consent gives `consent_missing`, a difference `consumer_mismatch`. Default id `consumer-matches-consent`.
 *
 * @example
 * ```ts
 * import { consumerMatchesConsentRule } from '@dsop-guard/rules';
 *
 * const rule = consumerMatchesConsentRule();
 * ```
 */
export const consumerMatchesConsentRule = builtinRule({
  name: 'consumer-matches-consent',
  summary: "The Maskinporten consumer orgno (after `0192:`) equals the consent's `CoveredBy` / `to`.",
  codes: ['consent_missing', 'consumer_mismatch'],
  reads: { 'maskinporten.consumer': 'org', 'consent.coveredBy': 'text' },
  options: {},
  resolve: (_: ConsumerMatchesConsentRuleOptions) => ({}),
  check: () => (claims) => {
    const consent = claims.consent;
    if (consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
    const orgno = orgnoOf(claims.maskinporten.consumer);
    return orgno !== undefined && consent.coveredBy === orgno
      ? pass()
      : fail({
          code: 'consumer_mismatch',
          path: 'consent.coveredBy',
          expected: orgno ?? claims.maskinporten.consumer?.id ?? null,
          actual: consent.coveredBy ?? null,
        });
  },
});
