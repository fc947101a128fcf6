// @ts-nocheck
import { isPlainOutcome } from '../combinators/plainOutcome.js';
import type { Fact, RuleOutcome, Violation } from '../types.js';
import { mayBePersonNumber } from './protectPersonalData.js';

// Private: applies the personal-data protection to every violation in an outcome tree, and keeps facts short.

const MAX_FACT = 200;
const MAX_ITEMS = 32;
const NONE: readonly Violation[] = Object.freeze([]);

export function outcomeProtector(protect: (text: string) => string): (outcome: RuleOutcome) => RuleOutcome {
  const text = (value: string): string => {
    const safe = protect(value);
    return safe.length > MAX_FACT ? `${safe.slice(0, MAX_FACT)}…` : safe;
  };
  const fact = (value: Fact | undefined): Fact | undefined => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map(text);
    // An integer of 11 digits may be a person number: protected as text. -0 would come back from JSON as 0.
    if (typeof value === 'number') return mayBePersonNumber(value) ? text(String(value)) : value + 0;
    return value;
  };
  const violation = (v: Violation): Violation => {
    const expected = fact(v.expected);
    const actual = fact(v.actual);
    return {
      code: v.code,
      ruleId: v.ruleId,
      path: text(v.path),
      ...(expected === undefined ? {} : { expected }),
      ...(actual === undefined ? {} : { actual }),
    };
  };
  // A copy of every outcome (a rule may return one object to every verdict), written member by member: the
  // spread of the whole outcome cost more than the rest of the protection on an allow.
  // A shared plain outcome (a pass or skip, frozen) holds nothing to protect: carried as it is.
  const outcome = (o: RuleOutcome): RuleOutcome => {
    if (isPlainOutcome(o)) return o;
    const violations = o.violations.length === 0 ? NONE : o.violations.map(violation);
    const copy: { -readonly [K in keyof RuleOutcome]: RuleOutcome[K] } = {
      ruleId: o.ruleId,
      status: o.status,
      mode: o.mode,
      violations,
    };
    if (o.children !== undefined) copy.children = o.children.map(outcome);
    return copy;
  };
  return outcome;
}
