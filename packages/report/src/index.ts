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
