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
import { type KeyObject, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { ConfigError } from '../configError.js';

// Private: the Ed25519 keys checkpoints are signed and verified with, checked once when a trail or a verifier
// is built. A writer holds the private key; readers hold the public key only, so no reader can forge.

/** An Ed25519 private key from a KeyObject or PEM text; a {@link ConfigError} naming `field` otherwise. */
export function privateKeyOf(field: string, key: unknown): KeyObject {
  if (stryMutAct_9fa48("191")) {
    {}
  } else {
    stryCov_9fa48("191");
    let made: KeyObject;
    try {
      if (stryMutAct_9fa48("192")) {
        {}
      } else {
        stryCov_9fa48("192");
        made = (stryMutAct_9fa48("195") ? typeof key === 'object' && key !== null || (key as KeyObject).type === 'private' : stryMutAct_9fa48("194") ? false : stryMutAct_9fa48("193") ? true : (stryCov_9fa48("193", "194", "195"), (stryMutAct_9fa48("197") ? typeof key === 'object' || key !== null : stryMutAct_9fa48("196") ? true : (stryCov_9fa48("196", "197"), (stryMutAct_9fa48("199") ? typeof key !== 'object' : stryMutAct_9fa48("198") ? true : (stryCov_9fa48("198", "199"), typeof key === (stryMutAct_9fa48("200") ? "" : (stryCov_9fa48("200"), 'object')))) && (stryMutAct_9fa48("202") ? key === null : stryMutAct_9fa48("201") ? true : (stryCov_9fa48("201", "202"), key !== null)))) && (stryMutAct_9fa48("204") ? (key as KeyObject).type !== 'private' : stryMutAct_9fa48("203") ? true : (stryCov_9fa48("203", "204"), (key as KeyObject).type === (stryMutAct_9fa48("205") ? "" : (stryCov_9fa48("205"), 'private')))))) ? key as KeyObject : createPrivateKey(key as string);
      }
    } catch {
      if (stryMutAct_9fa48("206")) {
        {}
      } else {
        stryCov_9fa48("206");
        throw new ConfigError(field, stryMutAct_9fa48("207") ? "" : (stryCov_9fa48("207"), 'must be an Ed25519 private key, a KeyObject or PEM text'));
      }
    }
    if (stryMutAct_9fa48("210") ? made.asymmetricKeyType === 'ed25519' : stryMutAct_9fa48("209") ? false : stryMutAct_9fa48("208") ? true : (stryCov_9fa48("208", "209", "210"), made.asymmetricKeyType !== (stryMutAct_9fa48("211") ? "" : (stryCov_9fa48("211"), 'ed25519')))) throw new ConfigError(field, stryMutAct_9fa48("212") ? "" : (stryCov_9fa48("212"), 'must be an Ed25519 private key'));
    return made;
  }
}

/** An Ed25519 public key from a KeyObject or PEM text; a private key is refused (readers must not hold one). */
export function publicKeyOf(field: string, key: unknown): KeyObject {
  if (stryMutAct_9fa48("213")) {
    {}
  } else {
    stryCov_9fa48("213");
    if (stryMutAct_9fa48("216") ? typeof key === 'string' && key.includes('PRIVATE KEY') && (key as KeyObject)?.type === 'private' : stryMutAct_9fa48("215") ? false : stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214", "215", "216"), (stryMutAct_9fa48("218") ? typeof key === 'string' || key.includes('PRIVATE KEY') : stryMutAct_9fa48("217") ? false : (stryCov_9fa48("217", "218"), (stryMutAct_9fa48("220") ? typeof key !== 'string' : stryMutAct_9fa48("219") ? true : (stryCov_9fa48("219", "220"), typeof key === (stryMutAct_9fa48("221") ? "" : (stryCov_9fa48("221"), 'string')))) && key.includes(stryMutAct_9fa48("222") ? "" : (stryCov_9fa48("222"), 'PRIVATE KEY')))) || (stryMutAct_9fa48("224") ? (key as KeyObject)?.type !== 'private' : stryMutAct_9fa48("223") ? false : (stryCov_9fa48("223", "224"), (stryMutAct_9fa48("225") ? (key as KeyObject).type : (stryCov_9fa48("225"), (key as KeyObject)?.type)) === (stryMutAct_9fa48("226") ? "" : (stryCov_9fa48("226"), 'private')))))) throw new ConfigError(field, stryMutAct_9fa48("227") ? "" : (stryCov_9fa48("227"), 'give the public key: a reader must not hold the signing key'));
    let made: KeyObject;
    try {
      if (stryMutAct_9fa48("228")) {
        {}
      } else {
        stryCov_9fa48("228");
        // createPublicKey takes a private KeyObject (and derives) but throws for a public one: take that as it is.
        made = (stryMutAct_9fa48("231") ? typeof key === 'object' && key !== null || (key as KeyObject).type === 'public' : stryMutAct_9fa48("230") ? false : stryMutAct_9fa48("229") ? true : (stryCov_9fa48("229", "230", "231"), (stryMutAct_9fa48("233") ? typeof key === 'object' || key !== null : stryMutAct_9fa48("232") ? true : (stryCov_9fa48("232", "233"), (stryMutAct_9fa48("235") ? typeof key !== 'object' : stryMutAct_9fa48("234") ? true : (stryCov_9fa48("234", "235"), typeof key === (stryMutAct_9fa48("236") ? "" : (stryCov_9fa48("236"), 'object')))) && (stryMutAct_9fa48("238") ? key === null : stryMutAct_9fa48("237") ? true : (stryCov_9fa48("237", "238"), key !== null)))) && (stryMutAct_9fa48("240") ? (key as KeyObject).type !== 'public' : stryMutAct_9fa48("239") ? true : (stryCov_9fa48("239", "240"), (key as KeyObject).type === (stryMutAct_9fa48("241") ? "" : (stryCov_9fa48("241"), 'public')))))) ? key as KeyObject : createPublicKey(key as KeyObject | string);
      }
    } catch {
      if (stryMutAct_9fa48("242")) {
        {}
      } else {
        stryCov_9fa48("242");
        throw new ConfigError(field, stryMutAct_9fa48("243") ? "" : (stryCov_9fa48("243"), 'must be an Ed25519 public key, a KeyObject or PEM text'));
      }
    }
    if (stryMutAct_9fa48("246") ? made.asymmetricKeyType === 'ed25519' : stryMutAct_9fa48("245") ? false : stryMutAct_9fa48("244") ? true : (stryCov_9fa48("244", "245", "246"), made.asymmetricKeyType !== (stryMutAct_9fa48("247") ? "" : (stryCov_9fa48("247"), 'ed25519')))) throw new ConfigError(field, stryMutAct_9fa48("248") ? "" : (stryCov_9fa48("248"), 'must be an Ed25519 public key'));
    return made;
  }
}

/** `ed25519:` and the first 32 hex digits of the sha256 of the public key (SPKI, DER). */
export function keyIdOf(key: KeyObject): string {
  if (stryMutAct_9fa48("249")) {
    {}
  } else {
    stryCov_9fa48("249");
    const spki = ((stryMutAct_9fa48("252") ? key.type !== 'public' : stryMutAct_9fa48("251") ? false : stryMutAct_9fa48("250") ? true : (stryCov_9fa48("250", "251", "252"), key.type === (stryMutAct_9fa48("253") ? "" : (stryCov_9fa48("253"), 'public')))) ? key : createPublicKey(key)).export(stryMutAct_9fa48("254") ? {} : (stryCov_9fa48("254"), {
      type: stryMutAct_9fa48("255") ? "" : (stryCov_9fa48("255"), 'spki'),
      format: stryMutAct_9fa48("256") ? "" : (stryCov_9fa48("256"), 'der')
    }));
    return stryMutAct_9fa48("257") ? `` : (stryCov_9fa48("257"), `ed25519:${stryMutAct_9fa48("258") ? createHash('sha256').update(spki).digest('hex') : (stryCov_9fa48("258"), createHash(stryMutAct_9fa48("259") ? "" : (stryCov_9fa48("259"), 'sha256')).update(spki).digest(stryMutAct_9fa48("260") ? "" : (stryCov_9fa48("260"), 'hex')).slice(0, 32))}`);
  }
}