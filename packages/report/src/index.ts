export type { ReportAggregator, ReportAggregatorOptions } from './aggregate/createReportAggregator.js';
export { createReportAggregator } from './aggregate/createReportAggregator.js';
export type {
  BranchCoverage,
  CodeCoverage,
  CoverageReport,
  RuleCoverage,
  ShadowCoverage,
} from './coverageTypes.js';
export type { PersonAggregator, PersonAggregatorOptions } from './person/createPersonAggregator.js';
export { createPersonAggregator } from './person/createPersonAggregator.js';
export type { PersonDecision, PersonReason, PersonReport, PersonSearch } from './person/personReportTypes.js';
export { PERSON_REPORT_VERSION } from './person/personReportTypes.js';
export { renderHtml } from './render/renderHtml.js';
export { renderMarkdown } from './render/renderMarkdown.js';
export { renderPersonHtml } from './render/renderPersonHtml.js';
export { renderPersonMarkdown } from './render/renderPersonMarkdown.js';
export type {
  AuditReport,
  AuditReportV1,
  ChainEnds,
  DecisionCounts,
  DelegationCounts,
  ExpiringConsent,
  IntegritySummary,
  LatencySummary,
  NamedPolicy,
  PartyCounts,
  PolicyUse,
  PrivacyUse,
  ReasonCount,
  ReportInput,
  ShadowCounts,
  StaleKeyCounts,
  StoredAuditReport,
  TimeBucket,
  UnreadableLine,
} from './reportTypes.js';
export { REPORT_VERSION } from './reportTypes.js';
