// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../configError.js';
import { signatureHolds } from './chainHash.js';
import { type CheckedLink, type LineCheck, checkLine } from './checkLine.js';
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
export type ChainProblemKind = 'corrupt' | 'torn' | 'not_a_record' | 'unknown_version' | 'hash_mismatch' | 'link_mismatch' | 'seq_gap' | 'seq_repeat' | 'chain_start' | 'checkpoint_invalid' | 'checkpoint_gap' | 'unsigned_chain' | 'unsigned_tail' | 'chain_missing' | 'witness_mismatch' | 'witness_missing' | 'witness_invalid' | 'too_many_chains';

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
const witnessKey = stryMutAct_9fa48("261") ? () => undefined : (stryCov_9fa48("261"), (() => {
  const witnessKey = (id: string, epoch: number, seq: number): string => stryMutAct_9fa48("262") ? `` : (stryCov_9fa48("262"), `${id}\u0000${epoch}\u0000${seq}`);
  return witnessKey;
})());
function checkOptions(options: ChainVerifierOptions): KeyObject | undefined {
  if (stryMutAct_9fa48("263")) {
    {}
  } else {
    stryCov_9fa48("263");
    if (stryMutAct_9fa48("266") ? typeof options !== 'object' && options === null : stryMutAct_9fa48("265") ? false : stryMutAct_9fa48("264") ? true : (stryCov_9fa48("264", "265", "266"), (stryMutAct_9fa48("268") ? typeof options === 'object' : stryMutAct_9fa48("267") ? false : (stryCov_9fa48("267", "268"), typeof options !== (stryMutAct_9fa48("269") ? "" : (stryCov_9fa48("269"), 'object')))) || (stryMutAct_9fa48("271") ? options !== null : stryMutAct_9fa48("270") ? false : (stryCov_9fa48("270", "271"), options === null)))) throw new ConfigError(stryMutAct_9fa48("272") ? "" : (stryCov_9fa48("272"), 'options'), stryMutAct_9fa48("273") ? "" : (stryCov_9fa48("273"), 'must be an object'));
    const {
      maxProblems = 1000,
      maxGap,
      expectedChains,
      witness
    } = options;
    if (stryMutAct_9fa48("276") ? !Number.isSafeInteger(maxProblems) && maxProblems < 0 : stryMutAct_9fa48("275") ? false : stryMutAct_9fa48("274") ? true : (stryCov_9fa48("274", "275", "276"), (stryMutAct_9fa48("277") ? Number.isSafeInteger(maxProblems) : (stryCov_9fa48("277"), !Number.isSafeInteger(maxProblems))) || (stryMutAct_9fa48("280") ? maxProblems >= 0 : stryMutAct_9fa48("279") ? maxProblems <= 0 : stryMutAct_9fa48("278") ? false : (stryCov_9fa48("278", "279", "280"), maxProblems < 0)))) throw new ConfigError(stryMutAct_9fa48("281") ? "" : (stryCov_9fa48("281"), 'maxProblems'), stryMutAct_9fa48("282") ? "" : (stryCov_9fa48("282"), 'must be a non-negative integer'));
    const {
      maxChains = 100_000
    } = options;
    if (stryMutAct_9fa48("285") ? !Number.isSafeInteger(maxChains) && maxChains < 1 : stryMutAct_9fa48("284") ? false : stryMutAct_9fa48("283") ? true : (stryCov_9fa48("283", "284", "285"), (stryMutAct_9fa48("286") ? Number.isSafeInteger(maxChains) : (stryCov_9fa48("286"), !Number.isSafeInteger(maxChains))) || (stryMutAct_9fa48("289") ? maxChains >= 1 : stryMutAct_9fa48("288") ? maxChains <= 1 : stryMutAct_9fa48("287") ? false : (stryCov_9fa48("287", "288", "289"), maxChains < 1)))) throw new ConfigError(stryMutAct_9fa48("290") ? "" : (stryCov_9fa48("290"), 'maxChains'), stryMutAct_9fa48("291") ? "" : (stryCov_9fa48("291"), 'must be a positive integer'));
    if (stryMutAct_9fa48("294") ? maxGap !== undefined || !Number.isSafeInteger(maxGap) || maxGap < 1 : stryMutAct_9fa48("293") ? false : stryMutAct_9fa48("292") ? true : (stryCov_9fa48("292", "293", "294"), (stryMutAct_9fa48("296") ? maxGap === undefined : stryMutAct_9fa48("295") ? true : (stryCov_9fa48("295", "296"), maxGap !== undefined)) && (stryMutAct_9fa48("298") ? !Number.isSafeInteger(maxGap) && maxGap < 1 : stryMutAct_9fa48("297") ? true : (stryCov_9fa48("297", "298"), (stryMutAct_9fa48("299") ? Number.isSafeInteger(maxGap) : (stryCov_9fa48("299"), !Number.isSafeInteger(maxGap))) || (stryMutAct_9fa48("302") ? maxGap >= 1 : stryMutAct_9fa48("301") ? maxGap <= 1 : stryMutAct_9fa48("300") ? false : (stryCov_9fa48("300", "301", "302"), maxGap < 1)))))) throw new ConfigError(stryMutAct_9fa48("303") ? "" : (stryCov_9fa48("303"), 'maxGap'), stryMutAct_9fa48("304") ? "" : (stryCov_9fa48("304"), 'must be a positive integer'));
    if (stryMutAct_9fa48("307") ? maxGap !== undefined || options.publicKey === undefined : stryMutAct_9fa48("306") ? false : stryMutAct_9fa48("305") ? true : (stryCov_9fa48("305", "306", "307"), (stryMutAct_9fa48("309") ? maxGap === undefined : stryMutAct_9fa48("308") ? true : (stryCov_9fa48("308", "309"), maxGap !== undefined)) && (stryMutAct_9fa48("311") ? options.publicKey !== undefined : stryMutAct_9fa48("310") ? true : (stryCov_9fa48("310", "311"), options.publicKey === undefined)))) throw new ConfigError(stryMutAct_9fa48("312") ? "" : (stryCov_9fa48("312"), 'maxGap'), stryMutAct_9fa48("313") ? "" : (stryCov_9fa48("313"), 'goes with publicKey: without it checkpoints are not checked'));
    if (stryMutAct_9fa48("316") ? expectedChains !== undefined || !Array.isArray(expectedChains) || expectedChains.some(c => typeof c !== 'string') : stryMutAct_9fa48("315") ? false : stryMutAct_9fa48("314") ? true : (stryCov_9fa48("314", "315", "316"), (stryMutAct_9fa48("318") ? expectedChains === undefined : stryMutAct_9fa48("317") ? true : (stryCov_9fa48("317", "318"), expectedChains !== undefined)) && (stryMutAct_9fa48("320") ? !Array.isArray(expectedChains) && expectedChains.some(c => typeof c !== 'string') : stryMutAct_9fa48("319") ? true : (stryCov_9fa48("319", "320"), (stryMutAct_9fa48("321") ? Array.isArray(expectedChains) : (stryCov_9fa48("321"), !Array.isArray(expectedChains))) || (stryMutAct_9fa48("322") ? expectedChains.every(c => typeof c !== 'string') : (stryCov_9fa48("322"), expectedChains.some(stryMutAct_9fa48("323") ? () => undefined : (stryCov_9fa48("323"), c => stryMutAct_9fa48("326") ? typeof c === 'string' : stryMutAct_9fa48("325") ? false : stryMutAct_9fa48("324") ? true : (stryCov_9fa48("324", "325", "326"), typeof c !== (stryMutAct_9fa48("327") ? "" : (stryCov_9fa48("327"), 'string'))))))))))) throw new ConfigError(stryMutAct_9fa48("328") ? "" : (stryCov_9fa48("328"), 'expectedChains'), stryMutAct_9fa48("329") ? "" : (stryCov_9fa48("329"), 'must be a list of chain ids'));
    if (stryMutAct_9fa48("332") ? witness !== undefined || !Array.isArray(witness) : stryMutAct_9fa48("331") ? false : stryMutAct_9fa48("330") ? true : (stryCov_9fa48("330", "331", "332"), (stryMutAct_9fa48("334") ? witness === undefined : stryMutAct_9fa48("333") ? true : (stryCov_9fa48("333", "334"), witness !== undefined)) && (stryMutAct_9fa48("335") ? Array.isArray(witness) : (stryCov_9fa48("335"), !Array.isArray(witness))))) throw new ConfigError(stryMutAct_9fa48("336") ? "" : (stryCov_9fa48("336"), 'witness'), stryMutAct_9fa48("337") ? "" : (stryCov_9fa48("337"), 'must be a list'));
    return (stryMutAct_9fa48("340") ? options.publicKey !== undefined : stryMutAct_9fa48("339") ? false : stryMutAct_9fa48("338") ? true : (stryCov_9fa48("338", "339", "340"), options.publicKey === undefined)) ? undefined : publicKeyOf(stryMutAct_9fa48("341") ? "" : (stryCov_9fa48("341"), 'publicKey'), options.publicKey);
  }
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
  if (stryMutAct_9fa48("342")) {
    {}
  } else {
    stryCov_9fa48("342");
    const key = checkOptions(options);
    const {
      partial = stryMutAct_9fa48("343") ? true : (stryCov_9fa48("343"), false),
      maxProblems = 1000,
      maxChains = 100_000,
      maxGap,
      expectedChains = stryMutAct_9fa48("344") ? ["Stryker was here"] : (stryCov_9fa48("344"), []),
      witness = stryMutAct_9fa48("345") ? ["Stryker was here"] : (stryCov_9fa48("345"), [])
    } = options;
    const keyId = (stryMutAct_9fa48("348") ? key !== undefined : stryMutAct_9fa48("347") ? false : stryMutAct_9fa48("346") ? true : (stryCov_9fa48("346", "347", "348"), key === undefined)) ? null : keyIdOf(key);
    const chains = new Map<string, ChainState>();
    const problems: ChainProblem[] = stryMutAct_9fa48("349") ? ["Stryker was here"] : (stryCov_9fa48("349"), []);
    const unreadable: ChainProblem[] = stryMutAct_9fa48("350") ? ["Stryker was here"] : (stryCov_9fa48("350"), []);
    const witnessed = new Map<string, Witnessed>();
    let problemCount = 0;
    const note = (problem: ChainProblem, state?: ChainState): void => {
      if (stryMutAct_9fa48("351")) {
        {}
      } else {
        stryCov_9fa48("351");
        stryMutAct_9fa48("352") ? problemCount -= 1 : (stryCov_9fa48("352"), problemCount += 1);
        if (stryMutAct_9fa48("356") ? problems.length >= maxProblems : stryMutAct_9fa48("355") ? problems.length <= maxProblems : stryMutAct_9fa48("354") ? false : stryMutAct_9fa48("353") ? true : (stryCov_9fa48("353", "354", "355", "356"), problems.length < maxProblems)) problems.push(problem);
        if (stryMutAct_9fa48("359") ? state === undefined : stryMutAct_9fa48("358") ? false : stryMutAct_9fa48("357") ? true : (stryCov_9fa48("357", "358", "359"), state !== undefined)) stryMutAct_9fa48("360") ? state.firstBreak &&= problem : (stryCov_9fa48("360"), state.firstBreak ??= problem);else if (stryMutAct_9fa48("363") ? problem.chain === null || unreadable.length < maxProblems : stryMutAct_9fa48("362") ? false : stryMutAct_9fa48("361") ? true : (stryCov_9fa48("361", "362", "363"), (stryMutAct_9fa48("365") ? problem.chain !== null : stryMutAct_9fa48("364") ? true : (stryCov_9fa48("364", "365"), problem.chain === null)) && (stryMutAct_9fa48("368") ? unreadable.length >= maxProblems : stryMutAct_9fa48("367") ? unreadable.length <= maxProblems : stryMutAct_9fa48("366") ? true : (stryCov_9fa48("366", "367", "368"), unreadable.length < maxProblems)))) unreadable.push(problem);
      }
    };

    /** Whether a checkpoint is signed by the key given; without a key, nothing is checked. */
    const signed = (record: CheckedLink): boolean => {
      if (stryMutAct_9fa48("369")) {
        {}
      } else {
        stryCov_9fa48("369");
        const signature = stryMutAct_9fa48("370") ? record.checkpoint.signed : (stryCov_9fa48("370"), record.checkpoint?.signed);
        return stryMutAct_9fa48("373") ? key !== undefined && signature != null && record.checkpoint?.keyId === keyId || signatureHolds(signature.text, signature.signature, key) : stryMutAct_9fa48("372") ? false : stryMutAct_9fa48("371") ? true : (stryCov_9fa48("371", "372", "373"), (stryMutAct_9fa48("375") ? key !== undefined && signature != null || record.checkpoint?.keyId === keyId : stryMutAct_9fa48("374") ? true : (stryCov_9fa48("374", "375"), (stryMutAct_9fa48("377") ? key !== undefined || signature != null : stryMutAct_9fa48("376") ? true : (stryCov_9fa48("376", "377"), (stryMutAct_9fa48("379") ? key === undefined : stryMutAct_9fa48("378") ? true : (stryCov_9fa48("378", "379"), key !== undefined)) && (stryMutAct_9fa48("381") ? signature == null : stryMutAct_9fa48("380") ? true : (stryCov_9fa48("380", "381"), signature != null)))) && (stryMutAct_9fa48("383") ? record.checkpoint?.keyId !== keyId : stryMutAct_9fa48("382") ? true : (stryCov_9fa48("382", "383"), (stryMutAct_9fa48("384") ? record.checkpoint.keyId : (stryCov_9fa48("384"), record.checkpoint?.keyId)) === keyId)))) && signatureHolds(signature.text, signature.signature, key));
      }
    };
    for (const {
      text,
      at
    } of witness) {
      if (stryMutAct_9fa48("385")) {
        {}
      } else {
        stryCov_9fa48("385");
        const checked = checkLine(text);
        const link = (stryMutAct_9fa48("386") ? "" : (stryCov_9fa48("386"), 'link')) in checked ? checked.link : undefined;
        if (stryMutAct_9fa48("389") ? (link === undefined || link.kind !== 'checkpoint' || !link.sealed) && key !== undefined && !signed(link) : stryMutAct_9fa48("388") ? false : stryMutAct_9fa48("387") ? true : (stryCov_9fa48("387", "388", "389"), (stryMutAct_9fa48("391") ? (link === undefined || link.kind !== 'checkpoint') && !link.sealed : stryMutAct_9fa48("390") ? false : (stryCov_9fa48("390", "391"), (stryMutAct_9fa48("393") ? link === undefined && link.kind !== 'checkpoint' : stryMutAct_9fa48("392") ? false : (stryCov_9fa48("392", "393"), (stryMutAct_9fa48("395") ? link !== undefined : stryMutAct_9fa48("394") ? false : (stryCov_9fa48("394", "395"), link === undefined)) || (stryMutAct_9fa48("397") ? link.kind === 'checkpoint' : stryMutAct_9fa48("396") ? false : (stryCov_9fa48("396", "397"), link.kind !== (stryMutAct_9fa48("398") ? "" : (stryCov_9fa48("398"), 'checkpoint')))))) || (stryMutAct_9fa48("399") ? link.sealed : (stryCov_9fa48("399"), !link.sealed)))) || (stryMutAct_9fa48("401") ? key !== undefined || !signed(link) : stryMutAct_9fa48("400") ? false : (stryCov_9fa48("400", "401"), (stryMutAct_9fa48("403") ? key === undefined : stryMutAct_9fa48("402") ? true : (stryCov_9fa48("402", "403"), key !== undefined)) && (stryMutAct_9fa48("404") ? signed(link) : (stryCov_9fa48("404"), !signed(link))))))) {
          if (stryMutAct_9fa48("405")) {
            {}
          } else {
            stryCov_9fa48("405");
            note(stryMutAct_9fa48("406") ? {} : (stryCov_9fa48("406"), {
              ...at,
              kind: stryMutAct_9fa48("407") ? "" : (stryCov_9fa48("407"), 'witness_invalid'),
              chain: stryMutAct_9fa48("408") ? link?.id && null : (stryCov_9fa48("408"), (stryMutAct_9fa48("409") ? link.id : (stryCov_9fa48("409"), link?.id)) ?? null),
              seq: stryMutAct_9fa48("410") ? link?.seq && null : (stryCov_9fa48("410"), (stryMutAct_9fa48("411") ? link.seq : (stryCov_9fa48("411"), link?.seq)) ?? null)
            }));
            continue;
          }
        }
        witnessed.set(witnessKey(link.id, link.epoch, link.seq), stryMutAct_9fa48("412") ? {} : (stryCov_9fa48("412"), {
          hash: link.hash,
          at,
          seq: link.seq,
          seen: stryMutAct_9fa48("413") ? true : (stryCov_9fa48("413"), false)
        }));
      }
    }
    function stateOf(record: CheckedLink, at: LogPosition): ChainState {
      if (stryMutAct_9fa48("414")) {
        {}
      } else {
        stryCov_9fa48("414");
        const state: ChainState = stryMutAct_9fa48("415") ? {} : (stryCov_9fa48("415"), {
          id: record.id,
          records: 0,
          checkpoints: 0,
          checkpointsVerified: 0,
          firstSeq: record.seq,
          lastSeq: stryMutAct_9fa48("416") ? record.seq + 1 : (stryCov_9fa48("416"), record.seq - 1),
          lastHash: stryMutAct_9fa48("417") ? "Stryker was here!" : (stryCov_9fa48("417"), ''),
          epoch: record.epoch,
          epochStarts: (stryMutAct_9fa48("421") ? record.epoch <= 1 : stryMutAct_9fa48("420") ? record.epoch >= 1 : stryMutAct_9fa48("419") ? false : stryMutAct_9fa48("418") ? true : (stryCov_9fa48("418", "419", "420", "421"), record.epoch > 1)) ? stryMutAct_9fa48("422") ? [] : (stryCov_9fa48("422"), [stryMutAct_9fa48("423") ? {} : (stryCov_9fa48("423"), {
            ...at,
            epoch: record.epoch,
            unsignedBefore: 0
          })]) : stryMutAct_9fa48("424") ? ["Stryker was here"] : (stryCov_9fa48("424"), []),
          tail: 0,
          every: null,
          lastAt: at,
          firstBreak: null
        });
        chains.set(record.id, state);
        return state;
      }
    }

    /** The kind of break between the chain so far and this record, if any; an epoch start is none (it is reported). */
    function breakOf(record: CheckedLink, state: ChainState | undefined, at: LogPosition): ChainProblemKind | null {
      if (stryMutAct_9fa48("425")) {
        {}
      } else {
        stryCov_9fa48("425");
        const {
          seq,
          prev,
          epoch
        } = record;
        const starts = stryMutAct_9fa48("428") ? seq === 1 || prev === null : stryMutAct_9fa48("427") ? false : stryMutAct_9fa48("426") ? true : (stryCov_9fa48("426", "427", "428"), (stryMutAct_9fa48("430") ? seq !== 1 : stryMutAct_9fa48("429") ? true : (stryCov_9fa48("429", "430"), seq === 1)) && (stryMutAct_9fa48("432") ? prev !== null : stryMutAct_9fa48("431") ? true : (stryCov_9fa48("431", "432"), prev === null)));
        if (stryMutAct_9fa48("435") ? state !== undefined : stryMutAct_9fa48("434") ? false : stryMutAct_9fa48("433") ? true : (stryCov_9fa48("433", "434", "435"), state === undefined)) return (stryMutAct_9fa48("438") ? starts && partial : stryMutAct_9fa48("437") ? false : stryMutAct_9fa48("436") ? true : (stryCov_9fa48("436", "437", "438"), starts || partial)) ? null : stryMutAct_9fa48("439") ? "" : (stryCov_9fa48("439"), 'chain_start');
        if (stryMutAct_9fa48("443") ? epoch <= state.epoch : stryMutAct_9fa48("442") ? epoch >= state.epoch : stryMutAct_9fa48("441") ? false : stryMutAct_9fa48("440") ? true : (stryCov_9fa48("440", "441", "442", "443"), epoch > state.epoch)) {
          if (stryMutAct_9fa48("444")) {
            {}
          } else {
            stryCov_9fa48("444");
            state.epoch = epoch;
            state.lastSeq = 0;
            state.lastHash = stryMutAct_9fa48("445") ? "Stryker was here!" : (stryCov_9fa48("445"), '');
            state.epochStarts.push(stryMutAct_9fa48("446") ? {} : (stryCov_9fa48("446"), {
              ...at,
              epoch,
              unsignedBefore: state.tail
            }));
            return starts ? null : stryMutAct_9fa48("447") ? "" : (stryCov_9fa48("447"), 'chain_start');
          }
        }
        if (stryMutAct_9fa48("451") ? epoch >= state.epoch : stryMutAct_9fa48("450") ? epoch <= state.epoch : stryMutAct_9fa48("449") ? false : stryMutAct_9fa48("448") ? true : (stryCov_9fa48("448", "449", "450", "451"), epoch < state.epoch)) return stryMutAct_9fa48("452") ? "" : (stryCov_9fa48("452"), 'link_mismatch');
        if (stryMutAct_9fa48("456") ? seq > state.lastSeq : stryMutAct_9fa48("455") ? seq < state.lastSeq : stryMutAct_9fa48("454") ? false : stryMutAct_9fa48("453") ? true : (stryCov_9fa48("453", "454", "455", "456"), seq <= state.lastSeq)) return stryMutAct_9fa48("457") ? "" : (stryCov_9fa48("457"), 'seq_repeat');
        if (stryMutAct_9fa48("461") ? seq <= state.lastSeq + 1 : stryMutAct_9fa48("460") ? seq >= state.lastSeq + 1 : stryMutAct_9fa48("459") ? false : stryMutAct_9fa48("458") ? true : (stryCov_9fa48("458", "459", "460", "461"), seq > (stryMutAct_9fa48("462") ? state.lastSeq - 1 : (stryCov_9fa48("462"), state.lastSeq + 1)))) return stryMutAct_9fa48("463") ? "" : (stryCov_9fa48("463"), 'seq_gap');
        if (stryMutAct_9fa48("466") ? prev === state.lastHash : stryMutAct_9fa48("465") ? false : stryMutAct_9fa48("464") ? true : (stryCov_9fa48("464", "465", "466"), prev !== state.lastHash)) return stryMutAct_9fa48("467") ? "" : (stryCov_9fa48("467"), 'link_mismatch');
        return null;
      }
    }
    function checkpoint(record: CheckedLink, state: ChainState, at: LogPosition): void {
      if (stryMutAct_9fa48("468")) {
        {}
      } else {
        stryCov_9fa48("468");
        const problem = stryMutAct_9fa48("469") ? () => undefined : (stryCov_9fa48("469"), (() => {
          const problem = (kind: ChainProblemKind): ChainProblem => stryMutAct_9fa48("470") ? {} : (stryCov_9fa48("470"), {
            ...at,
            kind,
            chain: record.id,
            seq: record.seq
          });
          return problem;
        })());
        stryMutAct_9fa48("471") ? state.checkpoints -= 1 : (stryCov_9fa48("471"), state.checkpoints += 1);
        const seen = witnessed.get(witnessKey(record.id, record.epoch, record.seq));
        if (stryMutAct_9fa48("474") ? seen === undefined : stryMutAct_9fa48("473") ? false : stryMutAct_9fa48("472") ? true : (stryCov_9fa48("472", "473", "474"), seen !== undefined)) {
          if (stryMutAct_9fa48("475")) {
            {}
          } else {
            stryCov_9fa48("475");
            seen.seen = stryMutAct_9fa48("476") ? false : (stryCov_9fa48("476"), true);
            if (stryMutAct_9fa48("479") ? seen.hash === record.hash : stryMutAct_9fa48("478") ? false : stryMutAct_9fa48("477") ? true : (stryCov_9fa48("477", "478", "479"), seen.hash !== record.hash)) note(problem(stryMutAct_9fa48("480") ? "" : (stryCov_9fa48("480"), 'witness_mismatch')), state);
          }
        }
        if (stryMutAct_9fa48("483") ? key !== undefined : stryMutAct_9fa48("482") ? false : stryMutAct_9fa48("481") ? true : (stryCov_9fa48("481", "482", "483"), key === undefined)) {
          if (stryMutAct_9fa48("484")) {
            {}
          } else {
            stryCov_9fa48("484");
            state.tail = 0;
            return;
          }
        }
        if (stryMutAct_9fa48("487") ? false : stryMutAct_9fa48("486") ? true : stryMutAct_9fa48("485") ? signed(record) : (stryCov_9fa48("485", "486", "487"), !signed(record))) {
          if (stryMutAct_9fa48("488")) {
            {}
          } else {
            stryCov_9fa48("488");
            note(problem(stryMutAct_9fa48("489") ? "" : (stryCov_9fa48("489"), 'checkpoint_invalid')), state);
            return;
          }
        }
        stryMutAct_9fa48("490") ? state.checkpointsVerified -= 1 : (stryCov_9fa48("490"), state.checkpointsVerified += 1);
        if (stryMutAct_9fa48("494") ? state.tail <= (maxGap ?? record.checkpoint?.every ?? 0) : stryMutAct_9fa48("493") ? state.tail >= (maxGap ?? record.checkpoint?.every ?? 0) : stryMutAct_9fa48("492") ? false : stryMutAct_9fa48("491") ? true : (stryCov_9fa48("491", "492", "493", "494"), state.tail > (stryMutAct_9fa48("495") ? (maxGap ?? record.checkpoint?.every) && 0 : (stryCov_9fa48("495"), (stryMutAct_9fa48("496") ? maxGap && record.checkpoint?.every : (stryCov_9fa48("496"), maxGap ?? (stryMutAct_9fa48("497") ? record.checkpoint.every : (stryCov_9fa48("497"), record.checkpoint?.every)))) ?? 0)))) note(problem(stryMutAct_9fa48("498") ? "" : (stryCov_9fa48("498"), 'checkpoint_gap')), state);
        state.tail = 0;
        state.every = stryMutAct_9fa48("499") ? record.checkpoint?.every && null : (stryCov_9fa48("499"), (stryMutAct_9fa48("500") ? record.checkpoint.every : (stryCov_9fa48("500"), record.checkpoint?.every)) ?? null);
      }
    }
    function link(record: CheckedLink, at: LogPosition): void {
      if (stryMutAct_9fa48("501")) {
        {}
      } else {
        stryCov_9fa48("501");
        const problem = stryMutAct_9fa48("502") ? () => undefined : (stryCov_9fa48("502"), (() => {
          const problem = (kind: ChainProblemKind): ChainProblem => stryMutAct_9fa48("503") ? {} : (stryCov_9fa48("503"), {
            ...at,
            kind,
            chain: record.id,
            seq: record.seq
          });
          return problem;
        })());
        const known = chains.get(record.id);
        if (stryMutAct_9fa48("506") ? known === undefined || chains.size >= maxChains : stryMutAct_9fa48("505") ? false : stryMutAct_9fa48("504") ? true : (stryCov_9fa48("504", "505", "506"), (stryMutAct_9fa48("508") ? known !== undefined : stryMutAct_9fa48("507") ? true : (stryCov_9fa48("507", "508"), known === undefined)) && (stryMutAct_9fa48("511") ? chains.size < maxChains : stryMutAct_9fa48("510") ? chains.size > maxChains : stryMutAct_9fa48("509") ? true : (stryCov_9fa48("509", "510", "511"), chains.size >= maxChains)))) {
          if (stryMutAct_9fa48("512")) {
            {}
          } else {
            stryCov_9fa48("512");
            note(problem(stryMutAct_9fa48("513") ? "" : (stryCov_9fa48("513"), 'too_many_chains')));
            return;
          }
        }
        const epochs = stryMutAct_9fa48("514") ? known.epochStarts.length : (stryCov_9fa48("514"), known?.epochStarts.length);
        const broken = breakOf(record, known, at);
        const state = stryMutAct_9fa48("515") ? known && stateOf(record, at) : (stryCov_9fa48("515"), known ?? stateOf(record, at));
        if (stryMutAct_9fa48("518") ? broken === null : stryMutAct_9fa48("517") ? false : stryMutAct_9fa48("516") ? true : (stryCov_9fa48("516", "517", "518"), broken !== null)) note(problem(broken), state);
        if (stryMutAct_9fa48("521") ? epochs !== undefined || state.epochStarts.length > epochs : stryMutAct_9fa48("520") ? false : stryMutAct_9fa48("519") ? true : (stryCov_9fa48("519", "520", "521"), (stryMutAct_9fa48("523") ? epochs === undefined : stryMutAct_9fa48("522") ? true : (stryCov_9fa48("522", "523"), epochs !== undefined)) && (stryMutAct_9fa48("526") ? state.epochStarts.length <= epochs : stryMutAct_9fa48("525") ? state.epochStarts.length >= epochs : stryMutAct_9fa48("524") ? true : (stryCov_9fa48("524", "525", "526"), state.epochStarts.length > epochs)))) {
          if (stryMutAct_9fa48("527")) {
            {}
          } else {
            stryCov_9fa48("527");
            // The previous epoch ended here: its unsigned tail is judged as a chain's last one is.
            if (stryMutAct_9fa48("530") ? key !== undefined || state.tail > (maxGap ?? state.every ?? 0) : stryMutAct_9fa48("529") ? false : stryMutAct_9fa48("528") ? true : (stryCov_9fa48("528", "529", "530"), (stryMutAct_9fa48("532") ? key === undefined : stryMutAct_9fa48("531") ? true : (stryCov_9fa48("531", "532"), key !== undefined)) && (stryMutAct_9fa48("535") ? state.tail <= (maxGap ?? state.every ?? 0) : stryMutAct_9fa48("534") ? state.tail >= (maxGap ?? state.every ?? 0) : stryMutAct_9fa48("533") ? true : (stryCov_9fa48("533", "534", "535"), state.tail > (stryMutAct_9fa48("536") ? (maxGap ?? state.every) && 0 : (stryCov_9fa48("536"), (stryMutAct_9fa48("537") ? maxGap && state.every : (stryCov_9fa48("537"), maxGap ?? state.every)) ?? 0)))))) note(problem(stryMutAct_9fa48("538") ? "" : (stryCov_9fa48("538"), 'unsigned_tail')), state);
            state.tail = 0;
          }
        }
        if (stryMutAct_9fa48("541") ? false : stryMutAct_9fa48("540") ? true : stryMutAct_9fa48("539") ? record.sealed : (stryCov_9fa48("539", "540", "541"), !record.sealed)) note(problem(stryMutAct_9fa48("542") ? "" : (stryCov_9fa48("542"), 'hash_mismatch')), state);
        if (stryMutAct_9fa48("545") ? record.kind !== 'checkpoint' : stryMutAct_9fa48("544") ? false : stryMutAct_9fa48("543") ? true : (stryCov_9fa48("543", "544", "545"), record.kind === (stryMutAct_9fa48("546") ? "" : (stryCov_9fa48("546"), 'checkpoint')))) checkpoint(record, state, at);else {
          if (stryMutAct_9fa48("547")) {
            {}
          } else {
            stryCov_9fa48("547");
            stryMutAct_9fa48("548") ? state.records -= 1 : (stryCov_9fa48("548"), state.records += 1);
            stryMutAct_9fa48("549") ? state.tail -= 1 : (stryCov_9fa48("549"), state.tail += 1);
          }
        }
        // Resynchronise on the record just seen, so one break is reported once, not at every later record.
        state.lastSeq = stryMutAct_9fa48("550") ? Math.min(state.lastSeq, record.seq) : (stryCov_9fa48("550"), Math.max(state.lastSeq, record.seq));
        state.lastHash = record.hash;
        state.lastAt = at;
      }
    }
    function pushChecked(check: LineCheck, at: LogPosition): void {
      if (stryMutAct_9fa48("551")) {
        {}
      } else {
        stryCov_9fa48("551");
        if (stryMutAct_9fa48("553") ? false : stryMutAct_9fa48("552") ? true : (stryCov_9fa48("552", "553"), (stryMutAct_9fa48("554") ? "" : (stryCov_9fa48("554"), 'link')) in check)) link(check.link, at);
        // note() lists a problem of no chain in `unreadable`.
        else note(stryMutAct_9fa48("555") ? {} : (stryCov_9fa48("555"), {
          ...at,
          kind: check.problem,
          chain: null,
          seq: null
        }));
      }
    }

    /** The problems only the end shows: unsigned chains and tails, missing chains, witnessed checkpoints not seen. */
    function atTheEnd(): {
      readonly problem: ChainProblem;
      readonly chain?: ChainState | undefined;
    }[] {
      if (stryMutAct_9fa48("556")) {
        {}
      } else {
        stryCov_9fa48("556");
        const found: {
          problem: ChainProblem;
          chain?: ChainState | undefined;
        }[] = stryMutAct_9fa48("557") ? ["Stryker was here"] : (stryCov_9fa48("557"), []);
        const at = stryMutAct_9fa48("558") ? () => undefined : (stryCov_9fa48("558"), (() => {
          const at = (s: ChainState, kind: ChainProblemKind) => stryMutAct_9fa48("559") ? {} : (stryCov_9fa48("559"), {
            ...s.lastAt,
            kind,
            chain: s.id,
            seq: s.lastSeq
          });
          return at;
        })());
        if (stryMutAct_9fa48("562") ? key === undefined : stryMutAct_9fa48("561") ? false : stryMutAct_9fa48("560") ? true : (stryCov_9fa48("560", "561", "562"), key !== undefined)) {
          if (stryMutAct_9fa48("563")) {
            {}
          } else {
            stryCov_9fa48("563");
            for (const s of chains.values()) {
              if (stryMutAct_9fa48("564")) {
                {}
              } else {
                stryCov_9fa48("564");
                if (stryMutAct_9fa48("567") ? s.checkpointsVerified !== 0 : stryMutAct_9fa48("566") ? false : stryMutAct_9fa48("565") ? true : (stryCov_9fa48("565", "566", "567"), s.checkpointsVerified === 0)) found.push(stryMutAct_9fa48("568") ? {} : (stryCov_9fa48("568"), {
                  problem: at(s, stryMutAct_9fa48("569") ? "" : (stryCov_9fa48("569"), 'unsigned_chain')),
                  chain: s
                }));else if (stryMutAct_9fa48("573") ? s.tail <= (maxGap ?? s.every ?? 0) : stryMutAct_9fa48("572") ? s.tail >= (maxGap ?? s.every ?? 0) : stryMutAct_9fa48("571") ? false : stryMutAct_9fa48("570") ? true : (stryCov_9fa48("570", "571", "572", "573"), s.tail > (stryMutAct_9fa48("574") ? (maxGap ?? s.every) && 0 : (stryCov_9fa48("574"), (stryMutAct_9fa48("575") ? maxGap && s.every : (stryCov_9fa48("575"), maxGap ?? s.every)) ?? 0)))) found.push(stryMutAct_9fa48("576") ? {} : (stryCov_9fa48("576"), {
                  problem: at(s, stryMutAct_9fa48("577") ? "" : (stryCov_9fa48("577"), 'unsigned_tail')),
                  chain: s
                }));
              }
            }
          }
        }
        for (const id of expectedChains) {
          if (stryMutAct_9fa48("578")) {
            {}
          } else {
            stryCov_9fa48("578");
            if (stryMutAct_9fa48("581") ? false : stryMutAct_9fa48("580") ? true : stryMutAct_9fa48("579") ? chains.has(id) : (stryCov_9fa48("579", "580", "581"), !chains.has(id))) found.push(stryMutAct_9fa48("582") ? {} : (stryCov_9fa48("582"), {
              problem: stryMutAct_9fa48("583") ? {} : (stryCov_9fa48("583"), {
                file: stryMutAct_9fa48("584") ? "Stryker was here!" : (stryCov_9fa48("584"), ''),
                line: 0,
                kind: stryMutAct_9fa48("585") ? "" : (stryCov_9fa48("585"), 'chain_missing'),
                chain: id,
                seq: null
              })
            }));
          }
        }
        for (const [k, w] of witnessed) {
          if (stryMutAct_9fa48("586")) {
            {}
          } else {
            stryCov_9fa48("586");
            if (stryMutAct_9fa48("588") ? false : stryMutAct_9fa48("587") ? true : (stryCov_9fa48("587", "588"), w.seen)) continue;
            const id = stryMutAct_9fa48("589") ? k : (stryCov_9fa48("589"), k.slice(0, k.indexOf(stryMutAct_9fa48("590") ? "" : (stryCov_9fa48("590"), '\u0000'))));
            found.push(stryMutAct_9fa48("591") ? {} : (stryCov_9fa48("591"), {
              problem: stryMutAct_9fa48("592") ? {} : (stryCov_9fa48("592"), {
                ...w.at,
                kind: stryMutAct_9fa48("593") ? "" : (stryCov_9fa48("593"), 'witness_missing'),
                chain: id,
                seq: w.seq
              }),
              chain: chains.get(id)
            }));
          }
        }
        return found;
      }
    }
    return stryMutAct_9fa48("594") ? {} : (stryCov_9fa48("594"), {
      push: (text, at, last = stryMutAct_9fa48("595") ? true : (stryCov_9fa48("595"), false)) => {
        if (stryMutAct_9fa48("596")) {
          {}
        } else {
          stryCov_9fa48("596");
          const checked = checkLine(text, last);
          pushChecked(checked, at);
          return (stryMutAct_9fa48("597") ? "" : (stryCov_9fa48("597"), 'record')) in checked ? checked.record : undefined;
        }
      },
      pushChecked,
      report: () => {
        if (stryMutAct_9fa48("598")) {
          {}
        } else {
          stryCov_9fa48("598");
          const late = atTheEnd();
          const lateBreaks = new Map<ChainState, ChainProblem>();
          for (const {
            problem,
            chain
          } of late) if (stryMutAct_9fa48("601") ? chain !== undefined || !lateBreaks.has(chain) : stryMutAct_9fa48("600") ? false : stryMutAct_9fa48("599") ? true : (stryCov_9fa48("599", "600", "601"), (stryMutAct_9fa48("603") ? chain === undefined : stryMutAct_9fa48("602") ? true : (stryCov_9fa48("602", "603"), chain !== undefined)) && (stryMutAct_9fa48("604") ? lateBreaks.has(chain) : (stryCov_9fa48("604"), !lateBreaks.has(chain))))) lateBreaks.set(chain, problem);
          const summaries = (stryMutAct_9fa48("605") ? [] : (stryCov_9fa48("605"), [...chains.values()])).map(stryMutAct_9fa48("606") ? () => undefined : (stryCov_9fa48("606"), ({
            lastHash: _h,
            epoch: _e,
            every: _v,
            lastAt: _a,
            epochStarts,
            firstBreak,
            ...summary
          }): ChainSummary => stryMutAct_9fa48("607") ? {} : (stryCov_9fa48("607"), {
            ...summary,
            epochStarts: stryMutAct_9fa48("608") ? [] : (stryCov_9fa48("608"), [...epochStarts]),
            firstBreak: stryMutAct_9fa48("609") ? (firstBreak ?? lateBreaks.get(chains.get(summary.id) as ChainState)) && null : (stryCov_9fa48("609"), (stryMutAct_9fa48("610") ? firstBreak && lateBreaks.get(chains.get(summary.id) as ChainState) : (stryCov_9fa48("610"), firstBreak ?? lateBreaks.get(chains.get(summary.id) as ChainState))) ?? null)
          })));
          const all = stryMutAct_9fa48("611") ? [] : (stryCov_9fa48("611"), [...problems, ...late.map(stryMutAct_9fa48("612") ? () => undefined : (stryCov_9fa48("612"), l => l.problem))]);
          const count = stryMutAct_9fa48("613") ? problemCount - late.length : (stryCov_9fa48("613"), problemCount + late.length);
          return stryMutAct_9fa48("614") ? {} : (stryCov_9fa48("614"), {
            chains: summaries,
            unreadable: stryMutAct_9fa48("615") ? [] : (stryCov_9fa48("615"), [...unreadable]),
            problems: stryMutAct_9fa48("616") ? all : (stryCov_9fa48("616"), all.slice(0, maxProblems)),
            problemCount: count,
            keyId,
            whole: stryMutAct_9fa48("619") ? count !== 0 : stryMutAct_9fa48("618") ? false : stryMutAct_9fa48("617") ? true : (stryCov_9fa48("617", "618", "619"), count === 0)
          });
        }
      }
    });
  }
}