// @ts-nocheck
export { DEFAULT_NUM_RUNS, fcOptions, propertyTimeout } from './fcOptions.js';
export {
  K1_WEIGHTS,
  K2_WEIGHTS,
  ORGNO_WEIGHTS,
  hasValidPersonChecksum,
  isValidOrgno,
  k1For,
  k2For,
  orgnoCheckDigit,
  weightedRest,
} from './mod11.js';
export { KNOWN_ORGNOS, invalidOrgno, validOrgno } from './orgno.js';
export type { InvalidOrgnoKind } from './orgno.js';
export { completePersonId, invalidPersonId, personId } from './personId.js';
export type { GeneratedPersonId, InvalidPersonKind, PersonIdArbOptions, PersonKind } from './personId.js';
export { EPOCH_MAX, EPOCH_MIN, clockTolerance, futureOffset, now, skew } from './clock.js';
export { SALDO_SCOPE, UNICODE_SPACES, decoyScopes, grantingScope, scopeClaim } from './scopeClaim.js';
export type { GeneratedScope } from './scopeClaim.js';
export { maskinportenClaims, orgRefOf } from './maskinportenClaims.js';
export type { MaskinportenClaimsInput, MaskinportenShape } from './maskinportenClaims.js';
export { altinn2Consent, altinn3Consent, isoWithOffset, legacyDate } from './altinnConsent.js';
export type { ConsentInput, ValidToStyle } from './altinnConsent.js';
export { validRequest } from './request.js';
export type { RequestPlan, SigningPlan, ValidRequestOptions } from './request.js';
export { everyFault, presetFault, singleFault } from './faults.js';
export type { FaultyRequest } from './faults.js';
export { base64urlSegment, hostile, jsonText, jwsHeader, tokenLike } from './junk.js';
export { LEAF_BEHAVIOURS, expectedLeafStatus, leafBehaviour, leafRule } from './leafRules.js';
export type { LeafBehaviour } from './leafRules.js';
export { PASSING_LEAF, accepted, buildRule, buildable, policySpec, reorder } from './policySpec.js';
export type { PolicySpec, PolicySpecOptions } from './policySpec.js';
export { BUILTIN_RULE_NAMES, buildBuiltin, builtinLeaf } from './builtinPolicy.js';
export { HOSTILE_BEHAVIOURS, WRITE_TARGETS, customRule, customRulePlan } from './customRules.js';
export type { CustomRulePlan, HostileBehaviour } from './customRules.js';
