import type { Policy, RuleDescription } from '@dsop-guard/core';

// Private: the consent's maximum period the page draws beside the consent (the timeline).

/**
 * The `maxPeriod` of the policy's first `consent-validity` rule that has one (an ISO 8601 period such as
 * `P1Y`), read from the policy's rule description; `undefined` when no such rule names one.
 *
 * @example
 * ```ts
 * maxPeriodOf(preset('lanekassen-saldo', 'test').policy); // 'P1Y'
 * ```
 */
export function maxPeriodOf(policy: Policy): string | undefined {
  const visit = (d: RuleDescription): string | undefined => {
    const maxPeriod: unknown = (d.options as { maxPeriod?: unknown } | undefined)?.maxPeriod;
    if (d.kind === 'consent-validity' && typeof maxPeriod === 'string') return maxPeriod;
    for (const child of d.children ?? []) {
      const found = visit(child);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(policy.rule.describe());
}
