import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link consentRequiredRule}: only the common `id` and `mode`.
 *
 * @example
 * ```ts
 * const options: ConsentRequiredRuleOptions = { id: 'must-have-consent' };
 * ```
 */
export interface ConsentRequiredRuleOptions extends RuleBaseOptions {}

/**
 * The request must rely on a consent: an Altinn 2 consent token, an Altinn 3 consent in the Maskinporten token,
 * or a still-valid stored consent. Without one: `consent_missing`. Also useful as the condition of a `when`
 * ("if there is a consent, then …"). Default id `consent-required`.
 *
 * @example
 * ```ts
 * import { consentRequiredRule } from '@dsop-guard/rules';
 *
 * const rule = consentRequiredRule();
 * ```
 */
export const consentRequiredRule = builtinRule({
  name: 'consent-required',
  summary: 'There is a consent (Altinn 2 token, Altinn 3 `authorization_details`, or a stored consent).',
  codes: ['consent_missing'],
  reads: {},
  options: {},
  resolve: (_: ConsentRequiredRuleOptions) => ({}),
  check: () => (claims) =>
    claims.consent === undefined ? fail({ code: 'consent_missing', path: 'consent' }) : pass(),
});
