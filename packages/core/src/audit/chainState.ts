import type { ChainProblem, ChainSummary, EpochStart, LogPosition } from './chainVerifierTypes.js';
import type { CheckedLink } from './checkLine.js';

// Private, and pure: what the chain verifier keeps of one chain (never its records), as named fields, and the
// named predicates over them that the per-line checks and the end of the files share.

/** One chain as the verifier knows it after the lines so far. */
export interface ChainState {
  readonly id: string;
  readonly records: number;
  readonly checkpoints: number;
  readonly checkpointsVerified: number;
  readonly firstSeq: number;
  /** The highest seq seen in the current epoch (0 just after an epoch starts). */
  readonly lastSeq: number;
  /** The hash of the last record linked (`''` just after an epoch starts). */
  readonly lastHash: string;
  readonly epoch: number;
  readonly epochStarts: readonly EpochStart[];
  /** Decision records since the last (verified) checkpoint, and what that checkpoint promised. */
  readonly tail: number;
  readonly every: number | null;
  readonly lastAt: LogPosition;
  readonly firstBreak: ChainProblem | null;
}

/** What a verifier holds every chain to, from its options. */
export interface ChainRules {
  /** Accept a chain whose first record is not seq 1 (older files rotated away). */
  readonly partial: boolean;
  /** Whether checkpoints are checked: a public key was given. */
  readonly keyed: boolean;
  /** The most records allowed between two checkpoints and after the last, instead of their `every`. */
  readonly maxGap: number | undefined;
}

/** The state of a chain whose first record (in these files) is `record`, before it is counted. */
export function openChain(record: CheckedLink, at: LogPosition): ChainState {
  return {
    id: record.id,
    records: 0,
    checkpoints: 0,
    checkpointsVerified: 0,
    firstSeq: record.seq,
    lastSeq: record.seq - 1,
    lastHash: '',
    epoch: record.epoch,
    epochStarts: record.epoch > 1 ? [{ ...at, epoch: record.epoch, unsignedBefore: 0 }] : [],
    tail: 0,
    every: null,
    lastAt: at,
    firstBreak: null,
  };
}

/** The most decision records a checkpoint that promised `every` allows after it: `maxGap` when given. */
export function allowedGap(rules: ChainRules, every: number | null | undefined): number {
  return rules.maxGap ?? every ?? 0;
}

/** With a key: more decision records since the last verified checkpoint than it allows. */
export function tailTooLong(state: ChainState, rules: ChainRules): boolean {
  return rules.keyed && state.tail > allowedGap(rules, state.every);
}

/** What the report says of a chain: its counts, its epochs, and its first break (`lateBreak` when none in the lines). */
export function summaryOf(state: ChainState, lateBreak: ChainProblem | undefined): ChainSummary {
  return {
    id: state.id,
    records: state.records,
    checkpoints: state.checkpoints,
    checkpointsVerified: state.checkpointsVerified,
    firstSeq: state.firstSeq,
    lastSeq: state.lastSeq,
    tail: state.tail,
    epochStarts: [...state.epochStarts],
    firstBreak: state.firstBreak ?? lateBreak ?? null,
  };
}
