// @ts-nocheck
import { plainOutcome } from '../combinators/plainOutcome.js';
import type { RuleOutcome, ViolationInput } from '../types.js';

// Private: the engine's own steps appear in a verdict as outcomes beside the policy.

export const INPUT = 'input';
export const VERIFY_MASKINPORTEN = 'verify.maskinporten';
export const VERIFY_CONSENT = 'verify.consent';
export const POLICY = 'policy';

/** Each step's pass and skip, made once: every verdict that has one shares it. */
const plain = (status: 'pass' | 'skipped'): ReadonlyMap<string, RuleOutcome> =>
  new Map(
    [INPUT, VERIFY_MASKINPORTEN, VERIFY_CONSENT, POLICY].map((id) => [
      id,
      plainOutcome(id, status, 'enforce'),
    ]),
  );
const PASSED = plain('pass');
const SKIPPED = plain('skipped');

export function outcomeOf(ruleId: string, violations: readonly ViolationInput[]): RuleOutcome {
  if (violations.length === 0) return PASSED.get(ruleId) ?? plainOutcome(ruleId, 'pass', 'enforce');
  return { ruleId, status: 'fail', mode: 'enforce', violations: violations.map((v) => ({ ...v, ruleId })) };
}

export const skipped = (ruleId: string): RuleOutcome =>
  SKIPPED.get(ruleId) ?? plainOutcome(ruleId, 'skipped', 'enforce');
