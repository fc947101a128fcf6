import { fail, pass } from '@dsop-guard/core';
import type { Environment } from './presetTypes.js';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

const ISSUERS: Readonly<Record<Environment, string>> = {
  test: 'https://test.maskinporten.no/',
  prod: 'https://maskinporten.no/',
};
/** Retired Maskinporten issuers (VER2 was phased out on 10 June 2024). */
const RETIRED: readonly string[] = ['https://ver2.maskinporten.no/'];

/**
 * Options of {@link issuerRule}.
 *
 * @example
 * ```ts
 * const options: IssuerRuleOptions = { environment: 'test' };
 * ```
 */
export interface IssuerRuleOptions extends RuleBaseOptions {
  /**
   * The environment whose Maskinporten issuer is expected: TEST `https://test.maskinporten.no/`,
   * PROD `https://maskinporten.no/`. A policy file sets it from its own `environment`.
   * @defaultValue `'prod'`
   */
  readonly environment?: Environment;
  /**
   * The accepted issuers, compared exactly, trailing slash included. Overrides `environment`.
   * @defaultValue `[<the environment's issuer>]`
   */
  readonly issuers?: readonly string[];
}

/**
 * The Maskinporten token's `iss` must equal the environment's issuer exactly (`https://maskinporten.no/`, not
 * `https://maskinporten.no` or `https://www.maskinporten.no/`). The retired VER2 issuer gives `issuer_retired`,
 * anything else `issuer_mismatch`. Default id `issuer`.
 *
 * @example
 * ```ts
 * import { issuerRule } from '@dsop-guard/rules';
 *
 * const rule = issuerRule({ environment: 'test' }); // accepts only https://test.maskinporten.no/
 * ```
 */
export const issuerRule = builtinRule({
  name: 'issuer',
  summary: 'The Maskinporten `iss` equals the environment issuer exactly, trailing slash included.',
  codes: ['issuer_mismatch', 'issuer_retired'],
  reads: { 'maskinporten.iss': 'text' },
  usesEnvironment: true,
  options: {
    issuers: {
      description:
        'Accepted issuers, compared exactly. Default: the environment issuer (TEST `https://test.maskinporten.no/`, PROD `https://maskinporten.no/`).',
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 256 },
      minItems: 1,
      maxItems: 64,
    },
  },
  resolve: (o: IssuerRuleOptions) => ({ issuers: o.issuers ?? [ISSUERS[o.environment ?? 'prod']] }),
  check:
    ({ issuers }) =>
    (claims) => {
      const iss = claims.maskinporten.iss;
      if (iss !== undefined && issuers.includes(iss)) return pass();
      const code = iss !== undefined && RETIRED.includes(iss) ? 'issuer_retired' : 'issuer_mismatch';
      return fail({ code, path: 'maskinporten.iss', expected: issuers, actual: iss ?? null });
    },
});
