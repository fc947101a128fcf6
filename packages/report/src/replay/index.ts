export type { ReplayAggregator, ReplayAggregatorOptions } from './createReplayAggregator.js';
export { createReplayAggregator } from './createReplayAggregator.js';
export { replayRecord } from './replayRecord.js';
export type {
  FlipCounts,
  RecordRef,
  ReplayedDecision,
  ReplayGroup,
  ReplayResult,
  ReplaySummary,
  UnreplayableReason,
} from './replayTypes.js';
export { REPLAY_VERSION } from './replayTypes.js';
