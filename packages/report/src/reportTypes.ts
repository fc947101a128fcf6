import type { ChainProblem, ChainProblemKind, ChainSummary } from '@dsop-guard/core';
import type { ReplaySummary } from './replaySummaryTypes.js';

/** The version of {@link AuditReport}'s shape (what `report.json` holds). */
export const REPORT_VERSION = 1;

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
 * `ReportAggregatorOptions`); counts never are. Persons appear in no list, only in counts.
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
  /**
   * Present in the report of a policy replay (`dsop-guard replay`, `createReplayAggregator`): how the recorded
   * decisions would have come out under another policy. The renderers then show the replay first.
   */
  readonly replay?: ReplaySummary;
}
