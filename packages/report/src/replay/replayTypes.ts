import type { RuleOutcome } from '@dsop-guard/core';
import type { UnreplayableReason } from '../replaySummaryTypes.js';

/** A decision as replay compares it: recorded, or re-decided under the new policy. */
export interface ReplayedDecision {
  readonly decision: 'allow' | 'deny';
  /** The codes of the enforced failures, in order of first appearance (the verdict's `reasons`). */
  readonly reasons: readonly string[];
  /** The rules whose enforced failures decided a deny (the rule ids of the decisive violations), in order. */
  readonly denyingRules: readonly string[];
  /** Shadow rules that failed: what they would have denied. */
  readonly shadowFailures: readonly string[];
}

/**
 * What replaying one decision record gave:
 * - `replayed`: the policy was re-evaluated over the record's claim snapshot at the record's time;
 * - `before_policy`: the decision was taken before any policy ran (the input, a token or the consent failed),
 *   so no policy can change it: an unchanged deny, with its recorded reasons;
 * - `unreplayable`: the record cannot be replayed, and why.
 */
export type ReplayResult =
  | {
      readonly kind: 'replayed';
      readonly before: ReplayedDecision;
      readonly after: ReplayedDecision;
      /** The policy step's outcome under the replayed policy, rule by rule (facts as the snapshot holds them). */
      readonly outcome: RuleOutcome;
    }
  | { readonly kind: 'before_policy'; readonly reasons: readonly string[] }
  | { readonly kind: 'unreplayable'; readonly reason: UnreplayableReason };

export type {
  FlipCounts,
  RecordRef,
  ReplayGroup,
  ReplaySummary,
  UnreplayableReason,
} from '../replaySummaryTypes.js';
export { REPLAY_VERSION } from '../replaySummaryTypes.js';
