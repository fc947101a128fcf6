import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

const ALL_AMR = ['private_key_jwt', 'virksomhetssertifikat', 'QCForESeal', 'CForESeal'] as const;

/**
 * Options of {@link clientAmrRule}.
 *
 * @example
 * ```ts
 * const options: ClientAmrRuleOptions = { allowed: ['virksomhetssertifikat'] };
 * ```
 */
export interface ClientAmrRuleOptions extends RuleBaseOptions {
  /**
   * The accepted client authentication methods (`client_amr`).
   * @defaultValue `['private_key_jwt', 'virksomhetssertifikat', 'QCForESeal', 'CForESeal']`
   */
  readonly allowed?: readonly string[];
}

/**
 * The Maskinporten `client_amr` (how the client authenticated) must be in the allow-list
 * (`client_amr_not_allowed`). Default id `client-amr`.
 *
 * @example
 * ```ts
 * import { clientAmrRule } from '@dsop-guard/rules';
 *
 * const certificatesOnly = clientAmrRule({ allowed: ['virksomhetssertifikat'] });
 * ```
 */
export const clientAmrRule = builtinRule({
  name: 'client-amr',
  summary: 'The Maskinporten `client_amr` is in the allow-list.',
  codes: ['client_amr_not_allowed'],
  reads: { 'maskinporten.clientAmr': 'text' },
  options: {
    allowed: {
      description: 'Accepted `client_amr` values.',
      default: [...ALL_AMR],
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 256 },
      minItems: 1,
      maxItems: 64,
    },
  },
  resolve: (o: ClientAmrRuleOptions) => ({ allowed: o.allowed ?? ALL_AMR }),
  check:
    ({ allowed }) =>
    (claims) => {
      const amr = claims.maskinporten.clientAmr;
      return amr !== undefined && allowed.includes(amr)
        ? pass()
        : fail({
            code: 'client_amr_not_allowed',
            path: 'maskinporten.client_amr',
            expected: allowed,
            actual: amr ?? null,
          });
    },
});
