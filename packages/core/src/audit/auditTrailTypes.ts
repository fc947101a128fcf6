import type { KeyObject } from 'node:crypto';
import type { Decision } from '../engine/engineTypes.js';
import type { GuardEvent } from '../events.js';
import type { PersonFacts, Verdict } from '../types.js';
import type { RecordContext } from './createDecisionRecord.js';
import type { DecisionRecord } from './recordTypes.js';
import type { AuditSink } from './sinkTypes.js';

/** Options of `createAuditTrail`. */
export interface AuditTrailOptions {
  /** Where records go; at least one. */
  readonly sinks: readonly AuditSink[];
  /** This writer's chain id, one per gateway instance. Letters, digits and `._:/-`. Default the host name. */
  readonly chainId?: string;
  /**
   * The key persons are pseudonymised with (HMAC-SHA256), and its id, recorded so keys can rotate: at least 32
   * bytes, not an example key from the docs, and as secret as the numbers (whoever holds it can reverse every
   * pseudonym by trying every valid fødselsnummer). Default none: persons are masked in the record, and each
   * record's claim snapshot uses a random key of its own (`keyId` `ephemeral:…`), so its pseudonyms are
   * comparable within that record only.
   */
  readonly pseudonymKey?: { readonly id: string; readonly key: string | Uint8Array };
  /**
   * How persons appear in the record: `pseudonymise` (default with a `pseudonymKey`), `mask` (default without),
   * or `clear`, which also leaves the snapshot in clear and is recorded as such.
   */
  readonly person?: 'mask' | 'pseudonymise' | 'clear';
  /**
   * What a request gets when its record cannot be written (a sink fails, or takes longer than `writeTimeoutMs`):
   * `deny` (default; the verdict becomes a deny with `audit_unavailable`) or `allow-and-alert` (the verdict stands,
   * an `audit.sink_failed` event is raised). Either way the failure is counted and raised as an event.
   */
  readonly onFailure?: 'deny' | 'allow-and-alert';
  /** How long a sink may take to accept a record, ms. Default 2000. */
  readonly writeTimeoutMs?: number;
  /**
   * A signed checkpoint record every `every` decision records, counted across restarts (see
   * `dsop-guard audit verify --public-key`), and one when the trail closes. `key` is the Ed25519 private key
   * (a KeyObject or PEM text); checkpoints name it by `keyId` (see `checkpointKeyId`). `atClose: false` leaves
   * out the closing checkpoint (for one-shot writers such as `dsop-guard check`). Default none.
   */
  readonly checkpoints?: {
    readonly every: number;
    readonly key: KeyObject | string;
    readonly atClose?: boolean;
  };
  /**
   * Facts about a person number that need its clear value (kind, checksum). Default: what the guard that
   * records passes (the adapters use the rules package's parsePersonId); give one only to replace it.
   */
  readonly personFacts?: (clear: string) => PersonFacts;
  /** Operator events: `audit.sink_failed`, `audit.sink_recovered`. */
  readonly onEvent?: (event: GuardEvent) => void;
  /** Wall clock for record times, ms. Default `Date.now`. */
  readonly clock?: () => number;
}

/** What became of one decision's record. */
export interface RecordResult {
  /** The record; `undefined` only if it could not even be built (then `written` is false). */
  readonly record: DecisionRecord | undefined;
  /** Whether every sink accepted it. */
  readonly written: boolean;
  /** The verdict to answer with: the decision's, or a deny with `audit_unavailable` under `onFailure: 'deny'`. */
  readonly verdict: Verdict;
}

/** Counters of a trail, for health checks and metrics. */
export interface AuditStats {
  readonly written: number;
  readonly failed: number;
  readonly seq: number;
}

/**
 * A writer of decision records: builds the record, links it into this writer's hash chain and hands it to
 * every sink. One trail can serve many guards; give each gateway instance its own `chainId`.
 */
export interface AuditTrail {
  readonly chainId: string;
  readonly record: (decision: Decision, context: RecordContext) => Promise<RecordResult>;
  readonly stats: () => AuditStats;
  /** Writes what is pending (and, with checkpoints, a closing checkpoint) and closes every sink. */
  readonly close: () => Promise<void>;
}
