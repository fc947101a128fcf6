/**
 * The checkpoint record a line of a witness log holds, as JSON text for `createChainVerifier`'s `witness`: the
 * line itself when it is a checkpoint record (a second file or stream sink), or the member of it that is one
 * (a pino log: `decision`, or any other name). `undefined` for any other line. Never throws.
 *
 * @example
 * ```ts
 * const text = witnessedCheckpoint(line); // from `pino.log`, written by pinoSink(logger)
 * if (text !== undefined) witness.push({ text, at: { file: 'pino.log', line: n } });
 * ```
 */
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
export function witnessedCheckpoint(line: string): string | undefined {
  if (stryMutAct_9fa48("620")) {
    {}
  } else {
    stryCov_9fa48("620");
    if (stryMutAct_9fa48("623") ? false : stryMutAct_9fa48("622") ? true : stryMutAct_9fa48("621") ? line.includes('"checkpoint"') : (stryCov_9fa48("621", "622", "623"), !line.includes(stryMutAct_9fa48("624") ? "" : (stryCov_9fa48("624"), '"checkpoint"')))) return undefined;
    let value: unknown;
    try {
      if (stryMutAct_9fa48("625")) {
        {}
      } else {
        stryCov_9fa48("625");
        value = JSON.parse(line);
      }
    } catch {
      if (stryMutAct_9fa48("626")) {
        {}
      } else {
        stryCov_9fa48("626");
        return undefined;
      }
    }
    if (stryMutAct_9fa48("628") ? false : stryMutAct_9fa48("627") ? true : (stryCov_9fa48("627", "628"), isCheckpoint(value))) return line;
    if (stryMutAct_9fa48("631") ? typeof value !== 'object' && value === null : stryMutAct_9fa48("630") ? false : stryMutAct_9fa48("629") ? true : (stryCov_9fa48("629", "630", "631"), (stryMutAct_9fa48("633") ? typeof value === 'object' : stryMutAct_9fa48("632") ? false : (stryCov_9fa48("632", "633"), typeof value !== (stryMutAct_9fa48("634") ? "" : (stryCov_9fa48("634"), 'object')))) || (stryMutAct_9fa48("636") ? value !== null : stryMutAct_9fa48("635") ? false : (stryCov_9fa48("635", "636"), value === null)))) return undefined;
    const member = Object.values(value).find(isCheckpoint);
    return (stryMutAct_9fa48("639") ? member !== undefined : stryMutAct_9fa48("638") ? false : stryMutAct_9fa48("637") ? true : (stryCov_9fa48("637", "638", "639"), member === undefined)) ? undefined : JSON.stringify(member);
  }
}
function isCheckpoint(value: unknown): boolean {
  if (stryMutAct_9fa48("640")) {
    {}
  } else {
    stryCov_9fa48("640");
    return stryMutAct_9fa48("643") ? typeof value === 'object' && value !== null || (value as {
      kind?: unknown;
    }).kind === 'checkpoint' : stryMutAct_9fa48("642") ? false : stryMutAct_9fa48("641") ? true : (stryCov_9fa48("641", "642", "643"), (stryMutAct_9fa48("645") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("644") ? true : (stryCov_9fa48("644", "645"), (stryMutAct_9fa48("647") ? typeof value !== 'object' : stryMutAct_9fa48("646") ? true : (stryCov_9fa48("646", "647"), typeof value === (stryMutAct_9fa48("648") ? "" : (stryCov_9fa48("648"), 'object')))) && (stryMutAct_9fa48("650") ? value === null : stryMutAct_9fa48("649") ? true : (stryCov_9fa48("649", "650"), value !== null)))) && (stryMutAct_9fa48("652") ? (value as {
      kind?: unknown;
    }).kind !== 'checkpoint' : stryMutAct_9fa48("651") ? true : (stryCov_9fa48("651", "652"), (value as {
      kind?: unknown;
    }).kind === (stryMutAct_9fa48("653") ? "" : (stryCov_9fa48("653"), 'checkpoint')))));
  }
}