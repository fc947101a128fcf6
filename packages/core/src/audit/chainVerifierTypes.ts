import type { KeyObject } from 'node:crypto';
import type { LineCheck } from './checkLine.js';
import type { AuditRecord } from './recordTypes.js';

// The chain verifier's public types: what it is given (its options, the lines' positions, what witnesses saw) and
// what it reports (problems, chains, epochs). createChainVerifier.ts builds it; these types are its vocabulary.

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
 * - `chain_start`: the first record of a chain (or of an epoch) is not seq 1 (earlier records missing; allowed with `partial`);
 * - with a public key: `checkpoint_invalid`: a checkpoint whose signature does not verify under it (an HMAC
 *   checkpoint of older versions is not signed); `checkpoint_gap`: more records between two checkpoints than
 *   the checkpoint promises (`every`, or `maxGap`); `unsigned_chain`: a chain without a checkpoint that
 *   verifies; `unsigned_tail`: more records after the last checkpoint than `every`;
 * - `chain_missing`: an expected chain has no record in the files;
 * - `witness_mismatch`: a checkpoint differs from the one a witness saw (the chain was rewritten);
 *   `witness_missing`: a witnessed checkpoint is not in the files (the tail was cut, or the chain deleted);
 *   `witness_invalid`: a witness line that is not a sealed (and, with a key, signed) checkpoint.
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
  | 'checkpoint_gap'
  | 'unsigned_chain'
  | 'unsigned_tail'
  | 'chain_missing'
  | 'witness_mismatch'
  | 'witness_missing'
  | 'witness_invalid'
  | 'too_many_chains';

/** One problem, where it is (line 0 for a chain that is missing altogether), and which chain and seq. */
export interface ChainProblem extends LogPosition {
  readonly kind: ChainProblemKind;
  readonly chain: string | null;
  readonly seq: number | null;
}

/** Where a chain started a new epoch (its writer could not trust where the chain stood). */
export interface EpochStart extends LogPosition {
  readonly epoch: number;
  /** Decision records the previous epoch ended with after its last (verified) checkpoint: unsigned. */
  readonly unsignedBefore: number;
}

/** One chain's state after the lines pushed so far. */
export interface ChainSummary {
  readonly id: string;
  readonly records: number;
  readonly checkpoints: number;
  /** Checkpoints whose signature was checked (a public key was given) and held. */
  readonly checkpointsVerified: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Decision records after the last checkpoint (with a public key: the last that verified). */
  readonly tail: number;
  /** Every epoch started after the chain's first record: never silent, always reported. */
  readonly epochStarts: readonly EpochStart[];
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
  /** The id of the public key checkpoints were verified with, `null` without one. */
  readonly keyId: string | null;
  /** True when every chain is whole and every line was a record. */
  readonly whole: boolean;
}

/** One checkpoint as a witness (another sink: pino, a callback) saw it: its record's JSON text, and where. */
export interface WitnessedCheckpoint {
  readonly text: string;
  readonly at: LogPosition;
}

/** Options of {@link createChainVerifier}. */
export interface ChainVerifierOptions {
  /**
   * The checkpoint signing key's public key (Ed25519, KeyObject or PEM). With it every chain must be signed: a
   * checkpoint that verifies, no more records between two checkpoints than they promise, and no more after
   * the last. Default none: checkpoints are counted, not checked, and the chain shows accidents, not an attacker.
   */
  readonly publicKey?: KeyObject | string;
  /** With `publicKey`: the most records allowed between two checkpoints and after the last, instead of their `every`. Default none. */
  readonly maxGap?: number;
  /** Chain ids that must be in the files (one per writer, e.g. `gw/w1`, `gw/w2`); a missing one is a problem. Default none. */
  readonly expectedChains?: readonly string[];
  /** Checkpoints a witness saw: each must be in the files with the same hash. Default none. */
  readonly witness?: readonly WitnessedCheckpoint[];
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
