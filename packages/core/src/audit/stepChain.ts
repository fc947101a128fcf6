import { allowedGap, type ChainRules, type ChainState, openChain, tailTooLong } from './chainState.js';
import type { ChainProblem, ChainProblemKind, LogPosition } from './chainVerifierTypes.js';
import type { CheckedLink } from './checkLine.js';

// Private, and pure: the verifier's per-line check. What one record does to its chain's state, and the problems
// it shows, as a function of the state before, the record, and the facts that need a key or a witness.

/** What is known of a record beyond its own line: the facts that need the public key or the witnesses. */
export interface LinkFacts {
  /** For a checkpoint, with a key: whether its signature verifies under the key and names it. */
  readonly signed: boolean;
  /** For a checkpoint a witness saw: the hash the witness saw; `undefined` when none saw it. */
  readonly witnessed: string | undefined;
}

/** The chain after one record, and the problems that record shows, in the order they are reported. */
export interface ChainStep {
  readonly state: ChainState;
  readonly problems: readonly ChainProblem[];
}

type Draft = { -readonly [K in keyof ChainState]: ChainState[K] };

/**
 * The kind of break between the chain so far and `record`, or `null`. A chain's first record must start it
 * (seq 1, no prev) unless `partial`; a record of a later epoch must start that epoch (the epoch start itself is no
 * break: it is reported). Within an epoch each record follows the last by one seq and links to its hash.
 */
export function linkBreak(
  state: ChainState | undefined,
  record: CheckedLink,
  partial: boolean,
): ChainProblemKind | null {
  const { seq, prev, epoch } = record;
  const starts = seq === 1 && prev === null;
  if (state === undefined) return starts || partial ? null : 'chain_start';
  if (epoch > state.epoch) return starts ? null : 'chain_start';
  if (epoch < state.epoch) return 'link_mismatch';
  if (seq <= state.lastSeq) return 'seq_repeat';
  if (seq > state.lastSeq + 1) return 'seq_gap';
  if (prev !== state.lastHash) return 'link_mismatch';
  return null;
}

/** A checkpoint counted: its witness compared; with a key, its signature and the records before it judged. */
function countCheckpoint(
  next: Draft,
  record: CheckedLink,
  facts: LinkFacts,
  rules: ChainRules,
  found: ChainProblemKind[],
): void {
  next.checkpoints += 1;
  if (facts.witnessed !== undefined && facts.witnessed !== record.hash) found.push('witness_mismatch');
  if (!rules.keyed) {
    next.tail = 0;
    return;
  }
  if (!facts.signed) {
    found.push('checkpoint_invalid');
    return;
  }
  next.checkpointsVerified += 1;
  if (next.tail > allowedGap(rules, record.checkpoint?.every)) found.push('checkpoint_gap');
  next.tail = 0;
  next.every = record.checkpoint?.every ?? null;
}

/**
 * Links `record` (at `at`) into its chain, whose state so far is `before` (`undefined` for a chain not seen yet).
 * The chain then resynchronises on the record, so one break is reported once, not at every later record.
 */
export function stepChain(
  before: ChainState | undefined,
  record: CheckedLink,
  at: LogPosition,
  facts: LinkFacts,
  rules: ChainRules,
): ChainStep {
  const found: ChainProblemKind[] = [];
  const broken = linkBreak(before, record, rules.partial);
  if (broken !== null) found.push(broken);
  const next: Draft = { ...(before ?? openChain(record, at)) };
  if (before !== undefined && record.epoch > before.epoch) {
    // The previous epoch ended here: its unsigned tail is judged as a chain's last one is.
    if (tailTooLong(before, rules)) found.push('unsigned_tail');
    next.epoch = record.epoch;
    next.lastSeq = 0;
    next.lastHash = '';
    next.epochStarts = [...before.epochStarts, { ...at, epoch: record.epoch, unsignedBefore: before.tail }];
    next.tail = 0;
  }
  if (!record.sealed) found.push('hash_mismatch');
  if (record.kind === 'checkpoint') countCheckpoint(next, record, facts, rules, found);
  else {
    next.records += 1;
    next.tail += 1;
  }
  next.lastSeq = Math.max(next.lastSeq, record.seq);
  next.lastHash = record.hash;
  next.lastAt = at;
  const problems = found.map((kind) => ({ ...at, kind, chain: record.id, seq: record.seq }));
  next.firstBreak ??= problems[0] ?? null;
  return { state: next, problems };
}
