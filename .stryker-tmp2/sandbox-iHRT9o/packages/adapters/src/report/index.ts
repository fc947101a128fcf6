// @ts-nocheck
export { createReportAggregator } from './createReportAggregator.js';
export type { ReportAggregator, ReportAggregatorOptions } from './createReportAggregator.js';
export { renderHtml } from './renderHtml.js';
export { renderMarkdown } from './renderMarkdown.js';
export { REPORT_VERSION } from './reportTypes.js';
export type {
  AuditReport,
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
