import type { ViolationInput } from '@dsop-guard/core';
import type { Environment } from './presetTypes.js';
import { builtinRule, orgnoOf, type RuleBaseOptions, resultOf } from './ruleKit.js';

/** Delegation sources per environment. The prod strings are UNCONFIRMED (MP-TOKEN shows `https://www.altinn.no`). */
const SOURCES: Readonly<Record<Environment, readonly string[]>> = {
  test: ['https://tt02.altinn.no/'],
  prod: ['https://www.altinn.no', 'https://www.altinn.no/', 'https://altinn.no/'],
};

/**
 * Options of {@link delegationSourceRule}.
 *
 * @example
 * ```ts
 * const options: DelegationSourceRuleOptions = { environment: 'test' };
 * ```
 */
export interface DelegationSourceRuleOptions extends RuleBaseOptions {
  /**
   * The environment whose delegation sources are accepted. A policy file sets it from its own `environment`.
   * @defaultValue `'prod'`
   */
  readonly environment?: Environment;
  /**
   * Accepted `delegation_source` values, compared exactly. Overrides `environment`. The defaults are
   * UNCONFIRMED for prod: TEST `['https://tt02.altinn.no/']`, PROD `['https://www.altinn.no',
   * 'https://www.altinn.no/', 'https://altinn.no/']`.
   * @defaultValue the environment's list
   */
  readonly allowed?: readonly string[];
  /**
   * Whether system-user tokens (`authorization_details` of type `urn:altinn:systemuser`) are accepted. Their
   * `consumer` is the supplier, so they are a different trust path; DSOP services do not use them.
   * @defaultValue `false`
   */
  readonly allowSystemUser?: boolean;
}

/**
 * Delegation through Altinn: when the Maskinporten token has a `supplier`, its `delegation_source` must be
 * present (`delegation_source_missing`) and allowed (`delegation_source_not_allowed`), and a consent
 * `handledBy`, when present, must equal the supplier's orgno (`handled_by_mismatch`). A direct consumer's
 * consent may carry `HandledBy` (a supplier fetched it): that is not checked. System-user tokens are denied
 * (`system_user_not_allowed`) unless `allowSystemUser`. Default id `delegation-source`.
 *
 * @example
 * ```ts
 * import { delegationSourceRule } from '@dsop-guard/rules';
 *
 * const rule = delegationSourceRule({ environment: 'test' }); // supplier tokens must come via tt02.altinn.no
 * ```
 */
export const delegationSourceRule = builtinRule({
  name: 'delegation-source',
  summary:
    'With a `supplier`: `delegation_source` is present and allowed, and consent `HandledBy` (if any) is the supplier. System users are denied unless allowed.',
  codes: [
    'delegation_source_missing',
    'delegation_source_not_allowed',
    'handled_by_mismatch',
    'system_user_not_allowed',
  ],
  reads: {
    'maskinporten.supplier': 'org',
    'maskinporten.delegationSource': 'text',
    'consent.handledBy': 'text',
  },
  usesEnvironment: true,
  options: {
    allowed: {
      description:
        'Accepted `delegation_source` values, compared exactly. Default: TEST `https://tt02.altinn.no/`; PROD `https://www.altinn.no`, `https://www.altinn.no/`, `https://altinn.no/` (UNCONFIRMED).',
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 256 },
      minItems: 1,
      maxItems: 64,
    },
    allowSystemUser: {
      description: 'Accept system-user tokens (`urn:altinn:systemuser`).',
      default: false,
      type: 'boolean',
    },
  },
  resolve: (o: DelegationSourceRuleOptions) => ({
    allowed: o.allowed ?? SOURCES[o.environment ?? 'prod'],
    allowSystemUser: o.allowSystemUser ?? false,
  }),
  check:
    ({ allowed, allowSystemUser }) =>
    (claims) => {
      const mp = claims.maskinporten;
      const violations: ViolationInput[] = [];
      if (mp.systemUser !== undefined && !allowSystemUser) {
        violations.push({ code: 'system_user_not_allowed', path: 'maskinporten.authorization_details' });
      }
      if (mp.supplier !== undefined) {
        const path = 'maskinporten.delegation_source';
        if (mp.delegationSource === undefined) violations.push({ code: 'delegation_source_missing', path });
        else if (!allowed.includes(mp.delegationSource)) {
          violations.push({
            code: 'delegation_source_not_allowed',
            path,
            expected: allowed,
            actual: mp.delegationSource,
          });
        }
        const handledBy = claims.consent?.handledBy;
        const supplierOrgno = orgnoOf(mp.supplier);
        if (handledBy !== undefined && handledBy !== supplierOrgno) {
          violations.push({
            code: 'handled_by_mismatch',
            path: 'consent.handledBy',
            expected: supplierOrgno ?? mp.supplier.id,
            actual: handledBy,
          });
        }
      }
      return resultOf(violations);
    },
});
