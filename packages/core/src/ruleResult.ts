import { err, ok } from 'neverthrow';
import type { RuleResult, ViolationInput } from './types.js';

/**
 * A passing rule result.
 *
 * @example
 * ```ts
 * defineRule({ id: 'always', check: () => pass() });
 * ```
 */
export function pass(): RuleResult {
  return ok(undefined);
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
