export type { ConsentInput, ValidToStyle } from './altinnConsent.js';
export { altinn2Consent, altinn3Consent, isoWithOffset, legacyDate } from './altinnConsent.js';
export { BUILTIN_RULE_NAMES, buildBuiltin, builtinLeaf } from './builtinPolicy.js';
export { clockTolerance, EPOCH_MAX, EPOCH_MIN, futureOffset, now, skew } from './clock.js';
export type { CustomRulePlan, HostileBehaviour } from './customRules.js';
export { customRule, customRulePlan, HOSTILE_BEHAVIOURS, WRITE_TARGETS } from './customRules.js';
export type { FaultyRequest } from './faults.js';
export { everyFault, presetFault, singleFault } from './faults.js';
export { DEFAULT_NUM_RUNS, fcOptions, propertyTimeout } from './fcOptions.js';
export { base64urlSegment, hostile, jsonText, jwsHeader, tokenLike } from './junk.js';
export type { LeafBehaviour } from './leafRules.js';
export { expectedLeafStatus, LEAF_BEHAVIOURS, leafBehaviour, leafRule } from './leafRules.js';
export type { MaskinportenClaimsInput, MaskinportenShape } from './maskinportenClaims.js';
export { maskinportenClaims, orgRefOf } from './maskinportenClaims.js';
export {
  hasValidPersonChecksum,
  isValidOrgno,
  K1_WEIGHTS,
  K2_WEIGHTS,
  k1For,
  k2For,
  ORGNO_WEIGHTS,
  orgnoCheckDigit,
  weightedRest,
} from './mod11.js';
export type { InvalidOrgnoKind } from './orgno.js';
export { invalidOrgno, KNOWN_ORGNOS, validOrgno } from './orgno.js';
export type { GeneratedPersonId, InvalidPersonKind, PersonIdArbOptions, PersonKind } from './personId.js';
export { completePersonId, invalidPersonId, personId } from './personId.js';
export type { PolicySpec, PolicySpecOptions } from './policySpec.js';
export { accepted, buildable, buildRule, PASSING_LEAF, policySpec, reorder } from './policySpec.js';
export type { RequestPlan, SigningPlan, ValidRequestOptions } from './request.js';
export { validRequest } from './request.js';
export type { GeneratedScope } from './scopeClaim.js';
export { decoyScopes, grantingScope, SALDO_SCOPE, scopeClaim, UNICODE_SPACES } from './scopeClaim.js';
