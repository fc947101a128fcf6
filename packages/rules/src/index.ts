export type { AudienceRuleOptions } from './audienceRule.js';
export { audienceRule } from './audienceRule.js';
export { builtinRules } from './builtinRules.js';
export type { ClientAmrRuleOptions } from './clientAmrRule.js';
export { clientAmrRule } from './clientAmrRule.js';
export type {
  CollectCoverageOptions,
  CoverageTally,
  CoveredBranch,
  CoveredNode,
} from './collectCoverage.js';
export { collectCoverage } from './collectCoverage.js';
export type { ConsentIssuerRuleOptions } from './consentIssuerRule.js';
export { consentIssuerRule } from './consentIssuerRule.js';
export type { ConsentRequiredRuleOptions } from './consentRequiredRule.js';
export { consentRequiredRule } from './consentRequiredRule.js';
export type { ConsentServiceRuleOptions } from './consentServiceRule.js';
export { consentServiceRule } from './consentServiceRule.js';
export type { ConsentValidityRuleOptions } from './consentValidityRule.js';
export { consentValidityRule } from './consentValidityRule.js';
export type { ConsumerMatchesConsentRuleOptions } from './consumerMatchesConsentRule.js';
export { consumerMatchesConsentRule } from './consumerMatchesConsentRule.js';
export type { ConsumerRuleOptions } from './consumerRule.js';
export { consumerRule } from './consumerRule.js';
export type { CustomRuleFactory, CustomRuleSpec } from './customRule.js';
export { customRule } from './customRule.js';
export type { DelegationSourceRuleOptions } from './delegationSourceRule.js';
export { delegationSourceRule } from './delegationSourceRule.js';
export { describeReason } from './describeReason.js';
export type { Explainable, ExplainOptions } from './explain.js';
export { explain } from './explain.js';
export type {
  OrgnoInvalidReason,
  OrgnoResult,
  PersonIdInvalidReason,
  PersonIdKind,
  PersonIdOptions,
  PersonIdResult,
} from './identifiers/index.js';
export { parseOrgno, parsePersonId, personFacts, personIdFromFacts } from './identifiers/index.js';
export type { IssuerRuleOptions } from './issuerRule.js';
export { issuerRule } from './issuerRule.js';
export { loadPolicy } from './loadPolicy.js';
export type { LoadedPolicyFile } from './loadPolicyFile.js';
export { loadPolicyFile } from './loadPolicyFile.js';
export { loadPolicyTests } from './loadPolicyTests.js';
export type { LoadPolicyOptions, PolicySource } from './loadPolicyTypes.js';
export type { Language } from './messages.js';
export type { PersonRuleOptions } from './personRule.js';
export { personRule } from './personRule.js';
export type { PidRuleOptions } from './pidRule.js';
export { pidRule } from './pidRule.js';
export type { PolicyProblem } from './policyError.js';
export { PolicyError } from './policyError.js';
export type { ExtendingPolicyFile, PolicyFile, PolicyNode } from './policyFile.js';
export { policySchema } from './policySchema.js';
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
export { preset, presetNames } from './preset.js';
export type { Environment, Preset, PresetName, PresetOptions, Transport } from './presetTypes.js';
export type { RenderPolicyTestsOptions } from './renderPolicyTests.js';
export { renderPolicyTests } from './renderPolicyTests.js';
export type { OptionSchema, RuleBaseOptions, RuleFactory, RuleMeta } from './ruleKit.js';
export type { ScopeRuleOptions } from './scopeRule.js';
export { scopeRule } from './scopeRule.js';
export type { TestPolicyOptions } from './testPolicy.js';
export { testPolicy } from './testPolicy.js';
export type { TokenLifetimeRuleOptions } from './tokenLifetimeRule.js';
export { tokenLifetimeRule } from './tokenLifetimeRule.js';
export type { TokenTypeRuleOptions } from './tokenTypeRule.js';
export { tokenTypeRule } from './tokenTypeRule.js';
