import type { ChainProblem, ChainProblemKind, ChainSummary } from '@dsop-guard/core';
import type { CoverageReport } from './coverageTypes.js';
import type { ReplaySummary } from './replaySummaryTypes.js';

/** The version of {@link AuditReport}'s shape (what `report.json` holds). */
export const REPORT_VERSION = 2;

/** Allows and denies of one group. */
export interface DecisionCounts {
  readonly allow: number;
  readonly deny: number;
}

/** One bar of the timeline: decisions whose `evaluatedAt` falls in `[start, start + bucket)`. */
export interface TimeBucket extends DecisionCounts {
  /** Epoch seconds, UTC, at the start of the hour or day. */
  readonly start: number;
}

/** A deny reason, how often it decided, and what it means. */
export interface ReasonCount {
  readonly code: string;
  /** Decisions denied with this code among their reasons. */
  readonly count: number;
  /** The explanation from `@dsop-guard/rules`; `null` for a code this version does not know. */
  readonly en: string | null;
  readonly nb: string | null;
}

/** One organisation's decisions, by its orgno (`null`: the record has none, e.g. the token did not verify). */
export interface PartyCounts extends DecisionCounts {
  readonly orgno: string | null;
  /** The most common reason this party was denied for, or `null`. */
  readonly topReason: string | null;
}

/** One delegation path: how the call was delegated and, for a supplier, through which source. */
export interface DelegationCounts extends DecisionCounts {
  readonly delegation: string;
  readonly delegationSource: string | null;
}

/** A shadow rule that failed: it would have denied these decisions had it been enforced. */
export interface ShadowCounts {
  readonly ruleId: string;
  /** Decisions in which this shadow rule failed. */
  readonly wouldDeny: number;
  /** Of them, decisions that were allowed: the ones enforcing it would change. */
  readonly ofAllowed: number;
  /** Its violation codes, most frequent first. */
  readonly codes: readonly { readonly code: string; readonly count: number }[];
}

/** A consent that was used while close to its end. */
export interface ExpiringConsent {
  /** The consent id as recorded (Altinn 2 `AuthorizationCode`, Altinn 3 `id`), `null` when it has none. */
  readonly id: string | null;
  readonly source: string;
  readonly consumerOrgno: string | null;
  /** Epoch seconds. */
  readonly validTo: number;
  /** The least time left at any decision on it, seconds. */
  readonly leastSecondsLeft: number;
  readonly decisions: number;
}

/** Decisions taken on keys past their refresh window, per token role and issuer. */
export interface StaleKeyCounts {
  readonly token: 'maskinporten' | 'consent';
  readonly iss: string | null;
  readonly decisions: number;
  /** The oldest key age seen, seconds, or `null` when no record gave one. */
  readonly maxAgeSeconds: number | null;
}

/** Latency of the decisions, ms. Exact up to a few thousand records, then within about 1 %. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** Whether the percentiles are exact (all values kept) or from the bounded histogram. */
  readonly exact: boolean;
}

/** A line that was not a readable record, where it is and why. */
export interface UnreadableLine {
  readonly file: string;
  readonly line: number;
  readonly kind: ChainProblemKind;
}

/** One input file. */
export interface ReportInput {
  readonly file: string;
  readonly bytes: number;
  readonly lines: number;
  /**
   * sha256 (hex) of the file's bytes as read, which ties the report to one state of the log; `null` when the
   * caller did not give it (`ReportAggregator.fileDigest`; the CLI always does).
   */
  readonly sha256: string | null;
}

/** A policy that took decisions in the log, as the records name it. */
export interface PolicyUse {
  readonly id: string;
  readonly version: string;
  /** sha256 of the policy's canonical form, as the records carry it. */
  readonly sha256: string;
  /** The first and last `evaluatedAt` of its decisions, epoch seconds (`null` when none had one). */
  readonly firstSeen: number | null;
  readonly lastSeen: number | null;
  /** Decisions it took. */
  readonly decisions: number;
}

/** How persons were treated in the records (`privacy.person`) and under which pseudonymisation key. */
export interface PrivacyUse {
  readonly person: string;
  /**
   * The key id (`privacy.keyId`); `ephemeral` stands for every record that had a random key of its own (no
   * pseudonymisation key configured: pseudonyms comparable only within the record).
   */
  readonly keyId: string | null;
  readonly decisions: number;
}

/**
 * Where each chain starts and ends in the files read, and whether it is signed: the report names the exact
 * records it covers.
 */
export interface ChainEnds {
  readonly id: string;
  /** The epoch of the last record (1 unless a writer started a new one). */
  readonly epoch: number;
  readonly firstSeq: number;
  readonly firstHash: string;
  readonly lastSeq: number;
  readonly lastHash: string;
  /**
   * `verified`: checkpoints verified under the public key and no signature problem; `invalid`: under the key,
   * a checkpoint did not verify or the chain (or its tail) is not vouched for; `not_checked`: the chain has
   * checkpoints but no public key was given; `unsigned`: no checkpoint at all.
   */
  readonly signature: 'verified' | 'invalid' | 'not_checked' | 'unsigned';
  readonly checkpoints: number;
  readonly checkpointsVerified: number;
  /** Decision records after the last (verified) checkpoint. */
  readonly tail: number;
}

/** The policy the reader named (`--policy`, `--preset`), to explain custom codes and the coverage. */
export interface NamedPolicy {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
  /** Decisions whose record names this policy's sha256: its custom messages are theirs for certain. */
  readonly matchingDecisions: number;
}

/** The integrity verdict, from core's chain verifier (the same code as `dsop-guard audit verify`). */
export interface IntegritySummary {
  /** Every chain whole and every line a record. */
  readonly whole: boolean;
  readonly chains: readonly ChainSummary[];
  /** Every problem found, counted; the first `maxListed` are in `problems`. */
  readonly problemCount: number;
  readonly problems: readonly ChainProblem[];
  /** The public key the checkpoints were verified with (`null`: none given, so nothing shows an attacker). */
  readonly keyId: string | null;
  /** How many chains were expected by name (`--chains`), and how many witnessed checkpoints were compared. */
  readonly expectedChains: number;
  readonly witnessed: number;
}

/**
 * What `dsop-guard report` found in a decision log: the aggregated figures written to `report.json`, and
 * what `index.html` and `report.md` are rendered from. Plain JSON. Lists are capped (see
 * `ReportAggregatorOptions`); counts never are. Persons appear in no list, only in counts. Version 2
 * (`@dsop-guard/report/report.schema.json`, `$id` `https://dsop-guard.dev/schema/report/2.json`); a file
 * written before it is an {@link AuditReportV1}: read `reportVersion` first ({@link StoredAuditReport}).
 *
 * @example
 * ```ts
 * const report = JSON.parse(readFileSync('out/report.json', 'utf8')) as AuditReport;
 * console.log(report.totals.deny, report.integrity.whole);
 * ```
 */
export interface AuditReport {
  readonly reportVersion: typeof REPORT_VERSION;
  /** When the report was made, RFC 3339 UTC. */
  readonly generatedAt: string;
  readonly inputs: readonly ReportInput[];
  readonly totals: {
    readonly lines: number;
    /** Decision records. */
    readonly records: number;
    readonly allow: number;
    readonly deny: number;
    readonly checkpoints: number;
    /** Lines that were not readable records (see `unreadable`). */
    readonly unreadable: number;
  };
  /** The first and last `evaluatedAt`, epoch seconds; `null` without records. */
  readonly span: { readonly from: number | null; readonly to: number | null };
  readonly timeline: { readonly bucket: 'hour' | 'day'; readonly buckets: readonly TimeBucket[] };
  /** Deny reasons, most frequent first, and how many distinct codes there were in all. */
  readonly reasons: { readonly distinct: number; readonly top: readonly ReasonCount[] };
  readonly consumers: { readonly distinct: number; readonly top: readonly PartyCounts[] };
  readonly suppliers: { readonly distinct: number; readonly top: readonly PartyCounts[] };
  readonly delegation: readonly DelegationCounts[];
  readonly shadow: readonly ShadowCounts[];
  readonly consentsNearExpiry: {
    readonly thresholdSeconds: number;
    /** Decisions taken on a consent with less than the threshold left. */
    readonly decisions: number;
    /** Distinct consents among them (counted up to the group cap). */
    readonly consents: number;
    /** Those with the least time left first. */
    readonly soonest: readonly ExpiringConsent[];
  };
  readonly staleKeys: { readonly decisions: number; readonly byIssuer: readonly StaleKeyCounts[] };
  readonly latency: LatencySummary;
  readonly integrity: IntegritySummary;
  readonly unreadable: {
    readonly count: number;
    readonly byKind: Readonly<Partial<Record<ChainProblemKind, number>>>;
    /** The first `maxListed` of them. */
    readonly lines: readonly UnreadableLine[];
  };
  /** Groups beyond `maxGroups` that were counted under `(other)`, per table; 0 when nothing overflowed. */
  readonly overflow: number;
  /** The policies that took the decisions, the most decisions first. */
  readonly policies: readonly PolicyUse[];
  /** The privacy modes and pseudonymisation key ids in the records, the most decisions first. */
  readonly privacy: readonly PrivacyUse[];
  /** Each chain's first and last record (seq and hash) and its signature state, in the order first seen. */
  readonly chainEnds: readonly ChainEnds[];
  /** The policy given to the reader, `null` when none was. */
  readonly namedPolicy: NamedPolicy | null;
  /** Present when asked for (`dsop-guard report --coverage`, `coverage: true`): what the decisions exercised. */
  readonly coverage?: CoverageReport;
  /**
   * Present in the report of a policy replay (`dsop-guard replay`, `createReplayAggregator`): how the recorded
   * decisions would have come out under another policy. The renderers then show the replay first.
   */
  readonly replay?: ReplaySummary;
}

/**
 * A `report.json` of version 1, as `@dsop-guard/report` wrote it before version 2 added `policies`, `privacy`,
 * `chainEnds`, `namedPolicy`, `inputs[].sha256` (all required) and `coverage`: everything else is as in
 * {@link AuditReport}. Described by `@dsop-guard/report/report-1.schema.json` (`$id`
 * `https://dsop-guard.dev/schema/report/1.json`), kept published for the files written then.
 *
 * @example
 * ```ts
 * const stored = JSON.parse(readFileSync('old/report.json', 'utf8')) as StoredAuditReport;
 * if (stored.reportVersion === 1) console.log('written before the policies were named', stored.totals.deny);
 * ```
 */
export type AuditReportV1 = Omit<
  AuditReport,
  'reportVersion' | 'inputs' | 'policies' | 'privacy' | 'chainEnds' | 'namedPolicy' | 'coverage'
> & {
  readonly reportVersion: 1;
  readonly inputs: readonly Omit<ReportInput, 'sha256'>[];
};

/**
 * Any `report.json` a version of `@dsop-guard/report` wrote: switch on `reportVersion` (1 or
 * {@link REPORT_VERSION}) before reading the members version 2 added.
 *
 * @example
 * ```ts
 * const stored = JSON.parse(text) as StoredAuditReport;
 * const policies = stored.reportVersion === 1 ? [] : stored.policies;
 * ```
 */
export type StoredAuditReport = AuditReport | AuditReportV1;
