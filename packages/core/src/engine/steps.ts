import type { RuleOutcome, ViolationInput } from '../types.js';

// Private: the engine's own steps appear in a verdict as outcomes beside the policy.

export const INPUT = 'input';
export const VERIFY_MASKINPORTEN = 'verify.maskinporten';
export const VERIFY_CONSENT = 'verify.consent';
export const POLICY = 'policy';

export function outcomeOf(ruleId: string, violations: readonly ViolationInput[]): RuleOutcome {
  return violations.length === 0
    ? { ruleId, status: 'pass', mode: 'enforce', violations: [] }
    : { ruleId, status: 'fail', mode: 'enforce', violations: violations.map((v) => ({ ...v, ruleId })) };
}

export const skipped = (ruleId: string): RuleOutcome => ({
  ruleId,
  status: 'skipped',
  mode: 'enforce',
  violations: [],
});
