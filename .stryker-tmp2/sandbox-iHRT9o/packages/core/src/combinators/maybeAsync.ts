// @ts-nocheck
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
  // `run` itself, not a wrapper of it: each combinator and rule makes its own.
  madeWith.set(run, evaluate);
  return { evaluate, evaluateSync: run };
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

/** How a combinator evaluates one child: as {@link evaluateChild} does, with the child's pairing looked up once. */
export type ChildEvaluator = (claims: Claims, context: Context) => MaybePromise<RuleOutcome>;

/**
 * {@link evaluateChild} for one child, its `evaluateSync` found paired with its `evaluate` once, when the
 * combinator is built, instead of once per evaluation. The same answer always: a child whose `evaluate` or
 * `evaluateSync` has been replaced since is evaluated through evaluateChild.
 */
export function childEvaluator(rule: Rule): ChildEvaluator {
  const { evaluateSync: sync, evaluate } = rule;
  if (sync === undefined || madeWith.get(sync) !== evaluate)
    return (claims, context) => evaluateChild(rule, claims, context);
  return (claims, context) =>
    rule.evaluateSync === sync && rule.evaluate === evaluate
      ? sync(claims, context)
      : evaluateChild(rule, claims, context);
}

/** Each child's outcome, in order: an array now if every child answered at once, a promise of it otherwise. */
export function evaluateAll(
  children: readonly ChildEvaluator[],
  claims: Claims,
  context: Context,
): MaybePromise<readonly RuleOutcome[]> {
  const outcomes: MaybePromise<RuleOutcome>[] = [];
  let later = false;
  for (let i = 0; i < children.length; i += 1) {
    const outcome = (children[i] as ChildEvaluator)(claims, context);
    if (isThenable(outcome)) later = true;
    outcomes.push(outcome);
  }
  return later ? Promise.all(outcomes) : (outcomes as RuleOutcome[]);
}

/** `next(value)` now if `value` is settled, after it settles otherwise. */
export function andThen<T, U>(
  value: MaybePromise<T>,
  next: (settled: T) => MaybePromise<U>,
): MaybePromise<U> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}

/**
 * `next(subject, value)` now if `value` is settled, after it settles otherwise: {@link andThen} for a `next` that
 * needs one more value, without a closure made per call to carry it.
 */
export function andThenWith<S, T, U>(
  value: MaybePromise<T>,
  subject: S,
  next: (subject: S, settled: T) => MaybePromise<U>,
): MaybePromise<U> {
  return isThenable(value)
    ? Promise.resolve(value).then((settled) => next(subject, settled))
    : next(subject, value);
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
