export { issuerRule } from './issuerRule.js';
export type { IssuerRuleOptions } from './issuerRule.js';
export { consentIssuerRule } from './consentIssuerRule.js';
export type { ConsentIssuerRuleOptions } from './consentIssuerRule.js';
export { scopeRule } from './scopeRule.js';
export type { ScopeRuleOptions } from './scopeRule.js';
export { consumerRule } from './consumerRule.js';
export type { ConsumerRuleOptions } from './consumerRule.js';
export { consumerMatchesConsentRule } from './consumerMatchesConsentRule.js';
export type { ConsumerMatchesConsentRuleOptions } from './consumerMatchesConsentRule.js';
export { tokenLifetimeRule } from './tokenLifetimeRule.js';
export type { TokenLifetimeRuleOptions } from './tokenLifetimeRule.js';
export { consentValidityRule } from './consentValidityRule.js';
export type { ConsentValidityRuleOptions } from './consentValidityRule.js';
export { delegationSourceRule } from './delegationSourceRule.js';
export type { DelegationSourceRuleOptions } from './delegationSourceRule.js';
export { personRule } from './personRule.js';
export type { PersonRuleOptions } from './personRule.js';
export { consentServiceRule } from './consentServiceRule.js';
export type { ConsentServiceRuleOptions } from './consentServiceRule.js';
export { consentRequiredRule } from './consentRequiredRule.js';
export type { ConsentRequiredRuleOptions } from './consentRequiredRule.js';
export { tokenTypeRule } from './tokenTypeRule.js';
export type { TokenTypeRuleOptions } from './tokenTypeRule.js';
export { clientAmrRule } from './clientAmrRule.js';
export type { ClientAmrRuleOptions } from './clientAmrRule.js';
export { audienceRule } from './audienceRule.js';
export type { AudienceRuleOptions } from './audienceRule.js';
export { pidRule } from './pidRule.js';
export type { PidRuleOptions } from './pidRule.js';
export type { OptionSchema, RuleBaseOptions, RuleFactory, RuleMeta } from './ruleKit.js';
export { customRule } from './customRule.js';
export type { CustomRuleFactory, CustomRuleSpec } from './customRule.js';
export { builtinRules } from './builtinRules.js';
export { loadPolicy } from './loadPolicy.js';
export type { LoadPolicyOptions, PolicySource } from './loadPolicyTypes.js';
export type { ExtendingPolicyFile, PolicyFile, PolicyNode } from './policyFile.js';
export { PolicyError } from './policyError.js';
export type { PolicyProblem } from './policyError.js';
export { policySchema } from './policySchema.js';
export { preset, presetNames } from './preset.js';
export type { Environment, Preset, PresetName, PresetOptions, Transport } from './presetTypes.js';
export { explain } from './explain.js';
export type { Explainable, ExplainOptions } from './explain.js';
export { describeReason } from './describeReason.js';
export type { Language } from './messages.js';
export { parseOrgno, parsePersonId, personFacts, personIdFromFacts } from './identifiers/index.js';
export type {
  OrgnoInvalidReason,
  OrgnoResult,
  PersonIdInvalidReason,
  PersonIdKind,
  PersonIdOptions,
  PersonIdResult,
} from './identifiers/index.js';
export { loadPolicyTests } from './loadPolicyTests.js';
export { testPolicy } from './testPolicy.js';
export type { TestPolicyOptions } from './testPolicy.js';
export { renderPolicyTests } from './renderPolicyTests.js';
export type { RenderPolicyTestsOptions } from './renderPolicyTests.js';
export { policyTestsSchema } from './policyTestsSchema.js';
export type {
  CaseConsentToken,
  CaseMaskinportenToken,
  LocatedCase,
  NodeCoverage,
  OutcomeStatus,
  PolicyCoverage,
  PolicyTestActual,
  PolicyTestCase,
  PolicyTestExpectation,
  PolicyTestFile,
  PolicyTestMismatch,
  PolicyTestReport,
  PolicyTestResult,
  PolicyTests,
} from './policyTestTypes.js';
export { loadPolicyFile } from './loadPolicyFile.js';
export type { LoadedPolicyFile } from './loadPolicyFile.js';
