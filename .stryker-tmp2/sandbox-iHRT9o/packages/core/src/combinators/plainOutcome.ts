// @ts-nocheck
import type { RuleMode, RuleOutcome, Violation } from '../types.js';

// Private: outcomes that hold nothing but a rule's id, a pass or skip, its mode and no violations, made once and
// shared by every verdict that has them (each rule's pass, the engine's passed and skipped steps), and nodes whose
// children are all such outcomes (an `all` whose every rule passed, the policy over it). They are frozen and have
// no member a verdict must not show, so a verdict carries them as they are: no copy to protect. Only outcomes made
// here are known to be such.

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

/**
 * A node's outcome, `status` over `children`, as a frozen plain outcome when every child is plain (else
 * `undefined`), made once: the same status and children give the same object again. A node whose rules all
 * passed gives one outcome to every verdict, and a verdict carries it without visiting its children.
 */
export function plainNode(
  ruleId: string,
  mode: RuleMode,
): (status: RuleOutcome['status'], children: readonly RuleOutcome[]) => RuleOutcome | undefined {
  let last: RuleOutcome | undefined;
  return (status, children) => {
    if (last !== undefined && last.status === status && sameItems(children, last.children as RuleOutcome[]))
      return last;
    if (status !== 'pass' && status !== 'skipped') return undefined;
    for (let i = 0; i < children.length; i += 1) if (!made.has(children[i] as RuleOutcome)) return undefined;
    const node: RuleOutcome = Object.freeze({
      ruleId,
      status,
      mode,
      violations: NO_VIOLATIONS,
      children: Object.freeze([...children]),
    });
    made.add(node);
    last = node;
    return node;
  };
}

function sameItems(a: readonly RuleOutcome[], b: readonly RuleOutcome[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
