import { evaluators, isThenable } from './combinators/maybeAsync.js';
import { errorOutcome, isValidRuleId, toViolation } from './combinators/outcomes.js';
import { plainOutcome } from './combinators/plainOutcome.js';
import { ConfigError } from './configError.js';
import { checkCodeDeclarations } from './customCodes.js';
import { engineReasonCodes } from './reasonCodes.js';
import { isRuleResult, PASSED } from './ruleResult.js';
import type {
  Claims,
  CodeDeclarations,
  Context,
  Rule,
  RuleMode,
  RuleOutcome,
  RuleResult,
  Violation,
} from './types.js';

/** Options of {@link defineRule}. */
export interface DefineRuleOptions {
  /** Stable id, recorded in every outcome and violation. Letters, digits and `._:/-`; required. */
  readonly id: string;
  /**
   * The check. May be async. Returns `pass()` or `fail(...)` and nothing else: a throw, a rejection, any other
   * value (a look-alike, neverthrow's own `ok`/`err`, a Proxy), a write to the claims or the context (all frozen)
   * or a violation with an engine code ({@link engineReasonCodes}) is a `rule_error`. At most 32 violations are
   * kept; past them the 32nd says how many there were (path `violations`).
   */
  readonly check: (claims: Claims, context: Context) => RuleResult | Promise<RuleResult>;
  /** `enforce` (default) or `shadow`: a shadow rule is evaluated and reported but never denies. */
  readonly mode?: RuleMode;
  /** Plain-JSON options, recorded in the policy fingerprint and in `describe()`. Default: none. */
  readonly options?: unknown;
  /** The rule kind shown in descriptions, e.g. `scope`. Default `custom`. */
  readonly kind?: string;
  /** A time limit for async checks in milliseconds; past it the outcome is `rule_error`. Default 1000, at most 30 000. */
  readonly timeoutMs?: number;
  /**
   * The rule's own reason codes, `<namespace>.<code>` in lower case (e.g. `acme.consumer_blocked`), each with its
   * message in English and Norwegian and an optional HTTP status (default 403). A violation may carry a built-in
   * code or one declared here; any other code is a `rule_error`. Recorded in `describe()`. Default: none.
   */
  readonly codes?: CodeDeclarations;
}

/** Codes a rule can never fail with (see {@link engineReasonCodes}). */
const ENGINE_CODES: ReadonlySet<string> = new Set(engineReasonCodes);
/** Most violations one rule's outcome holds; past it, the rest are cut and the last one kept says how many. */
export const MAX_RULE_VIOLATIONS = 32;
/** Longest time limit a rule may have, ms: a request never waits longer for one rule. */
export const MAX_TIMEOUT_MS = 30_000;

/** The error a malformed return is reported as: its class is what an operator sees. */
class MalformedRuleResult extends Error {
  override readonly name = 'MalformedRuleResult';
}
class RuleTimeout extends Error {
  override readonly name = 'RuleTimeout';
}

/**
 * A fail's violations, checked and copied: at most {@link MAX_RULE_VIOLATIONS} (the last of them the marker of
 * the cut: the first cut violation's code, path `violations`, the count returned), or `undefined` if one of
 * those read is malformed or carries an engine code.
 */
function violationsOf(list: readonly unknown[], ruleId: string, codes: CodeDeclarations) {
  const count = Math.min(list.length, MAX_RULE_VIOLATIONS);
  const violations: Violation[] = [];
  for (let i = 0; i < count; i += 1) {
    const v = toViolation(list[i], ruleId, codes);
    if (v === undefined || ENGINE_CODES.has(v.code)) return undefined;
    violations.push(v);
  }
  if (list.length > count) {
    const { code } = violations[count - 1] as Violation;
    const expected = `at most ${MAX_RULE_VIOLATIONS} violations`;
    violations[count - 1] = { code, ruleId, path: 'violations', expected, actual: list.length };
  }
  return violations;
}

function settle(passed: RuleOutcome, value: unknown, codes: CodeDeclarations): RuleOutcome {
  const { ruleId, mode } = passed;
  if (!isRuleResult(value)) return errorOutcome(ruleId, mode);
  if (value.isOk()) return passed;
  const violations = violationsOf(value.error, ruleId, codes);
  return violations === undefined ? errorOutcome(ruleId, mode) : { ruleId, status: 'fail', mode, violations };
}

/** What an operator is told about a malformed result: static text, never the value (it may be personal). */
function malformation(value: unknown, codes: CodeDeclarations): string {
  if (!isRuleResult(value)) return 'the check returned neither pass() nor fail(...)';
  const list: readonly unknown[] = value.isErr() ? value.error.slice(0, MAX_RULE_VIOLATIONS) : [];
  const codeOf = (v: unknown): unknown => (v as { code?: unknown } | null)?.code;
  if (list.some((v) => ENGINE_CODES.has(codeOf(v) as string)))
    return 'a violation has a code only dsop-guard gives (see engineReasonCodes)';
  const undeclared = list.some((v: unknown) => {
    const code = codeOf(v);
    return typeof code === 'string' && code.includes('.') && !Object.hasOwn(codes, code);
  });
  return undeclared
    ? 'a violation has a custom code the rule does not declare (declare it in defineRule({ codes }))'
    : 'a violation is malformed (a code, a string path, plain facts)';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
const TIMEOUT: unique symbol = Symbol('timeout');

/**
 * Defines a leaf rule, the building block of every policy, built-in or custom.
 * Throws {@link ConfigError} for a bad id, check, mode or timeout; never throws at evaluation.
 *
 * @example
 * ```ts
 * import { defineRule, pass, fail } from '@dsop-guard/core';
 *
 * const onlyPrivateKeyJwt = defineRule({
 *   id: 'acme.client-amr',
 *   check: (claims) =>
 *     claims.maskinporten.clientAmr === 'private_key_jwt'
 *       ? pass()
 *       : fail({ code: 'client_amr_not_allowed', path: 'maskinporten.client_amr',
 *                expected: 'private_key_jwt', actual: claims.maskinporten.clientAmr ?? null }),
 * });
 * ```
 */
export function defineRule(options: DefineRuleOptions): Rule {
  if (typeof options !== 'object' || options === null) throw new ConfigError('rule', 'must be an object');
  const { id, check, mode = 'enforce', timeoutMs = 1000, kind = 'custom' } = options;
  if (!isValidRuleId(id))
    throw new ConfigError('id', `must match [A-Za-z0-9][A-Za-z0-9._:/-]*, got ${JSON.stringify(id)}`);
  if (typeof check !== 'function') throw new ConfigError(`${id}.check`, 'must be a function');
  if (mode !== 'enforce' && mode !== 'shadow')
    throw new ConfigError(`${id}.mode`, "must be 'enforce' or 'shadow'");
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS)
    throw new ConfigError(`${id}.timeoutMs`, `must be a positive number of ms, at most ${MAX_TIMEOUT_MS}`);
  const codes = checkCodeDeclarations(id, options.codes);
  const description = {
    id,
    kind,
    mode,
    ...(options.options === undefined ? {} : { options: options.options }),
    ...(Object.keys(codes).length === 0 ? {} : { codes }),
  };
  const failed = (cause: unknown, context: Context): RuleOutcome => {
    try {
      context?.onRuleError?.(id, cause);
    } catch {
      // A failing observer must not change the outcome.
    }
    return errorOutcome(id, mode);
  };
  // Every pass of this rule is the same outcome: one frozen object, not one per evaluation.
  const passed = plainOutcome(id, 'pass', mode);
  const finish = (value: unknown, context: Context): RuleOutcome => {
    const outcome = settle(passed, value, codes);
    return outcome.status === 'error'
      ? failed(new MalformedRuleResult(malformation(value, codes)), context)
      : outcome;
  };
  const later = async (value: PromiseLike<unknown>, context: Context): Promise<RuleOutcome> => {
    try {
      const settled = await withTimeout(Promise.resolve(value), timeoutMs);
      if (settled === TIMEOUT) return failed(new RuleTimeout(`no result within ${timeoutMs} ms`), context);
      return finish(settled, context);
    } catch (cause) {
      return failed(cause, context);
    }
  };
  // Synchronous while the check is; a check that returns a thenable goes on asynchronously, with its time limit.
  const run = (claims: Claims, context: Context): RuleOutcome | Promise<RuleOutcome> => {
    try {
      const value: unknown = check(claims, context);
      if (value === PASSED) return passed; // pass(): known at once
      return isThenable(value) ? later(value, context) : finish(value, context);
    } catch (cause) {
      return failed(cause, context);
    }
  };
  return {
    id,
    mode,
    describe: () => description,
    ...evaluators(run),
  };
}
