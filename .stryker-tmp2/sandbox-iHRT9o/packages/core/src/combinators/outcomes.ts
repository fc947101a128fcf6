// @ts-nocheck
import { reasonCodes } from '../reasonCodes.js';
import type { Fact, RuleMode, RuleOutcome, Violation, ViolationInput } from '../types.js';

// Private helpers shared by defineRule and the combinators. Not exported from the barrel.

const codeSet: ReadonlySet<string> = new Set(reasonCodes);
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

export function isValidRuleId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

export function errorOutcome(ruleId: string, mode: RuleMode, children?: readonly RuleOutcome[]): RuleOutcome {
  const violation: Violation = { code: 'rule_error', ruleId, path: '' };
  return children === undefined
    ? { ruleId, status: 'error', mode, violations: [violation] }
    : { ruleId, status: 'error', mode, violations: [violation], children };
}

function isFact(value: unknown): value is Fact {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    default:
      return false;
  }
}

/**
 * Checks a violation returned by user code and stamps the rule id; `undefined` if it is malformed. Its code must
 * be a built-in one or one of the rule's `declared` custom codes.
 */
export function toViolation(
  input: unknown,
  ruleId: string,
  declared: Readonly<Record<string, unknown>> = {},
): Violation | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  // Each member read once: a getter cannot show one value to the check and another to the copy.
  const { code, path } = input as Partial<ViolationInput>;
  const expected = copied((input as Partial<ViolationInput>).expected);
  const actual = copied((input as Partial<ViolationInput>).actual);
  if (typeof code !== 'string' || !(codeSet.has(code) || Object.hasOwn(declared, code))) return undefined;
  if (typeof path !== 'string') return undefined;
  if (expected !== undefined && !isFact(expected)) return undefined;
  if (actual !== undefined && !isFact(actual)) return undefined;
  return {
    code,
    ruleId,
    path,
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
  };
}

/** A list copied and frozen before it is checked (the rule keeps no hold on what the verdict shows). */
function copied(value: unknown): unknown {
  return Array.isArray(value) ? Object.freeze([...value]) : value;
}

/** Counts only enforced children: shadow outcomes are reported, never decisive. */
export function enforced(children: readonly RuleOutcome[]): readonly RuleOutcome[] {
  return children.filter((c) => c.mode === 'enforce');
}
