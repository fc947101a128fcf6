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
import { type KeyObject, createHash, sign, verify } from 'node:crypto';

// Private: how a record is sealed into its chain, shared by the writer and the verifier. A record's hash is the
// sha256 of its JSON text without `hash`; its line is that text with `"hash"` appended as the last member. The
// verifier hashes the line's own bytes (no parsing or canonical form needed), so any edit of a line shows,
// including one that re-serialises it with the same meaning. A checkpoint is signed the same way: Ed25519 over
// its JSON text without `signature` and `hash`, then `signature` and `hash` are appended.

const HASH_MEMBER = stryMutAct_9fa48("2") ? /,"hash":"([^0-9a-f]{64})"\}$/ : stryMutAct_9fa48("1") ? /,"hash":"([0-9a-f])"\}$/ : stryMutAct_9fa48("0") ? /,"hash":"([0-9a-f]{64})"\}/ : (stryCov_9fa48("0", "1", "2"), /,"hash":"([0-9a-f]{64})"\}$/);
/** `,"hash":"` + 64 hex digits + `"}`. */
const HASH_MEMBER_LENGTH = 75;
/** A checkpoint line's tail: its signature (an Ed25519 signature is 64 bytes: 86 base64 digits and `==`), then its hash. */
const SIGNED_TAIL = stryMutAct_9fa48("7") ? /,"signature":"([A-Za-z0-9+/]{86}==)","hash":"[^0-9a-f]{64}"\}$/ : stryMutAct_9fa48("6") ? /,"signature":"([A-Za-z0-9+/]{86}==)","hash":"[0-9a-f]"\}$/ : stryMutAct_9fa48("5") ? /,"signature":"([^A-Za-z0-9+/]{86}==)","hash":"[0-9a-f]{64}"\}$/ : stryMutAct_9fa48("4") ? /,"signature":"([A-Za-z0-9+/]==)","hash":"[0-9a-f]{64}"\}$/ : stryMutAct_9fa48("3") ? /,"signature":"([A-Za-z0-9+/]{86}==)","hash":"[0-9a-f]{64}"\}/ : (stryCov_9fa48("3", "4", "5", "6", "7"), /,"signature":"([A-Za-z0-9+/]{86}==)","hash":"[0-9a-f]{64}"\}$/);
/** What a checkpoint signature is over, before the checkpoint's text: no other kind of message can pass for one. */
const DOMAIN = stryMutAct_9fa48("8") ? "" : (stryCov_9fa48("8"), 'dsop-guard checkpoint 1\n');
const sha256 = stryMutAct_9fa48("9") ? () => undefined : (stryCov_9fa48("9"), (() => {
  const sha256 = (text: string): string => createHash(stryMutAct_9fa48("10") ? "" : (stryCov_9fa48("10"), 'sha256')).update(text).digest(stryMutAct_9fa48("11") ? "" : (stryCov_9fa48("11"), 'hex'));
  return sha256;
})());

/** The line of a record and its hash, from the record without `hash` (which must be a JSON object). */
export function sealRecord(body: object): {
  readonly line: string;
  readonly hash: string;
} {
  if (stryMutAct_9fa48("12")) {
    {}
  } else {
    stryCov_9fa48("12");
    return sealText(JSON.stringify(body));
  }
}
function sealText(text: string): {
  readonly line: string;
  readonly hash: string;
} {
  if (stryMutAct_9fa48("13")) {
    {}
  } else {
    stryCov_9fa48("13");
    const hash = sha256(text);
    return stryMutAct_9fa48("14") ? {} : (stryCov_9fa48("14"), {
      line: stryMutAct_9fa48("15") ? `` : (stryCov_9fa48("15"), `${stryMutAct_9fa48("16") ? text : (stryCov_9fa48("16"), text.slice(0, stryMutAct_9fa48("17") ? +1 : (stryCov_9fa48("17"), -1)))},"hash":"${hash}"}`),
      hash
    });
  }
}

/** Whether a line ends in its own hash: the `hash` member it claims equals the sha256 of the rest of it. */
export function lineIsSealed(line: string): boolean {
  if (stryMutAct_9fa48("18")) {
    {}
  } else {
    stryCov_9fa48("18");
    const claimed = stryMutAct_9fa48("19") ? HASH_MEMBER.exec(line)[1] : (stryCov_9fa48("19"), HASH_MEMBER.exec(line)?.[1]);
    return stryMutAct_9fa48("22") ? claimed !== undefined || sha256(`${line.slice(0, -HASH_MEMBER_LENGTH)}}`) === claimed : stryMutAct_9fa48("21") ? false : stryMutAct_9fa48("20") ? true : (stryCov_9fa48("20", "21", "22"), (stryMutAct_9fa48("24") ? claimed === undefined : stryMutAct_9fa48("23") ? true : (stryCov_9fa48("23", "24"), claimed !== undefined)) && (stryMutAct_9fa48("26") ? sha256(`${line.slice(0, -HASH_MEMBER_LENGTH)}}`) !== claimed : stryMutAct_9fa48("25") ? true : (stryCov_9fa48("25", "26"), sha256(stryMutAct_9fa48("27") ? `` : (stryCov_9fa48("27"), `${stryMutAct_9fa48("28") ? line : (stryCov_9fa48("28"), line.slice(0, stryMutAct_9fa48("29") ? +HASH_MEMBER_LENGTH : (stryCov_9fa48("29"), -HASH_MEMBER_LENGTH)))}}`)) === claimed)));
  }
}

/** The line and hash of a checkpoint: `body` (without `signature` and `hash`) signed with Ed25519, then sealed. */
export function signRecord(body: object, key: KeyObject): {
  readonly line: string;
  readonly hash: string;
} {
  if (stryMutAct_9fa48("30")) {
    {}
  } else {
    stryCov_9fa48("30");
    const text = JSON.stringify(body);
    const signature = sign(null, Buffer.from(stryMutAct_9fa48("31") ? DOMAIN - text : (stryCov_9fa48("31"), DOMAIN + text)), key).toString(stryMutAct_9fa48("32") ? "" : (stryCov_9fa48("32"), 'base64'));
    return sealText(stryMutAct_9fa48("33") ? `` : (stryCov_9fa48("33"), `${stryMutAct_9fa48("34") ? text : (stryCov_9fa48("34"), text.slice(0, stryMutAct_9fa48("35") ? +1 : (stryCov_9fa48("35"), -1)))},"signature":"${signature}"}`));
  }
}

/** The text a checkpoint line's signature is over and the signature, or `null` when the line carries none. */
export function signedPart(line: string): {
  readonly text: string;
  readonly signature: string;
} | null {
  if (stryMutAct_9fa48("36")) {
    {}
  } else {
    stryCov_9fa48("36");
    const found = SIGNED_TAIL.exec(line);
    if (stryMutAct_9fa48("39") ? found !== null : stryMutAct_9fa48("38") ? false : stryMutAct_9fa48("37") ? true : (stryCov_9fa48("37", "38", "39"), found === null)) return null;
    return stryMutAct_9fa48("40") ? {} : (stryCov_9fa48("40"), {
      text: stryMutAct_9fa48("41") ? `` : (stryCov_9fa48("41"), `${stryMutAct_9fa48("42") ? line : (stryCov_9fa48("42"), line.slice(0, found.index))}}`),
      signature: found[1] as string
    });
  }
}

/** Whether `signature` is `key`'s Ed25519 signature of a checkpoint's `text`. Never throws. */
export function signatureHolds(text: string, signature: string, key: KeyObject): boolean {
  if (stryMutAct_9fa48("43")) {
    {}
  } else {
    stryCov_9fa48("43");
    try {
      if (stryMutAct_9fa48("44")) {
        {}
      } else {
        stryCov_9fa48("44");
        return verify(null, Buffer.from(stryMutAct_9fa48("45") ? DOMAIN - text : (stryCov_9fa48("45"), DOMAIN + text)), key, Buffer.from(signature, stryMutAct_9fa48("46") ? "" : (stryCov_9fa48("46"), 'base64')));
      }
    } catch {
      if (stryMutAct_9fa48("47")) {
        {}
      } else {
        stryCov_9fa48("47");
        return stryMutAct_9fa48("48") ? true : (stryCov_9fa48("48"), false);
      }
    }
  }
}