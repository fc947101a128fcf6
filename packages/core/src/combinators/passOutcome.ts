import type { RuleMode, RuleOutcome, Violation } from '../types.js';

// Private: the one outcome every pass of a rule made with defineRule shares. It is frozen and holds nothing but
// the rule's id, status, mode and no violations, so a verdict may carry it as it is: no copy to protect, no
// member a verdict must not show. Only outcomes made here are known to be such.

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);
const made = new WeakSet<RuleOutcome>();

/** The frozen pass outcome of rule `ruleId` in `mode`. */
export function passOutcome(ruleId: string, mode: RuleMode): RuleOutcome {
  const outcome: RuleOutcome = Object.freeze({ ruleId, status: 'pass', mode, violations: NO_VIOLATIONS });
  made.add(outcome);
  return outcome;
}

/** Whether `outcome` is one that {@link passOutcome} made. */
export function isPassOutcome(outcome: RuleOutcome): boolean {
  return made.has(outcome);
}
