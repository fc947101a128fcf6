import {
  ConfigError,
  checkLine,
  checkOptionKeys,
  type LogPosition,
  type Policy,
  type PolicyFacts,
} from '@dsop-guard/core';
import { createReportAggregator, type ReportAggregatorOptions } from '../aggregate/createReportAggregator.js';
import { type DecisionFacts, readDecision } from '../read/readDecision.js';
import type { AuditReport } from '../reportTypes.js';
import { holdsDecision, replayRecord } from './replayRecord.js';
import {
  type FlipCounts,
  REPLAY_VERSION,
  type RecordRef,
  type ReplayGroup,
  type ReplayResult,
  type ReplaySummary,
  type UnreplayableReason,
} from './replayTypes.js';

/** Options of {@link createReplayAggregator}. */
export interface ReplayAggregatorOptions
  extends Pick<
    ReportAggregatorOptions,
    | 'partial'
    | 'publicKey'
    | 'maxGap'
    | 'expectedChains'
    | 'witness'
    | 'maxGroups'
    | 'maxListed'
    | 'clock'
    | 'maxChains'
  > {
  /** The policy to replay. Required. */
  readonly policy: Policy;
  /** Rows per ranking (rules, reasons, organisations). Default 10. */
  readonly top?: number;
  /** Record references kept per group. Default 5. */
  readonly samples?: number;
}

/** A streaming replay of decision-log lines under a policy, into an audit report with a `replay` member. */
export interface ReplayAggregator {
  /** Names the next file and its size; its lines follow. */
  readonly startFile: (file: string, bytes: number) => void;
  /**
   * One line, in file order; `last` marks a file's last line when the file does not end in a newline. A
   * promise only when a rule of the policy answered asynchronously: await it before the next line.
   */
  readonly push: (text: string, at: LogPosition, last?: boolean) => void | Promise<void>;
  /** The audit report of every line pushed so far, with the replay's findings in `replay`. */
  readonly result: () => AuditReport & { readonly replay: ReplaySummary };
}

interface Group {
  count: number;
  readonly samples: RecordRef[];
}

/** Groups by key with samples: capped at `maxGroups` keys (the rest counted in the total only). */
function grouping(maxGroups: number, samples: number) {
  const groups = new Map<string | null, Group>();
  return {
    add: (key: string | null, ref: RecordRef): void => {
      let g = groups.get(key);
      if (g === undefined) {
        if (groups.size >= maxGroups) return;
        g = { count: 0, samples: [] };
        groups.set(key, g);
      }
      g.count += 1;
      if (g.samples.length < samples) g.samples.push(ref);
    },
    top: (n: number): ReplayGroup[] =>
      [...groups]
        .sort(([ka, a], [kb, b]) => b.count - a.count || String(ka).localeCompare(String(kb)))
        .slice(0, n)
        .map(([key, g]) => ({ key, count: g.count, samples: [...g.samples] })),
  };
}

function flips(maxGroups: number, samples: number) {
  const byRule = grouping(maxGroups, samples);
  const byReason = grouping(maxGroups, samples);
  const byConsumer = grouping(maxGroups, samples);
  const bySupplier = grouping(maxGroups, samples);
  const first: RecordRef[] = [];
  let count = 0;
  return {
    add: (
      rules: readonly string[],
      reasons: readonly string[],
      parties: { consumer: string | null; supplier: string | null },
      ref: RecordRef,
    ): void => {
      count += 1;
      if (first.length < samples) first.push(ref);
      for (const rule of rules) byRule.add(rule, ref);
      for (const reason of reasons) byReason.add(reason, ref);
      byConsumer.add(parties.consumer, ref);
      bySupplier.add(parties.supplier, ref);
    },
    result: (top: number): FlipCounts => ({
      count,
      byRule: byRule.top(top),
      byReason: byReason.top(top),
      byConsumer: byConsumer.top(top),
      bySupplier: bySupplier.top(top),
      samples: first,
    }),
  };
}

function positiveInt(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(field, 'must be a positive integer');
  return value;
}

const sameReasons = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((code) => b.includes(code));

const NO_PARTIES = { consumer: null, supplier: null };

const KEYS = [
  ...['policy', 'top', 'samples', 'partial', 'publicKey', 'maxGap', 'expectedChains', 'witness'],
  ...['maxGroups', 'maxListed', 'clock', 'maxChains'],
];

/**
 * Builds a streaming policy replay over decision logs: every line goes through the report aggregator (so the
 * result is the audit report of the logs, integrity verdict included) and every sealed decision record is
 * re-decided under `policy` with `replayRecord`. The `replay` member of the result counts the decisions that
 * flip (deny→allow, the dangerous direction, and allow→deny) per rule, reason, consumer and supplier, each
 * group with a sample of record references (chain, seq, file:line); denies whose reasons change; decisions
 * taken before any policy ran; and every line or record that could not be replayed, by reason. Memory grows
 * with the number of groups (capped), not with the records. Throws {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * const replay = createReplayAggregator({ policy: loadPolicy({ path: 'new.policy.yaml' }) });
 * replay.startFile('decisions.jsonl', size);
 * for (const [i, text] of lines.entries()) await replay.push(text, { file: 'decisions.jsonl', line: i + 1 });
 * const { replay: found } = replay.result(); // found.denyToAllow.count, found.allowToDeny.byRule, …
 * ```
 */
export function createReplayAggregator(options: ReplayAggregatorOptions): ReplayAggregator {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, KEYS, 'createReplayAggregator');
  const { policy } = options;
  if (typeof policy?.rule?.evaluate !== 'function' || typeof policy.sha256 !== 'string')
    throw new ConfigError('policy', 'must be a policy (loadPolicy, definePolicy or preset(…).policy)');
  const top = positiveInt('top', options.top, 10);
  const samples = positiveInt('samples', options.samples, 5);
  const maxGroups = positiveInt('maxGroups', options.maxGroups, 10_000);
  const { policy: _policy, samples: _samples, ...reportOptions } = options;
  // The policy's own custom codes explain the report's deny reasons too.
  const report = createReportAggregator({ codes: policy.codes, ...reportOptions });
  const totals = { records: 0, replayed: 0, unchanged: 0, beforePolicy: 0, unreplayable: 0 };
  const denyToAllow = flips(maxGroups, samples);
  const allowToDeny = flips(maxGroups, samples);
  const changed = grouping(maxGroups, samples);
  const changedSamples: RecordRef[] = [];
  let changedCount = 0;
  const beforePolicy = grouping(maxGroups, samples);
  const unreplayable = grouping(maxGroups, samples);
  const policies = new Map<string, PolicyFacts & { records: number }>();

  const refuse = (reason: UnreplayableReason, ref: RecordRef): void => {
    totals.unreplayable += 1;
    unreplayable.add(reason, ref);
  };

  const count = (result: ReplayResult, ref: RecordRef, facts: DecisionFacts | null): void => {
    if (result.kind === 'unreplayable') {
      refuse(result.reason, ref);
      return;
    }
    if (result.kind === 'before_policy') {
      totals.beforePolicy += 1;
      for (const reason of result.reasons) beforePolicy.add(reason, ref);
      return;
    }
    totals.replayed += 1;
    const { before, after } = result;
    const parties =
      facts === null ? NO_PARTIES : { consumer: facts.consumerOrgno, supplier: facts.supplierOrgno };
    if (before.decision === 'deny' && after.decision === 'allow')
      denyToAllow.add(before.denyingRules, before.reasons, parties, ref);
    else if (before.decision === 'allow' && after.decision === 'deny')
      allowToDeny.add(after.denyingRules, after.reasons, parties, ref);
    else if (!sameReasons(before.reasons, after.reasons)) {
      changedCount += 1;
      if (changedSamples.length < samples) changedSamples.push(ref);
      for (const reason of after.reasons) if (!before.reasons.includes(reason)) changed.add(reason, ref);
    } else totals.unchanged += 1;
  };

  const recordPolicy = (value: unknown): void => {
    const p = value as Partial<PolicyFacts> | null;
    if (typeof p?.id !== 'string' || typeof p.version !== 'string' || typeof p.sha256 !== 'string') return;
    const known = policies.get(p.sha256);
    if (known !== undefined) known.records += 1;
    else if (policies.size < maxGroups)
      policies.set(p.sha256, { id: p.id, version: p.version, sha256: p.sha256, records: 1 });
  };

  const push = (text: string, at: LogPosition, last = false): void | Promise<void> => {
    const checked = checkLine(text, last);
    if ('problem' in checked) {
      report.pushChecked(checked, at);
      const reason = checked.problem === 'unknown_version' ? 'record_version' : checked.problem;
      refuse(reason, { chain: null, seq: null, file: at.file, line: at.line });
      return;
    }
    const { link, record } = checked;
    const facts = link.kind === 'decision' ? readDecision(record) : null;
    report.pushChecked({ link, facts }, at);
    const r = record as unknown as Readonly<Record<string, unknown>>;
    // A checkpoint is passed over only when it carries nothing of a decision; else it is a relabelled one.
    if (facts === null && !holdsDecision(r)) return;
    totals.records += 1;
    const ref: RecordRef = { chain: link.id, seq: link.seq, file: at.file, line: at.line };
    recordPolicy(r['policy']);
    if (!link.sealed) {
      refuse('not_sealed', ref);
      return;
    }
    const result = replayRecord(record, policy);
    if (result instanceof Promise) return result.then((settled) => count(settled, ref, facts));
    count(result, ref, facts);
  };

  return {
    startFile: report.startFile,
    push,
    result: () => ({
      ...report.result(),
      replay: {
        replayVersion: REPLAY_VERSION,
        policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
        recordedPolicies: [...policies.values()].sort((a, b) => b.records - a.records).slice(0, top),
        totals: { ...totals },
        denyToAllow: denyToAllow.result(top),
        allowToDeny: allowToDeny.result(top),
        reasonsChanged: { count: changedCount, byReason: changed.top(top), samples: changedSamples },
        beforePolicy: beforePolicy.top(top),
        unreplayable: unreplayable.top(32) as (ReplayGroup & { key: UnreplayableReason })[],
      },
    }),
  };
}
