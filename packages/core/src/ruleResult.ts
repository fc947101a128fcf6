import { err, ok, type Result } from 'neverthrow';
import type { RuleResult, ViolationInput } from './types.js';

// Private to the package (the barrel exports only pass and fail): the rule results this package made. A check's
// value counts only if it is one of them, so no look-alike, Proxy or foreign Result passes for a pass or a fail.
const made = new WeakSet<object>();

/** Frozen, and known as made here. */
function brand(result: Result<void, readonly ViolationInput[]>): RuleResult {
  const frozen = Object.freeze(result) as unknown as RuleResult;
  made.add(frozen);
  return frozen;
}

// One passing result for every rule: it carries nothing, and a frozen one cannot be changed by any of them.
/** Private to the package (the barrel does not export it): defineRule knows a pass by it at once. */
export const PASSED: RuleResult = brand(ok(undefined));

/** Whether `value` is a result that {@link pass} or {@link fail} made. */
export function isRuleResult(value: unknown): value is RuleResult {
  return typeof value === 'object' && value !== null && made.has(value);
}

/**
 * A passing rule result.
 *
 * @example
 * ```ts
 * defineRule({ id: 'always', check: () => pass() });
 * ```
 */
export function pass(): RuleResult {
  return PASSED;
}

/**
 * A failing rule result with one or more violations. The result and its list are frozen; the violations are
 * checked, and copied, when the rule's outcome is made.
 *
 * @example
 * ```ts
 * defineRule({
 *   id: 'no-test-consumer',
 *   check: (claims) => claims.maskinporten.consumer?.value === '910753614'
 *     ? fail({ code: 'custom_denied', path: 'maskinporten.consumer.ID', actual: '0192:910753614' })
 *     : pass(),
 * });
 * ```
 */
export function fail(violation: ViolationInput, ...more: readonly ViolationInput[]): RuleResult {
  return brand(err(Object.freeze([violation, ...more])));
}
