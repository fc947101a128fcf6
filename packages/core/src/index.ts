export { reasonCodes } from './reasonCodes.js';
export type { ReasonCode } from './reasonCodes.js';
export type {
  Claims,
  Consent,
  ConsentRight,
  Context,
  Fact,
  MaskinportenClaims,
  OrgRef,
  PolicyFacts,
  RequestFacts,
  Rule,
  RuleDescription,
  RuleMode,
  RuleOutcome,
  RuleResult,
  Subject,
  SystemUser,
  TokenFacts,
  Verdict,
  Violation,
  ViolationInput,
} from './types.js';
export { ConfigError } from './configError.js';
export { pass, fail } from './ruleResult.js';
export { defineRule } from './defineRule.js';
export type { DefineRuleOptions } from './defineRule.js';
export { all } from './combinators/all.js';
export { any } from './combinators/any.js';
export { not } from './combinators/not.js';
export { when } from './combinators/when.js';
export type { CombinatorOptions } from './combinators/node.js';
export { definePolicy } from './definePolicy.js';
export type { DefinePolicyOptions, Policy } from './definePolicy.js';
export { createEngine } from './createEngine.js';
export type { Engine, EngineOptions, RefusalReason, RequestInput, TokenSource } from './createEngine.js';
export type { ConsentStore, StoredConsent } from './consentStore.js';
export { memoryConsentStore, type MemoryConsentStoreOptions } from './memoryConsentStore.js';
export { verifyToken } from './jwt/verifyToken.js';
export type { TimeClaim, VerifiedToken, VerifyTokenOptions } from './jwt/verifyToken.js';
export { localKeySet } from './jwt/localKeySet.js';
export type { LocalKeySetOptions } from './jwt/localKeySet.js';
export { remoteKeySet } from './jwt/remoteKeySet.js';
export type { RemoteKeySetOptions } from './jwt/remoteKeySet.js';
export type { KeyFailure, KeySelector, KeySet, VerificationKey } from './jwt/keySetTypes.js';
export type { Algorithm } from './jwt/algorithms.js';
export { normalizeMaskinporten } from './normalize/normalizeMaskinporten.js';
export { normalizeAltinn2Consent } from './normalize/normalizeAltinn2Consent.js';
export { normalizeAltinn3Consent } from './normalize/normalizeAltinn3Consent.js';
export { protectPersonalData } from './audit/protectPersonalData.js';
export type { PersonDataOptions } from './audit/protectPersonalData.js';
