import { ConfigError, type Rule, type RuleMode, defineRule, fail, pass } from '@dsop-guard/core';

/** Options of {@link blockedConsumersRule}, as a policy file gives them. */
export interface BlockedConsumersRuleOptions {
  /** Orgnos whose requests are denied. Required. */
  readonly blocked: readonly string[];
  /** Set by the policy file when the node has an `id`. Default `acme.blocked-consumers`. */
  readonly id?: string;
  /** Set by the policy file when the node has a `mode`. Default `enforce`. */
  readonly mode?: RuleMode;
}

/**
 * A security team's custom rule: deny consumers on a block list. Validates its options up front and throws
 * `ConfigError` naming the bad field; at request time it only returns pass or fail.
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
 * ```
 */
export function blockedConsumersRule(options: unknown): Rule {
  const {
    blocked,
    id = 'acme.blocked-consumers',
    mode,
    ...unknown
  } = (options ?? {}) as BlockedConsumersRuleOptions;
  const [extra] = Object.keys(unknown);
  if (extra !== undefined) throw new ConfigError(`${id}.${extra}`, 'unknown option');
  if (!Array.isArray(blocked) || !blocked.every((b) => typeof b === 'string' && /^\d{9}$/.test(b))) {
    throw new ConfigError(`${id}.blocked`, 'must be an array of nine-digit orgnos');
  }
  return defineRule({
    id,
    kind: 'acme.blocked-consumers',
    ...(mode === undefined ? {} : { mode }),
    options: { blocked },
    check: (claims) => {
      const orgno = claims.maskinporten.consumer?.value;
      return orgno !== undefined && blocked.includes(orgno)
        ? fail({ code: 'custom_denied', path: 'maskinporten.consumer.ID', actual: orgno })
        : pass();
    },
  });
}
