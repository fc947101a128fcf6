import { err, ok } from 'neverthrow';
import type { RuleResult, ViolationInput } from './types.js';

// One passing result for every rule: it carries nothing, and a frozen one cannot be changed by any of them.
/** Private to the package (the barrel does not export it): defineRule knows a pass by it at once. */
export const PASSED: RuleResult = Object.freeze(ok(undefined));

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
 * A failing rule result with one or more violations.
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
  return err([violation, ...more]);
}
