export { createReportAggregator } from './aggregate/createReportAggregator.js';
export type { ReportAggregator, ReportAggregatorOptions } from './aggregate/createReportAggregator.js';
export { renderHtml } from './render/renderHtml.js';
export { renderMarkdown } from './render/renderMarkdown.js';
export { REPORT_VERSION } from './reportTypes.js';
export type {
  BranchCoverage,
  CodeCoverage,
  CoverageReport,
  RuleCoverage,
  ShadowCoverage,
} from './coverageTypes.js';
export type {
  AuditReport,
  ChainEnds,
  NamedPolicy,
  PolicyUse,
  PrivacyUse,
  DecisionCounts,
  DelegationCounts,
  ExpiringConsent,
  IntegritySummary,
  LatencySummary,
  PartyCounts,
  ReasonCount,
  ReportInput,
  ShadowCounts,
  StaleKeyCounts,
  TimeBucket,
  UnreadableLine,
} from './reportTypes.js';
export { createPersonAggregator } from './person/createPersonAggregator.js';
export type { PersonAggregator, PersonAggregatorOptions } from './person/createPersonAggregator.js';
export { PERSON_REPORT_VERSION } from './person/personReportTypes.js';
export type { PersonDecision, PersonReason, PersonReport, PersonSearch } from './person/personReportTypes.js';
export { renderPersonHtml } from './render/renderPersonHtml.js';
export { renderPersonMarkdown } from './render/renderPersonMarkdown.js';
