export type { Result } from 'neverthrow';
// neverthrow's Result is part of the public types (KeySet.resolve, RuleResult): re-exported so that a custom
// key set or rule needs no dependency of its own.
export { err, ok } from 'neverthrow';
export type { AuditStats, AuditTrail, AuditTrailOptions, RecordResult } from './audit/auditTrailTypes.js';
export { callbackSink } from './audit/callbackSink.js';
export type {
  ChainProblem,
  ChainProblemKind,
  ChainReport,
  ChainSummary,
  ChainVerifier,
  ChainVerifierOptions,
  EpochStart,
  LogPosition,
  WitnessedCheckpoint,
} from './audit/chainVerifierTypes.js';
export type {
  CheckedLine,
  CheckedLink,
  CheckpointLink,
  LineCheck,
  UnreadableKind,
} from './audit/checkLine.js';
export { checkLine } from './audit/checkLine.js';
export { checkpointKeyId } from './audit/checkpointKeyId.js';
export { createAuditTrail } from './audit/createAuditTrail.js';
export { createChainVerifier } from './audit/createChainVerifier.js';
export type { RecordContext } from './audit/createDecisionRecord.js';
export { fileSink } from './audit/fileSink.js';
export type { FileSink, FileSinkOptions } from './audit/fileSinkTypes.js';
export type { PinoSinkOptions, RecordLogger } from './audit/pinoSink.js';
export { pinoSink } from './audit/pinoSink.js';
export type { PersonDataOptions } from './audit/protectPersonalData.js';
export { protectPersonalData } from './audit/protectPersonalData.js';
export type {
  AuditRecord,
  ChainLink,
  CheckpointRecord,
  ClaimSnapshot,
  DecisionRecord,
  RecordConsent,
  RecordOutcome,
  RecordPrivacy,
  RecordSubject,
  RecordTransport,
  TokenRecord,
  UnchainedRecord,
} from './audit/recordTypes.js';
export { RECORD_VERSION } from './audit/recordTypes.js';
export type { AuditSink, ChainHead } from './audit/sinkTypes.js';
export { streamSink } from './audit/streamSink.js';
export { witnessedCheckpoint } from './audit/witnessedCheckpoint.js';
export { checkOptionKeys } from './checkOptionKeys.js';
export type { RuleTreeProblem } from './checkRuleTree.js';
export { checkRuleTree } from './checkRuleTree.js';
export { all } from './combinators/all.js';
export { any } from './combinators/any.js';
export type { CombinatorOptions } from './combinators/node.js';
export { not } from './combinators/not.js';
export { when } from './combinators/when.js';
export { ConfigError } from './configError.js';
export type { ConsentStore, StoredConsent, TamperedConsent, TamperReason } from './consentStore.js';
export type { DefinePolicyOptions, Policy } from './definePolicy.js';
export { definePolicy } from './definePolicy.js';
export type { DefineRuleOptions } from './defineRule.js';
export { defineRule } from './defineRule.js';
export { createEngine } from './engine/createEngine.js';
export type {
  Decision,
  Engine,
  EngineOptions,
  RefusalReason,
  RequestInput,
  RuleErrorReport,
  TokenSource,
} from './engine/engineTypes.js';
export type { GuardEvent, GuardEventType } from './events.js';
export type { Algorithm } from './jwt/algorithms.js';
export type {
  KeyFailure,
  KeyResolution,
  KeySelector,
  KeySet,
  KeyState,
  VerificationKey,
} from './jwt/keySetTypes.js';
export type { LocalKeySetOptions } from './jwt/localKeySet.js';
export { localKeySet } from './jwt/localKeySet.js';
export type { RemoteKeySetOptions } from './jwt/remoteKeySet.js';
export { remoteKeySet } from './jwt/remoteKeySet.js';
export type { RolloverKeySetOptions } from './jwt/rolloverKeySet.js';
export { rolloverKeySet } from './jwt/rolloverKeySet.js';
export { verifyToken } from './jwt/verifyToken.js';
export type { TimeClaim, VerifiedToken, VerifyTokenOptions } from './jwt/verifyTokenTypes.js';
export { type MemoryConsentStoreOptions, memoryConsentStore } from './memoryConsentStore.js';
export { nearest } from './nearest.js';
export { normalizeAltinn2Consent } from './normalize/normalizeAltinn2Consent.js';
export { normalizeAltinn3Consent } from './normalize/normalizeAltinn3Consent.js';
export { normalizeMaskinporten } from './normalize/normalizeMaskinporten.js';
export type { CustomReasonCode, ReasonCode, VerdictCode } from './reasonCodes.js';
export { engineReasonCodes, reasonCodes } from './reasonCodes.js';
export { fail, pass } from './ruleResult.js';
export type {
  Claims,
  CodeDeclaration,
  CodeDeclarations,
  Consent,
  ConsentRight,
  Context,
  Fact,
  MaskinportenClaims,
  OrgRef,
  PersonFacts,
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
  VerdictToken,
  Violation,
  ViolationInput,
} from './types.js';
export { decisiveViolations } from './verdict/decisiveViolations.js';
export { isVerifiedClaims } from './verifiedClaims.js';
