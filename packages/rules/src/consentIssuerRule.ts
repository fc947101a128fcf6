import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link consentIssuerRule}.
 *
 * @example
 * ```ts
 * const options: ConsentIssuerRuleOptions = { issuer: 'altinn.no' };
 * ```
 */
export interface ConsentIssuerRuleOptions extends RuleBaseOptions {
  /**
   * The `iss` of an Altinn 2 consent token. It is `altinn.no` in TT02 and in production alike (the environment
   * is told by the key set, not by `iss`).
   * @defaultValue `'altinn.no'`
   */
  readonly issuer?: string;
}

/**
 * The consent's issuer: an Altinn 2 consent token's `iss` must equal `issuer` (`altinn.no`); an Altinn 3
 * consent is issued by Maskinporten, so its issuer must equal the Maskinporten token's `iss` (which
 * {@link issuerRule} checks). A stored consent was checked when it was first seen. No consent gives
 * `consent_missing`. Default id `consent-issuer`.
 *
 * @example
 * ```ts
 * import { consentIssuerRule } from '@dsop-guard/rules';
 *
 * const rule = consentIssuerRule(); // Altinn 2 consents must come from altinn.no
 * ```
 */
export const consentIssuerRule = builtinRule({
  name: 'consent-issuer',
  summary:
    "An Altinn 2 consent's `iss` is `altinn.no`; an Altinn 3 consent's issuer is the Maskinporten issuer.",
  codes: ['consent_missing', 'consent_issuer_mismatch'],
  reads: { 'consent.source': 'text', 'consent.iss': 'text', 'maskinporten.iss': 'text' },
  options: {
    issuer: {
      description: 'The `iss` of Altinn 2 consent tokens.',
      default: 'altinn.no',
      type: 'string',
      minLength: 1,
      maxLength: 256,
    },
  },
  resolve: (o: ConsentIssuerRuleOptions) => ({ issuer: o.issuer ?? 'altinn.no' }),
  check:
    ({ issuer }) =>
    (claims) => {
      const consent = claims.consent;
      if (consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
      if (consent.source === 'stored') return pass();
      const expected = consent.source === 'altinn2' ? issuer : (claims.maskinporten.iss ?? null);
      return consent.iss !== undefined && consent.iss === expected
        ? pass()
        : fail({
            code: 'consent_issuer_mismatch',
            path: 'consent.iss',
            expected,
            actual: consent.iss ?? null,
          });
    },
});
