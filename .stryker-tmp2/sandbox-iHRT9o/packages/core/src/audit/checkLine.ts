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
import { lineIsSealed, signedPart } from './chainHash.js';
import { type AuditRecord, RECORD_VERSION } from './recordTypes.js';

/** Why a line holds no record: not JSON (`corrupt`; `torn` for a file's cut-short last line), not a record, or a version this reader does not know. */
export type UnreadableKind = 'corrupt' | 'torn' | 'not_a_record' | 'unknown_version';

/** What the chain's link check needs from one record: its place in its chain, its hash, and whether its line is sealed by that hash. */
export interface CheckedLink {
  readonly kind: 'decision' | 'checkpoint';
  readonly id: string;
  readonly seq: number;
  readonly prev: string | null;
  /** The chain's epoch (1 when the record names none). */
  readonly epoch: number;
  readonly hash: string;
  /** Whether the line's hash is the sha256 of the rest of its text. */
  readonly sealed: boolean;
  /** For a checkpoint: what it promises and what its signature is over; `null` for a decision. */
  readonly checkpoint: CheckpointLink | null;
}

/** What a checkpoint line holds for its verification. */
export interface CheckpointLink {
  /** Its `every` (the most decision records the writer puts between two checkpoints), `null` when not a positive integer. */
  readonly every: number | null;
  readonly keyId: string | null;
  /** The signed text and the signature, `null` when the line carries no signature (an HMAC checkpoint of older versions). */
  readonly signed: {
    readonly text: string;
    readonly signature: string;
  } | null;
}

/** One line checked on its own (the part of verifying that needs no other line): why it holds no record, or its link. */
export type LineCheck = {
  readonly problem: UnreadableKind;
} | {
  readonly link: CheckedLink;
};

/** A {@link LineCheck} with the record it parsed to. */
export type CheckedLine = {
  readonly problem: UnreadableKind;
} | {
  readonly link: CheckedLink;
  readonly record: AuditRecord;
};
function isChained(value: unknown): value is AuditRecord {
  if (stryMutAct_9fa48("49")) {
    {}
  } else {
    stryCov_9fa48("49");
    if (stryMutAct_9fa48("52") ? (typeof value !== 'object' || value === null) && Array.isArray(value) : stryMutAct_9fa48("51") ? false : stryMutAct_9fa48("50") ? true : (stryCov_9fa48("50", "51", "52"), (stryMutAct_9fa48("54") ? typeof value !== 'object' && value === null : stryMutAct_9fa48("53") ? false : (stryCov_9fa48("53", "54"), (stryMutAct_9fa48("56") ? typeof value === 'object' : stryMutAct_9fa48("55") ? false : (stryCov_9fa48("55", "56"), typeof value !== (stryMutAct_9fa48("57") ? "" : (stryCov_9fa48("57"), 'object')))) || (stryMutAct_9fa48("59") ? value !== null : stryMutAct_9fa48("58") ? false : (stryCov_9fa48("58", "59"), value === null)))) || Array.isArray(value))) return stryMutAct_9fa48("60") ? true : (stryCov_9fa48("60"), false);
    const r = value as Partial<AuditRecord>;
    const chain = r.chain as Partial<AuditRecord['chain']> | undefined;
    return stryMutAct_9fa48("63") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') && typeof r.hash === 'string' && typeof chain === 'object' && chain !== null && typeof chain.id === 'string' && Number.isSafeInteger(chain.seq) && (chain.prev === null || typeof chain.prev === 'string') || chain.epoch === undefined || Number.isSafeInteger(chain.epoch) && chain.epoch as number >= 1 : stryMutAct_9fa48("62") ? false : stryMutAct_9fa48("61") ? true : (stryCov_9fa48("61", "62", "63"), (stryMutAct_9fa48("65") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') && typeof r.hash === 'string' && typeof chain === 'object' && chain !== null && typeof chain.id === 'string' && Number.isSafeInteger(chain.seq) || chain.prev === null || typeof chain.prev === 'string' : stryMutAct_9fa48("64") ? true : (stryCov_9fa48("64", "65"), (stryMutAct_9fa48("67") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') && typeof r.hash === 'string' && typeof chain === 'object' && chain !== null && typeof chain.id === 'string' || Number.isSafeInteger(chain.seq) : stryMutAct_9fa48("66") ? true : (stryCov_9fa48("66", "67"), (stryMutAct_9fa48("69") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') && typeof r.hash === 'string' && typeof chain === 'object' && chain !== null || typeof chain.id === 'string' : stryMutAct_9fa48("68") ? true : (stryCov_9fa48("68", "69"), (stryMutAct_9fa48("71") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') && typeof r.hash === 'string' && typeof chain === 'object' || chain !== null : stryMutAct_9fa48("70") ? true : (stryCov_9fa48("70", "71"), (stryMutAct_9fa48("73") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') && typeof r.hash === 'string' || typeof chain === 'object' : stryMutAct_9fa48("72") ? true : (stryCov_9fa48("72", "73"), (stryMutAct_9fa48("75") ? r.recordVersion === RECORD_VERSION && (r.kind === 'decision' || r.kind === 'checkpoint') || typeof r.hash === 'string' : stryMutAct_9fa48("74") ? true : (stryCov_9fa48("74", "75"), (stryMutAct_9fa48("77") ? r.recordVersion === RECORD_VERSION || r.kind === 'decision' || r.kind === 'checkpoint' : stryMutAct_9fa48("76") ? true : (stryCov_9fa48("76", "77"), (stryMutAct_9fa48("79") ? r.recordVersion !== RECORD_VERSION : stryMutAct_9fa48("78") ? true : (stryCov_9fa48("78", "79"), r.recordVersion === RECORD_VERSION)) && (stryMutAct_9fa48("81") ? r.kind === 'decision' && r.kind === 'checkpoint' : stryMutAct_9fa48("80") ? true : (stryCov_9fa48("80", "81"), (stryMutAct_9fa48("83") ? r.kind !== 'decision' : stryMutAct_9fa48("82") ? false : (stryCov_9fa48("82", "83"), r.kind === (stryMutAct_9fa48("84") ? "" : (stryCov_9fa48("84"), 'decision')))) || (stryMutAct_9fa48("86") ? r.kind !== 'checkpoint' : stryMutAct_9fa48("85") ? false : (stryCov_9fa48("85", "86"), r.kind === (stryMutAct_9fa48("87") ? "" : (stryCov_9fa48("87"), 'checkpoint')))))))) && (stryMutAct_9fa48("89") ? typeof r.hash !== 'string' : stryMutAct_9fa48("88") ? true : (stryCov_9fa48("88", "89"), typeof r.hash === (stryMutAct_9fa48("90") ? "" : (stryCov_9fa48("90"), 'string')))))) && (stryMutAct_9fa48("92") ? typeof chain !== 'object' : stryMutAct_9fa48("91") ? true : (stryCov_9fa48("91", "92"), typeof chain === (stryMutAct_9fa48("93") ? "" : (stryCov_9fa48("93"), 'object')))))) && (stryMutAct_9fa48("95") ? chain === null : stryMutAct_9fa48("94") ? true : (stryCov_9fa48("94", "95"), chain !== null)))) && (stryMutAct_9fa48("97") ? typeof chain.id !== 'string' : stryMutAct_9fa48("96") ? true : (stryCov_9fa48("96", "97"), typeof chain.id === (stryMutAct_9fa48("98") ? "" : (stryCov_9fa48("98"), 'string')))))) && Number.isSafeInteger(chain.seq))) && (stryMutAct_9fa48("100") ? chain.prev === null && typeof chain.prev === 'string' : stryMutAct_9fa48("99") ? true : (stryCov_9fa48("99", "100"), (stryMutAct_9fa48("102") ? chain.prev !== null : stryMutAct_9fa48("101") ? false : (stryCov_9fa48("101", "102"), chain.prev === null)) || (stryMutAct_9fa48("104") ? typeof chain.prev !== 'string' : stryMutAct_9fa48("103") ? false : (stryCov_9fa48("103", "104"), typeof chain.prev === (stryMutAct_9fa48("105") ? "" : (stryCov_9fa48("105"), 'string')))))))) && (stryMutAct_9fa48("107") ? chain.epoch === undefined && Number.isSafeInteger(chain.epoch) && chain.epoch as number >= 1 : stryMutAct_9fa48("106") ? true : (stryCov_9fa48("106", "107"), (stryMutAct_9fa48("109") ? chain.epoch !== undefined : stryMutAct_9fa48("108") ? false : (stryCov_9fa48("108", "109"), chain.epoch === undefined)) || (stryMutAct_9fa48("111") ? Number.isSafeInteger(chain.epoch) || chain.epoch as number >= 1 : stryMutAct_9fa48("110") ? false : (stryCov_9fa48("110", "111"), Number.isSafeInteger(chain.epoch) && (stryMutAct_9fa48("114") ? (chain.epoch as number) < 1 : stryMutAct_9fa48("113") ? chain.epoch as number > 1 : stryMutAct_9fa48("112") ? true : (stryCov_9fa48("112", "113", "114"), chain.epoch as number >= 1)))))));
  }
}
function parse(text: string): {
  value: unknown;
} | undefined {
  if (stryMutAct_9fa48("115")) {
    {}
  } else {
    stryCov_9fa48("115");
    try {
      if (stryMutAct_9fa48("116")) {
        {}
      } else {
        stryCov_9fa48("116");
        return stryMutAct_9fa48("117") ? {} : (stryCov_9fa48("117"), {
          value: JSON.parse(text)
        });
      }
    } catch {
      if (stryMutAct_9fa48("118")) {
        {}
      } else {
        stryCov_9fa48("118");
        return undefined;
      }
    }
  }
}

/**
 * Reads one decision-log line on its own: parses it, tells whether it is a record, and checks its seal (the
 * hash over its exact text). Lines are independent here, so many may be checked at once (in worker threads);
 * {@link ChainVerifier.pushChecked} then links the results in file order. `last` marks the last line of a
 * file that did not end in a newline. Never throws.
 *
 * @example
 * ```ts
 * const checked = checkLine(text);
 * verifier.pushChecked(checked, { file: 'decisions.jsonl', line: 1 });
 * ```
 */
export function checkLine(text: string, last = stryMutAct_9fa48("119") ? true : (stryCov_9fa48("119"), false)): CheckedLine {
  if (stryMutAct_9fa48("120")) {
    {}
  } else {
    stryCov_9fa48("120");
    const parsed = parse(text);
    if (stryMutAct_9fa48("123") ? parsed !== undefined : stryMutAct_9fa48("122") ? false : stryMutAct_9fa48("121") ? true : (stryCov_9fa48("121", "122", "123"), parsed === undefined)) return stryMutAct_9fa48("124") ? {} : (stryCov_9fa48("124"), {
      problem: last ? stryMutAct_9fa48("125") ? "" : (stryCov_9fa48("125"), 'torn') : stryMutAct_9fa48("126") ? "" : (stryCov_9fa48("126"), 'corrupt')
    });
    const {
      value
    } = parsed;
    if (stryMutAct_9fa48("129") ? typeof value === 'object' && value !== null || 'recordVersion' in value : stryMutAct_9fa48("128") ? false : stryMutAct_9fa48("127") ? true : (stryCov_9fa48("127", "128", "129"), (stryMutAct_9fa48("131") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("130") ? true : (stryCov_9fa48("130", "131"), (stryMutAct_9fa48("133") ? typeof value !== 'object' : stryMutAct_9fa48("132") ? true : (stryCov_9fa48("132", "133"), typeof value === (stryMutAct_9fa48("134") ? "" : (stryCov_9fa48("134"), 'object')))) && (stryMutAct_9fa48("136") ? value === null : stryMutAct_9fa48("135") ? true : (stryCov_9fa48("135", "136"), value !== null)))) && (stryMutAct_9fa48("137") ? "" : (stryCov_9fa48("137"), 'recordVersion')) in value)) {
      if (stryMutAct_9fa48("138")) {
        {}
      } else {
        stryCov_9fa48("138");
        if (stryMutAct_9fa48("141") ? (value as {
          recordVersion: unknown;
        }).recordVersion === RECORD_VERSION : stryMutAct_9fa48("140") ? false : stryMutAct_9fa48("139") ? true : (stryCov_9fa48("139", "140", "141"), (value as {
          recordVersion: unknown;
        }).recordVersion !== RECORD_VERSION)) return stryMutAct_9fa48("142") ? {} : (stryCov_9fa48("142"), {
          problem: stryMutAct_9fa48("143") ? "" : (stryCov_9fa48("143"), 'unknown_version')
        });
      }
    }
    if (stryMutAct_9fa48("146") ? false : stryMutAct_9fa48("145") ? true : stryMutAct_9fa48("144") ? isChained(value) : (stryCov_9fa48("144", "145", "146"), !isChained(value))) return stryMutAct_9fa48("147") ? {} : (stryCov_9fa48("147"), {
      problem: stryMutAct_9fa48("148") ? "" : (stryCov_9fa48("148"), 'not_a_record')
    });
    const {
      id,
      seq,
      prev,
      epoch = 1
    } = value.chain;
    const checkpoint = (stryMutAct_9fa48("151") ? value.kind !== 'checkpoint' : stryMutAct_9fa48("150") ? false : stryMutAct_9fa48("149") ? true : (stryCov_9fa48("149", "150", "151"), value.kind === (stryMutAct_9fa48("152") ? "" : (stryCov_9fa48("152"), 'checkpoint')))) ? checkpointOf(value, text) : null;
    const link = stryMutAct_9fa48("153") ? {} : (stryCov_9fa48("153"), {
      kind: value.kind,
      id,
      seq,
      prev,
      epoch,
      hash: value.hash,
      sealed: lineIsSealed(text),
      checkpoint
    });
    return stryMutAct_9fa48("154") ? {} : (stryCov_9fa48("154"), {
      link,
      record: value
    });
  }
}
function checkpointOf(value: object, text: string): CheckpointLink {
  if (stryMutAct_9fa48("155")) {
    {}
  } else {
    stryCov_9fa48("155");
    const {
      every,
      keyId
    } = value as {
      every?: unknown;
      keyId?: unknown;
    };
    return stryMutAct_9fa48("156") ? {} : (stryCov_9fa48("156"), {
      every: (stryMutAct_9fa48("159") ? Number.isSafeInteger(every) || every as number >= 1 : stryMutAct_9fa48("158") ? false : stryMutAct_9fa48("157") ? true : (stryCov_9fa48("157", "158", "159"), Number.isSafeInteger(every) && (stryMutAct_9fa48("162") ? (every as number) < 1 : stryMutAct_9fa48("161") ? every as number > 1 : stryMutAct_9fa48("160") ? true : (stryCov_9fa48("160", "161", "162"), every as number >= 1)))) ? every as number : null,
      keyId: (stryMutAct_9fa48("165") ? typeof keyId !== 'string' : stryMutAct_9fa48("164") ? false : stryMutAct_9fa48("163") ? true : (stryCov_9fa48("163", "164", "165"), typeof keyId === (stryMutAct_9fa48("166") ? "" : (stryCov_9fa48("166"), 'string')))) ? keyId : null,
      signed: signedPart(text)
    });
  }
}