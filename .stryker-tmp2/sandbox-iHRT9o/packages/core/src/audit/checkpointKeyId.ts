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
import { type KeyObject, createPublicKey } from 'node:crypto';
import { ConfigError } from '../configError.js';
import { keyIdOf } from './checkpointKeys.js';

/**
 * The id of a checkpoint signing key: `ed25519:` and the first 32 hex digits of the sha256 of its public key
 * (SPKI, DER), as every checkpoint names the key that signed it. Takes the public or the private key, as a
 * KeyObject or PEM. Throws {@link ConfigError} for anything but an Ed25519 key.
 *
 * @example
 * ```ts
 * checkpointKeyId(readFileSync('checkpoint-public.pem', 'utf8')); // 'ed25519:3f2a…'
 * ```
 */
export function checkpointKeyId(key: KeyObject | string): string {
  if (stryMutAct_9fa48("167")) {
    {}
  } else {
    stryCov_9fa48("167");
    let made: KeyObject;
    try {
      if (stryMutAct_9fa48("168")) {
        {}
      } else {
        stryCov_9fa48("168");
        // createPublicKey derives from a private KeyObject but throws for a public one: take that as it is.
        made = (stryMutAct_9fa48("171") ? typeof key === 'object' && key !== null || key.type === 'public' : stryMutAct_9fa48("170") ? false : stryMutAct_9fa48("169") ? true : (stryCov_9fa48("169", "170", "171"), (stryMutAct_9fa48("173") ? typeof key === 'object' || key !== null : stryMutAct_9fa48("172") ? true : (stryCov_9fa48("172", "173"), (stryMutAct_9fa48("175") ? typeof key !== 'object' : stryMutAct_9fa48("174") ? true : (stryCov_9fa48("174", "175"), typeof key === (stryMutAct_9fa48("176") ? "" : (stryCov_9fa48("176"), 'object')))) && (stryMutAct_9fa48("178") ? key === null : stryMutAct_9fa48("177") ? true : (stryCov_9fa48("177", "178"), key !== null)))) && (stryMutAct_9fa48("180") ? key.type !== 'public' : stryMutAct_9fa48("179") ? true : (stryCov_9fa48("179", "180"), key.type === (stryMutAct_9fa48("181") ? "" : (stryCov_9fa48("181"), 'public')))))) ? key : createPublicKey(key);
      }
    } catch {
      if (stryMutAct_9fa48("182")) {
        {}
      } else {
        stryCov_9fa48("182");
        throw new ConfigError(stryMutAct_9fa48("183") ? "" : (stryCov_9fa48("183"), 'key'), stryMutAct_9fa48("184") ? "" : (stryCov_9fa48("184"), 'must be an Ed25519 key, a KeyObject or PEM text'));
      }
    }
    if (stryMutAct_9fa48("187") ? made.asymmetricKeyType === 'ed25519' : stryMutAct_9fa48("186") ? false : stryMutAct_9fa48("185") ? true : (stryCov_9fa48("185", "186", "187"), made.asymmetricKeyType !== (stryMutAct_9fa48("188") ? "" : (stryCov_9fa48("188"), 'ed25519')))) throw new ConfigError(stryMutAct_9fa48("189") ? "" : (stryCov_9fa48("189"), 'key'), stryMutAct_9fa48("190") ? "" : (stryCov_9fa48("190"), 'must be an Ed25519 key'));
    return keyIdOf(made);
  }
}