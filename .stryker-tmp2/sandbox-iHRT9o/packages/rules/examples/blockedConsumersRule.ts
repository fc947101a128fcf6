// @ts-nocheck
import { fail, pass } from '@dsop-guard/core';
import { customRule } from '@dsop-guard/rules';

/** Options of {@link blockedConsumersRule}, as a policy file gives them. */
export interface BlockedConsumersRuleOptions {
  /** Orgnos whose requests are denied. Required. */
  readonly blocked: readonly string[];
}

/**
 * A security team's custom rule: deny consumers on a block list, with a reason code of its own. `customRule`
 * checks the options against their schema up front (a `ConfigError` names the bad field) and passes on the
 * `id` and `mode` a policy file sets; at request time the rule only returns pass or fail.
 *
 * @example
 * ```ts
 * import { loadPolicy } from '@dsop-guard/rules';
 * import { blockedConsumersRule } from './blockedConsumersRule.js';
 *
 * const policy = loadPolicy(
 *   { path: 'packages/rules/examples/acme-prod.policy.yaml' },
 *   { customRules: { 'acme.blocked-consumers': blockedConsumersRule } },
 * );
 * policy.codes['acme.consumer_blocked']; // { en: 'the consumer is on the block list', nb: '…' }
 * ```
 */
export const blockedConsumersRule = customRule({
  name: 'acme.blocked-consumers',
  summary: 'Denies consumers on a block list.',
  codes: {
    'acme.consumer_blocked': {
      en: 'the consumer is on the block list',
      nb: 'konsumenten står på sperrelisten',
    },
  },
  required: ['blocked'],
  options: {
    blocked: {
      description: 'Orgnos whose requests are denied.',
      type: 'array',
      items: { type: 'string', pattern: '^\\d{9}$' },
    },
  },
  check:
    ({ blocked }: BlockedConsumersRuleOptions) =>
    (claims) => {
      const orgno = claims.maskinporten.consumer?.value;
      return orgno !== undefined && blocked.includes(orgno)
        ? fail({ code: 'acme.consumer_blocked', path: 'maskinporten.consumer.ID', actual: orgno })
        : pass();
    },
});
