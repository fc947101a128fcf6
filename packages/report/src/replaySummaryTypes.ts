// The replay's summary as the audit report holds and renders it (`AuditReport.replay`): here, below both the
// report and the replay, so that the replay depends on the report and never the reverse.
import type { PolicyFacts } from '@dsop-guard/core';

/** The version of {@link ReplaySummary}'s shape (the `replay` member of a replay's `report.json`). */
export const REPLAY_VERSION = 1;

/**
 * Why a line or record could not be replayed. Counted and named, never guessed:
 * - `corrupt`, `torn`, `not_a_record`: the line holds no record (as in `dsop-guard audit verify`);
 * - `record_version`: a record of a version this replay does not read (older records carry no snapshot);
 * - `not_sealed`: the record's hash does not match its line (edited after it was written): its claims are not
 *   trusted;
 * - `malformed`: a decision record whose fields have the wrong shape;
 * - `no_snapshot`: the policy ran on this decision but the record keeps no claim snapshot;
 * - `person_facts_missing`: a rule needed the facts of a pseudonymised person number the record does not hold;
 * - `no_policy_step`: the recorded outcomes hold no policy step (the engine failed before it could say);
 * - `inconsistent`: the recorded `decision` or `reasons` are not what the recorded outcomes decide, a policy
 *   step is `skipped` with no failing step before it, or a checkpoint carries decision members: the record (or
 *   the log, resealed) was edited, and nothing it says is certified.
 */
export type UnreplayableReason =
  | 'corrupt'
  | 'torn'
  | 'not_a_record'
  | 'record_version'
  | 'not_sealed'
  | 'malformed'
  | 'no_snapshot'
  | 'person_facts_missing'
  | 'no_policy_step'
  | 'inconsistent';

/** Where a record sits: its chain and seq (what `dsop-guard audit verify` names), and its file and line. */
export interface RecordRef {
  readonly chain: string | null;
  readonly seq: number | null;
  readonly file: string;
  readonly line: number;
}

/** One group of changed decisions (a rule, a reason code, an organisation), with a sample of its records. */
export interface ReplayGroup {
  /** The rule id, code or orgno; `null` for decisions that have none (e.g. no supplier). */
  readonly key: string | null;
  readonly count: number;
  /** The first records of the group, up to the sample size. */
  readonly samples: readonly RecordRef[];
}

/** Decisions that flip in one direction, grouped. */
export interface FlipCounts {
  readonly count: number;
  /**
   * Per rule: for deny→allow the rules that denied and no longer do, for allow→deny the rules that now deny
   * (a decision counts once under each). Most frequent first, up to `top`.
   */
  readonly byRule: readonly ReplayGroup[];
  /** Per reason code, chosen as `byRule` is. */
  readonly byReason: readonly ReplayGroup[];
  /** Per consumer orgno (`subject.consumerOrgno`). */
  readonly byConsumer: readonly ReplayGroup[];
  /** Per supplier orgno (`subject.supplierOrgno`, `null` for direct calls). */
  readonly bySupplier: readonly ReplayGroup[];
  /** The first records that flip this way. */
  readonly samples: readonly RecordRef[];
}

/**
 * What a policy replay found: how the decisions recorded in decision logs would have come out under another
 * policy. The `replay` member of a replay's `report.json`, beside the audit report of the same logs.
 *
 * @example
 * ```ts
 * const { replay } = JSON.parse(readFileSync('out/report.json', 'utf8')) as AuditReport;
 * if (replay !== undefined && replay.denyToAllow.count > 0) console.log('the new policy lets in', replay.denyToAllow.count);
 * ```
 */
export interface ReplaySummary {
  readonly replayVersion: typeof REPLAY_VERSION;
  /** The policy replayed. */
  readonly policy: PolicyFacts;
  /** The policies that took the recorded decisions, the most frequent first, with how many each took. */
  readonly recordedPolicies: readonly (PolicyFacts & { readonly records: number })[];
  readonly totals: {
    /** Decision records read (lines that hold no record are in `unreplayable` only). */
    readonly records: number;
    /** Records re-evaluated under the policy. */
    readonly replayed: number;
    /** Of them, decisions that come out the same, with the same reasons. */
    readonly unchanged: number;
    /** Decisions taken before any policy ran (input, token or consent failed): unchanged denies. */
    readonly beforePolicy: number;
    readonly unreplayable: number;
  };
  /** Denies that would be allowed: the dangerous direction. */
  readonly denyToAllow: FlipCounts;
  /** Allows that would be denied. */
  readonly allowToDeny: FlipCounts;
  /** Denies that stay denies for other reasons, per reason code now given. */
  readonly reasonsChanged: {
    readonly count: number;
    readonly byReason: readonly ReplayGroup[];
    readonly samples: readonly RecordRef[];
  };
  /** Before-policy denies per recorded reason. */
  readonly beforePolicy: readonly ReplayGroup[];
  /** Records and lines that could not be replayed, per reason, with a sample of each. */
  readonly unreplayable: readonly (ReplayGroup & { readonly key: UnreplayableReason })[];
}
