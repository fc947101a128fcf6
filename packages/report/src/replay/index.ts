export { createReplayAggregator } from './createReplayAggregator.js';
export type { ReplayAggregator, ReplayAggregatorOptions } from './createReplayAggregator.js';
export { replayRecord } from './replayRecord.js';
export { REPLAY_VERSION } from './replayTypes.js';
export type {
  FlipCounts,
  RecordRef,
  ReplayGroup,
  ReplayResult,
  ReplaySummary,
  ReplayedDecision,
  UnreplayableReason,
} from './replayTypes.js';
