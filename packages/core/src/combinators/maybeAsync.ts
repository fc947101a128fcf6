import type { Claims, Context, Rule, RuleOutcome } from '../types.js';

// Private: evaluation that stays synchronous while every rule answers synchronously, and becomes a promise, with
// the same outcome, as soon as one does not. Order of evaluation is the order `evaluate` would use.

export type MaybePromise<T> = T | Promise<T>;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

type Evaluate = Rule['evaluate'];
type EvaluateSync = NonNullable<Rule['evaluateSync']>;

/** Each `evaluateSync` made here, with the `evaluate` it was made with. */
const madeWith = new WeakMap<EvaluateSync, Evaluate>();

/** The two faces of one evaluation, `evaluate` (always a promise) and `evaluateSync`, paired. */
export function evaluators(run: EvaluateSync): { evaluate: Evaluate; evaluateSync: EvaluateSync } {
  const evaluate: Evaluate = async (claims, context) => run(claims, context);
  const evaluateSync: EvaluateSync = (claims, context) => run(claims, context);
  madeWith.set(evaluateSync, evaluate);
  return { evaluate, evaluateSync };
}

/**
 * A rule's outcome through its `evaluateSync`, else its `evaluate`. An `evaluateSync` made by `evaluators` is
 * used only beside its own `evaluate`: a rule copied with `{ ...rule, evaluate }` is judged by the new `evaluate`.
 */
export function evaluateChild(rule: Rule, claims: Claims, context: Context): MaybePromise<RuleOutcome> {
  const sync = rule.evaluateSync;
  if (sync === undefined) return rule.evaluate(claims, context);
  const paired = madeWith.get(sync);
  return paired === undefined || paired === rule.evaluate
    ? sync(claims, context)
    : rule.evaluate(claims, context);
}

/** `next(value)` now if `value` is settled, after it settles otherwise. */
export function andThen<T, U>(
  value: MaybePromise<T>,
  next: (settled: T) => MaybePromise<U>,
): MaybePromise<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}

/** `steps` applied in order, each to the settled result of the one before: at once while each answers at once. */
export function pipeline<T>(value: T, steps: readonly ((settled: T) => MaybePromise<T>)[]): MaybePromise<T> {
  let current: T = value;
  for (let i = 0; i < steps.length; i += 1) {
    const next = (steps[i] as (settled: T) => MaybePromise<T>)(current);
    if (isThenable(next)) {
      const rest = steps.slice(i + 1);
      return Promise.resolve(next).then((settled) => pipeline(settled, rest));
    }
    current = next;
  }
  return current;
}

/** Every value settled: an array now if none is a promise, a promise of it otherwise (like `Promise.all`). */
export function settleAll<T>(values: readonly MaybePromise<T>[]): MaybePromise<readonly T[]> {
  return values.some(isThenable) ? Promise.all(values) : (values as readonly T[]);
}
