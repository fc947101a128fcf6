import { timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../configError.js';
import { checkpointMac } from './chainHash.js';
import { type CheckedLink, type LineCheck, checkLine } from './checkLine.js';
import type { AuditRecord } from './recordTypes.js';

/** Where a line of a decision log is: the file as given and the line number, from 1. */
export interface LogPosition {
  readonly file: string;
  readonly line: number;
}

/**
 * Why a line does not fit its chain:
 * - `corrupt`: not JSON; `torn`: not JSON, the file's last line without a newline (a write cut short by a crash);
 * - `not_a_record`: JSON that is not a decision-log record; `unknown_version`: a `recordVersion` this reader does not know;
 * - `hash_mismatch`: the record was edited; `link_mismatch`: its `prev` is not the previous record's hash (inserted or replaced);
 * - `seq_gap`: records are missing before it (deleted); `seq_repeat`: its seq was seen already (reordered or duplicated);
 * - `chain_start`: the first record of a chain is not seq 1 (earlier records missing; allowed with `partial`);
 * - `checkpoint_invalid`: a checkpoint whose MAC does not verify under the checkpoint key;
 * - `too_many_chains`: a record of a chain beyond the first `maxChains` chains: not linked (its chain is not
 *   kept, so that a log of millions of one-record chains cannot exhaust memory).
 */
export type ChainProblemKind =
  | 'corrupt'
  | 'torn'
  | 'not_a_record'
  | 'unknown_version'
  | 'hash_mismatch'
  | 'link_mismatch'
  | 'seq_gap'
  | 'seq_repeat'
  | 'chain_start'
  | 'checkpoint_invalid'
  | 'too_many_chains';

/** One problem, where it is, and (for a chained record) which chain and seq. */
export interface ChainProblem extends LogPosition {
  readonly kind: ChainProblemKind;
  readonly chain: string | null;
  readonly seq: number | null;
}

/** One chain's state after the lines pushed so far. */
export interface ChainSummary {
  readonly id: string;
  readonly records: number;
  readonly checkpoints: number;
  /** Checkpoints whose MAC was checked (a checkpoint key was given) and held. */
  readonly checkpointsVerified: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** The first problem in this chain, or `null` when every link holds. */
  readonly firstBreak: ChainProblem | null;
}

/** What the verifier found: per chain, and the lines that belong to no chain. */
export interface ChainReport {
  readonly chains: readonly ChainSummary[];
  /** Problems of lines that could not be read as records (corrupt, torn, not a record, unknown version). */
  readonly unreadable: readonly ChainProblem[];
  /** Every problem, in the order found. At most `maxProblems` are kept; `problemCount` counts all. */
  readonly problems: readonly ChainProblem[];
  readonly problemCount: number;
  /** True when every chain is whole and every line was a record. */
  readonly whole: boolean;
}

/** Options of {@link createChainVerifier}. */
export interface ChainVerifierOptions {
  /** The checkpoint key; without it checkpoints are counted, not checked. Default none. */
  readonly checkpointKey?: string | Uint8Array;
  /** Accept chains that start after seq 1 (older files rotated away). Default `false`. */
  readonly partial?: boolean;
  /** How many problems are kept in the report (all are counted). Default 1000. */
  readonly maxProblems?: number;
  /**
   * How many distinct chains are kept (about 300 bytes each); a record of any further chain is the problem
   * `too_many_chains`. Default 100 000.
   */
  readonly maxChains?: number;
}

/** A push-style verifier of decision-log lines: feed lines in file order, then read the report. */
export interface ChainVerifier {
  /**
   * Checks one line and returns the record it holds, or `undefined` when it holds none. `last` marks the last
   * line of a file that did not end in a newline.
   */
  readonly push: (text: string, at: LogPosition, last?: boolean) => AuditRecord | undefined;
  /**
   * Takes a line already read and checked on its own by {@link checkLine} (perhaps in a worker thread) and
   * links it into its chain: `push(text, at, last)` is `pushChecked(checkLine(text, last), at)`. Lines must
   * still come in file order.
   */
  readonly pushChecked: (check: LineCheck, at: LogPosition) => void;
  readonly report: () => ChainReport;
}

interface ChainState {
  id: string;
  records: number;
  checkpoints: number;
  checkpointsVerified: number;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  firstBreak: ChainProblem | null;
}

function sameHex(a: string, b: string): boolean {
  // Compare bytes, not characters: a non-ASCII string of the same length has more bytes, and timingSafeEqual throws.
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Builds a verifier of decision-log hash chains. Each record must hash to its `hash`, link to the previous
 * record of its chain by `prev`, and follow it by exactly one `seq`; many chains (one per writer) may share
 * files. Streams: it keeps one small state per chain, never the records. Throws {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * const verifier = createChainVerifier();
 * lines.forEach((text, i) => verifier.push(text, { file: 'decisions.jsonl', line: i + 1 }));
 * verifier.report().whole; // true when nothing was edited, deleted, reordered or inserted
 * ```
 */
export function createChainVerifier(options: ChainVerifierOptions = {}): ChainVerifier {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { checkpointKey, partial = false, maxProblems = 1000, maxChains = 100_000 } = options;
  if (
    checkpointKey !== undefined &&
    (typeof checkpointKey === 'string' || checkpointKey instanceof Uint8Array
      ? checkpointKey.length < 16
      : true)
  ) {
    throw new ConfigError('checkpointKey', 'must be a secret of at least 16 characters or bytes');
  }
  if (!Number.isSafeInteger(maxProblems) || maxProblems < 0)
    throw new ConfigError('maxProblems', 'must be a non-negative integer');
  if (!Number.isSafeInteger(maxChains) || maxChains < 1)
    throw new ConfigError('maxChains', 'must be a positive integer');
  const chains = new Map<string, ChainState>();
  const problems: ChainProblem[] = [];
  const unreadable: ChainProblem[] = [];
  let problemCount = 0;

  const note = (problem: ChainProblem, state?: ChainState): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(problem);
    if (state !== undefined) state.firstBreak ??= problem;
    else if (problem.chain === null && unreadable.length < maxProblems) unreadable.push(problem);
  };

  function link(record: CheckedLink, at: LogPosition): void {
    const { id, seq, prev } = record;
    const problem = (kind: ChainProblemKind): ChainProblem => ({ ...at, kind, chain: id, seq });
    let state = chains.get(id);
    if (state === undefined && chains.size >= maxChains) {
      note(problem('too_many_chains'));
      return;
    }
    if (state === undefined) {
      state = {
        id,
        records: 0,
        checkpoints: 0,
        checkpointsVerified: 0,
        firstSeq: seq,
        lastSeq: seq - 1,
        lastHash: '',
        firstBreak: null,
      };
      chains.set(id, state);
      if ((seq !== 1 || prev !== null) && !partial) note(problem('chain_start'), state);
    } else if (seq <= state.lastSeq) note(problem('seq_repeat'), state);
    else if (seq > state.lastSeq + 1) note(problem('seq_gap'), state);
    else if (prev !== state.lastHash) note(problem('link_mismatch'), state);
    if (!record.sealed) note(problem('hash_mismatch'), state);
    if (record.kind === 'checkpoint') {
      state.checkpoints += 1;
      if (checkpointKey !== undefined) {
        if (sameHex(checkpointMac(checkpointKey, prev), record.mac ?? '')) state.checkpointsVerified += 1;
        else note(problem('checkpoint_invalid'), state);
      }
    } else state.records += 1;
    // Resynchronise on the record just seen, so one break is reported once, not at every later record.
    state.lastSeq = Math.max(state.lastSeq, seq);
    state.lastHash = record.hash;
  }

  function pushChecked(check: LineCheck, at: LogPosition): void {
    if ('link' in check) link(check.link, at);
    else note({ ...at, kind: check.problem, chain: null, seq: null });
  }

  return {
    push: (text, at, last = false) => {
      const checked = checkLine(text, last);
      pushChecked(checked, at);
      return 'record' in checked ? checked.record : undefined;
    },
    pushChecked,
    report: () => {
      const summaries = [...chains.values()].map(
        ({ lastHash: _h, ...summary }): ChainSummary => ({ ...summary }),
      );
      return {
        chains: summaries,
        unreadable: [...unreadable],
        problems: [...problems],
        problemCount,
        whole: problemCount === 0,
      };
    },
  };
}
