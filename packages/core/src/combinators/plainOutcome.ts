import type { RuleMode, RuleOutcome, Violation } from '../types.js';

// Private: outcomes that hold nothing but a rule's id, a pass or skip, its mode and no violations, made once and
// shared by every verdict that has them (each rule's pass, the engine's passed and skipped steps). They are
// frozen and have no member a verdict must not show, so a verdict carries them as they are: no copy to protect.
// Only outcomes made here are known to be such.

/** No violations: one frozen empty list for every outcome that has none. */
export const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);
const made = new WeakSet<RuleOutcome>();

/** A frozen outcome of rule `ruleId`: `status` with no violations, in `mode`. */
export function plainOutcome(ruleId: string, status: 'pass' | 'skipped', mode: RuleMode): RuleOutcome {
  const outcome: RuleOutcome = Object.freeze({ ruleId, status, mode, violations: NO_VIOLATIONS });
  made.add(outcome);
  return outcome;
}

/** Whether `outcome` is one that {@link plainOutcome} made. */
export function isPlainOutcome(outcome: RuleOutcome): boolean {
  return made.has(outcome);
}
