import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../configError.js';
import { signatureHolds } from './chainHash.js';
import { type CheckedLink, checkLine, type LineCheck } from './checkLine.js';
import { keyIdOf, publicKeyOf } from './checkpointKeys.js';
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

interface ChainState {
  id: string;
  records: number;
  checkpoints: number;
  checkpointsVerified: number;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  epoch: number;
  epochStarts: EpochStart[];
  /** Decisions since the last (verified) checkpoint, and what that checkpoint promised. */
  tail: number;
  every: number | null;
  lastAt: LogPosition;
  firstBreak: ChainProblem | null;
}

interface Witnessed {
  readonly hash: string;
  readonly at: LogPosition;
  readonly seq: number;
  seen: boolean;
}

const witnessKey = (id: string, epoch: number, seq: number): string => `${id}\u0000${epoch}\u0000${seq}`;

function checkOptions(options: ChainVerifierOptions): KeyObject | undefined {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { maxProblems = 1000, maxGap, expectedChains, witness } = options;
  if (!Number.isSafeInteger(maxProblems) || maxProblems < 0)
    throw new ConfigError('maxProblems', 'must be a non-negative integer');
  const { maxChains = 100_000 } = options;
  if (!Number.isSafeInteger(maxChains) || maxChains < 1)
    throw new ConfigError('maxChains', 'must be a positive integer');
  if (maxGap !== undefined && (!Number.isSafeInteger(maxGap) || maxGap < 1))
    throw new ConfigError('maxGap', 'must be a positive integer');
  if (maxGap !== undefined && options.publicKey === undefined)
    throw new ConfigError('maxGap', 'goes with publicKey: without it checkpoints are not checked');
  if (
    expectedChains !== undefined &&
    (!Array.isArray(expectedChains) || expectedChains.some((c) => typeof c !== 'string'))
  )
    throw new ConfigError('expectedChains', 'must be a list of chain ids');
  if (witness !== undefined && !Array.isArray(witness)) throw new ConfigError('witness', 'must be a list');
  return options.publicKey === undefined ? undefined : publicKeyOf('publicKey', options.publicKey);
}

/**
 * Builds a verifier of decision-log hash chains. Each record must hash to its `hash` (over the line's exact
 * bytes), link to the previous record of its chain by `prev`, and follow it by exactly one `seq`; many chains
 * (one per writer) may share files. With a `publicKey` every chain must also be signed by its checkpoints;
 * `expectedChains` shows a chain deleted whole, `witness` a tail cut or a chain rewritten from its start.
 * Streams: it keeps one small state per chain, never the records. Throws {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * const verifier = createChainVerifier({ publicKey: readFileSync('checkpoint-public.pem', 'utf8') });
 * lines.forEach((text, i) => verifier.push(text, { file: 'decisions.jsonl', line: i + 1 }));
 * verifier.report().whole; // true when nothing was edited, deleted, reordered, inserted or left unsigned
 * ```
 */
export function createChainVerifier(options: ChainVerifierOptions = {}): ChainVerifier {
  const key = checkOptions(options);
  const {
    partial = false,
    maxProblems = 1000,
    maxChains = 100_000,
    maxGap,
    expectedChains = [],
    witness = [],
  } = options;
  const keyId = key === undefined ? null : keyIdOf(key);
  const chains = new Map<string, ChainState>();
  const problems: ChainProblem[] = [];
  const unreadable: ChainProblem[] = [];
  const witnessed = new Map<string, Witnessed>();
  let problemCount = 0;

  const note = (problem: ChainProblem, state?: ChainState): void => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(problem);
    if (state !== undefined) state.firstBreak ??= problem;
    else if (problem.chain === null && unreadable.length < maxProblems) unreadable.push(problem);
  };

  /** Whether a checkpoint is signed by the key given; without a key, nothing is checked. */
  const signed = (record: CheckedLink): boolean => {
    const signature = record.checkpoint?.signed;
    return (
      key !== undefined &&
      signature != null &&
      record.checkpoint?.keyId === keyId &&
      signatureHolds(signature.text, signature.signature, key)
    );
  };

  for (const { text, at } of witness) {
    const checked = checkLine(text);
    const link = 'link' in checked ? checked.link : undefined;
    if (
      link === undefined ||
      link.kind !== 'checkpoint' ||
      !link.sealed ||
      (key !== undefined && !signed(link))
    ) {
      note({ ...at, kind: 'witness_invalid', chain: link?.id ?? null, seq: link?.seq ?? null });
      continue;
    }
    witnessed.set(witnessKey(link.id, link.epoch, link.seq), {
      hash: link.hash,
      at,
      seq: link.seq,
      seen: false,
    });
  }

  function createChainState(record: CheckedLink, at: LogPosition): ChainState {
    const state: ChainState = {
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
    chains.set(record.id, state);
    return state;
  }

  /** The kind of break between the chain so far and this record, if any; an epoch start is none (it is reported). */
  function breakOf(
    record: CheckedLink,
    state: ChainState | undefined,
    at: LogPosition,
  ): ChainProblemKind | null {
    const { seq, prev, epoch } = record;
    const starts = seq === 1 && prev === null;
    if (state === undefined) return starts || partial ? null : 'chain_start';
    if (epoch > state.epoch) {
      state.epoch = epoch;
      state.lastSeq = 0;
      state.lastHash = '';
      state.epochStarts.push({ ...at, epoch, unsignedBefore: state.tail });
      return starts ? null : 'chain_start';
    }
    if (epoch < state.epoch) return 'link_mismatch';
    if (seq <= state.lastSeq) return 'seq_repeat';
    if (seq > state.lastSeq + 1) return 'seq_gap';
    if (prev !== state.lastHash) return 'link_mismatch';
    return null;
  }

  function checkpoint(record: CheckedLink, state: ChainState, at: LogPosition): void {
    const problem = (kind: ChainProblemKind): ChainProblem => ({
      ...at,
      kind,
      chain: record.id,
      seq: record.seq,
    });
    state.checkpoints += 1;
    const seen = witnessed.get(witnessKey(record.id, record.epoch, record.seq));
    if (seen !== undefined) {
      seen.seen = true;
      if (seen.hash !== record.hash) note(problem('witness_mismatch'), state);
    }
    if (key === undefined) {
      state.tail = 0;
      return;
    }
    if (!signed(record)) {
      note(problem('checkpoint_invalid'), state);
      return;
    }
    state.checkpointsVerified += 1;
    if (state.tail > (maxGap ?? record.checkpoint?.every ?? 0)) note(problem('checkpoint_gap'), state);
    state.tail = 0;
    state.every = record.checkpoint?.every ?? null;
  }

  function link(record: CheckedLink, at: LogPosition): void {
    const problem = (kind: ChainProblemKind): ChainProblem => ({
      ...at,
      kind,
      chain: record.id,
      seq: record.seq,
    });
    const known = chains.get(record.id);
    if (known === undefined && chains.size >= maxChains) {
      note(problem('too_many_chains'));
      return;
    }
    const epochs = known?.epochStarts.length;
    const broken = breakOf(record, known, at);
    const state = known ?? createChainState(record, at);
    if (broken !== null) note(problem(broken), state);
    if (epochs !== undefined && state.epochStarts.length > epochs) {
      // The previous epoch ended here: its unsigned tail is judged as a chain's last one is.
      if (key !== undefined && state.tail > (maxGap ?? state.every ?? 0))
        note(problem('unsigned_tail'), state);
      state.tail = 0;
    }
    if (!record.sealed) note(problem('hash_mismatch'), state);
    if (record.kind === 'checkpoint') checkpoint(record, state, at);
    else {
      state.records += 1;
      state.tail += 1;
    }
    // Resynchronise on the record just seen, so one break is reported once, not at every later record.
    state.lastSeq = Math.max(state.lastSeq, record.seq);
    state.lastHash = record.hash;
    state.lastAt = at;
  }

  function pushChecked(check: LineCheck, at: LogPosition): void {
    if ('link' in check) link(check.link, at);
    // note() lists a problem of no chain in `unreadable`.
    else note({ ...at, kind: check.problem, chain: null, seq: null });
  }

  /** The problems only the end shows: unsigned chains and tails, missing chains, witnessed checkpoints not seen. */
  function atTheEnd(): { readonly problem: ChainProblem; readonly chain?: ChainState | undefined }[] {
    const found: { problem: ChainProblem; chain?: ChainState | undefined }[] = [];
    const at = (s: ChainState, kind: ChainProblemKind) => ({
      ...s.lastAt,
      kind,
      chain: s.id,
      seq: s.lastSeq,
    });
    if (key !== undefined) {
      for (const s of chains.values()) {
        if (s.checkpointsVerified === 0) found.push({ problem: at(s, 'unsigned_chain'), chain: s });
        else if (s.tail > (maxGap ?? s.every ?? 0)) found.push({ problem: at(s, 'unsigned_tail'), chain: s });
      }
    }
    for (const id of expectedChains) {
      if (!chains.has(id))
        found.push({ problem: { file: '', line: 0, kind: 'chain_missing', chain: id, seq: null } });
    }
    for (const [k, w] of witnessed) {
      if (w.seen) continue;
      const id = k.slice(0, k.indexOf('\u0000'));
      found.push({
        problem: { ...w.at, kind: 'witness_missing', chain: id, seq: w.seq },
        chain: chains.get(id),
      });
    }
    return found;
  }

  return {
    push: (text, at, last = false) => {
      const checked = checkLine(text, last);
      pushChecked(checked, at);
      return 'record' in checked ? checked.record : undefined;
    },
    pushChecked,
    report: () => {
      const late = atTheEnd();
      const lateBreaks = new Map<ChainState, ChainProblem>();
      for (const { problem, chain } of late)
        if (chain !== undefined && !lateBreaks.has(chain)) lateBreaks.set(chain, problem);
      const summaries = [...chains.values()].map(
        ({
          lastHash: _h,
          epoch: _e,
          every: _v,
          lastAt: _a,
          epochStarts,
          firstBreak,
          ...summary
        }): ChainSummary => ({
          ...summary,
          epochStarts: [...epochStarts],
          firstBreak: firstBreak ?? lateBreaks.get(chains.get(summary.id) as ChainState) ?? null,
        }),
      );
      const all = [...problems, ...late.map((l) => l.problem)];
      const count = problemCount + late.length;
      return {
        chains: summaries,
        unreadable: [...unreadable],
        problems: all.slice(0, maxProblems),
        problemCount: count,
        keyId,
        whole: count === 0,
      };
    },
  };
}
