import { decisiveViolations, type Policy, type RuleOutcome, type Violation } from '@dsop-guard/core';
import type { ReplayedDecision, ReplayResult } from './replayTypes.js';
import { snapshotClaims } from './snapshotClaims.js';

type Loose = Readonly<Record<string, unknown>>;

const object = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

/** The engine's name for the policy step among a verdict's outcomes. */
const POLICY = 'policy';
/** Deeper outcome trees than this are taken as crafted. */
const MAX_DEPTH = 64;

/** A record's compact outcome (`mode` only for shadow, `violations` only when some) as the verdict's, or `undefined`. */
function expand(value: unknown, depth = 0): RuleOutcome | undefined {
  const o = object(value);
  if (o === undefined || depth > MAX_DEPTH || typeof o['ruleId'] !== 'string') return undefined;
  const status = o['status'];
  if (status !== 'pass' && status !== 'fail' && status !== 'skipped' && status !== 'error') return undefined;
  const violations = o['violations'] ?? [];
  if (!Array.isArray(violations) || !violations.every((v) => typeof object(v)?.['code'] === 'string'))
    return undefined;
  const children: RuleOutcome[] = [];
  if (o['children'] !== undefined) {
    if (!Array.isArray(o['children'])) return undefined;
    for (const c of o['children']) {
      const child = expand(c, depth + 1);
      if (child === undefined) return undefined;
      children.push(child);
    }
  }
  return {
    ruleId: o['ruleId'],
    status,
    mode: o['mode'] === 'shadow' ? 'shadow' : 'enforce',
    violations: violations as Violation[],
    ...(o['children'] === undefined ? {} : { children }),
  };
}

function shadowFailures(outcome: RuleOutcome, into: string[]): string[] {
  if (outcome.mode === 'shadow' && outcome.status === 'fail') into.push(outcome.ruleId);
  for (const child of outcome.children ?? []) shadowFailures(child, into);
  return into;
}

const distinct = (values: Iterable<string>): string[] => [...new Set(values)];

/** Decides outcomes as the engine's verdict does: allowed exactly when no enforced failure has a violation. */
function decided(outcomes: readonly RuleOutcome[]): ReplayedDecision {
  const violations = outcomes.flatMap(decisiveViolations);
  return {
    decision: violations.length === 0 ? 'allow' : 'deny',
    reasons: distinct(violations.map((v) => v.code)),
    denyingRules: distinct(violations.map((v) => v.ruleId)),
    shadowFailures: distinct(outcomes.flatMap((o) => shadowFailures(o, []))),
  };
}

/** Members only a decision record has: a checkpoint that carries one is a decision relabelled. */
const DECISION_MEMBERS = [
  'decision',
  'reasons',
  'outcomes',
  'policy',
  'subject',
  'tokens',
  'consent',
  'snapshot',
  'evaluatedAt',
  'requestId',
  'transport',
  'latencyMs',
  'privacy',
];

/** Whether a record (of any kind) carries a member only a decision record has. */
export const holdsDecision = (record: Loose): boolean =>
  DECISION_MEMBERS.some((m) => Object.hasOwn(record, m));

const sameReasons = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((code) => b.includes(code));

/**
 * Whether the recorded decision and reasons are what the recorded outcomes decide, and a skipped policy step
 * follows an enforced failure (the only reason the engine skips the policy).
 */
function consistent(recorded: readonly RuleOutcome[], before: ReplayedDecision, r: Loose): boolean {
  if (before.decision !== r['decision'] || !sameReasons(before.reasons, r['reasons'] as string[]))
    return false;
  const at = recorded.findIndex((o) => o.ruleId === POLICY);
  const step = recorded[at];
  if (step?.status !== 'skipped') return true;
  return recorded.slice(0, at).some((o) => decisiveViolations(o).length > 0);
}

/** The policy's root rule as the engine runs it: under the `policy` step, a throw a `rule_error`. */
function evaluate(
  policy: Policy,
  claims: Parameters<Policy['rule']['evaluate']>[0],
  context: Parameters<Policy['rule']['evaluate']>[1],
): RuleOutcome | Promise<RuleOutcome> {
  const step = (root: RuleOutcome): RuleOutcome => ({
    ruleId: POLICY,
    status: root.status,
    mode: 'enforce',
    violations: [],
    children: [root],
  });
  const broken = (): RuleOutcome => ({
    ruleId: POLICY,
    status: 'error',
    mode: 'enforce',
    violations: [{ code: 'rule_error', ruleId: policy.rule.id, path: '' }],
  });
  try {
    const rule = policy.rule;
    const root =
      rule.evaluateSync === undefined ? rule.evaluate(claims, context) : rule.evaluateSync(claims, context);
    if (typeof (root as { then?: unknown }).then === 'function')
      return Promise.resolve(root).then(step, broken);
    return step(root as RuleOutcome);
  } catch {
    return broken();
  }
}

/**
 * Re-decides one decision record under `policy`, as the engine would have decided it at the record's time: the
 * policy's rules over the record's claim snapshot (pseudonymised fields compared as pseudonyms, the facts about
 * person numbers from `snapshot.people`), `now` the record's `evaluatedAt`, the clock tolerance the snapshot's,
 * and the recorded outcomes of the steps before the policy (input, token verification, consent: the record says
 * they were verified; nothing is verified again, and no token is needed or accepted). The recorded decision is
 * not taken on trust: it is recomputed from the recorded outcomes, and a record whose `decision` or `reasons`
 * disagree with them, whose policy step is skipped with no failure before it, or a checkpoint that carries
 * decision members, is `unreplayable` as `inconsistent`. A decision taken before any policy ran is
 * `before_policy`; a record that cannot be replayed is `unreplayable` with its reason. Never
 * throws; synchronous unless a rule of the policy is asynchronous.
 *
 * @example
 * ```ts
 * const result = await replayRecord(JSON.parse(line), loadPolicy({ path: 'new.policy.yaml' }));
 * if (result.kind === 'replayed' && result.before.decision === 'deny' && result.after.decision === 'allow')
 *   console.log('would now be allowed');
 * ```
 */
export function replayRecord(record: unknown, policy: Policy): ReplayResult | Promise<ReplayResult> {
  const r = object(record);
  if (r?.['kind'] === 'checkpoint' && holdsDecision(r))
    return { kind: 'unreplayable', reason: 'inconsistent' };
  if (r === undefined || r['kind'] !== 'decision') return { kind: 'unreplayable', reason: 'not_a_record' };
  if (r['recordVersion'] !== 1) return { kind: 'unreplayable', reason: 'record_version' };
  const decision = r['decision'];
  const reasons = r['reasons'];
  const now = r['evaluatedAt'];
  const outcomes = Array.isArray(r['outcomes']) ? r['outcomes'].map((o) => expand(o)) : undefined;
  if (
    (decision !== 'allow' && decision !== 'deny') ||
    !Array.isArray(reasons) ||
    !reasons.every((c) => typeof c === 'string') ||
    typeof now !== 'number' ||
    !Number.isFinite(now) ||
    outcomes === undefined ||
    outcomes.some((o) => o === undefined)
  )
    return { kind: 'unreplayable', reason: 'malformed' };
  const recorded = outcomes as RuleOutcome[];
  const before = decided(recorded);
  if (!consistent(recorded, before, r)) return { kind: 'unreplayable', reason: 'inconsistent' };
  const step = recorded.find((o) => o.ruleId === POLICY);
  if (step === undefined) return { kind: 'unreplayable', reason: 'no_policy_step' };
  if (step.status === 'skipped') return { kind: 'before_policy', reasons: reasons as string[] };
  if (r['snapshot'] === null || r['snapshot'] === undefined)
    return { kind: 'unreplayable', reason: 'no_snapshot' };
  const snapshot = snapshotClaims(r['snapshot']);
  if (snapshot === undefined) return { kind: 'unreplayable', reason: 'malformed' };
  const others = recorded.filter((o) => o.ruleId !== POLICY);
  const context = { now, clockTolerance: snapshot.clockTolerance, personFacts: snapshot.personFacts };
  const finish = (policyOutcome: RuleOutcome): ReplayResult =>
    snapshot.factsMissing()
      ? { kind: 'unreplayable', reason: 'person_facts_missing' }
      : { kind: 'replayed', before, after: decided([...others, policyOutcome]), outcome: policyOutcome };
  const evaluated = evaluate(policy, snapshot.claims, context);
  return evaluated instanceof Promise ? evaluated.then(finish) : finish(evaluated);
}
