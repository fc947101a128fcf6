import { type CheckedLink, checkLine, type UnreadableKind } from '@dsop-guard/core';
import { type DecisionFacts, readDecision } from './readDecision.js';

// Private: the per-line half of the report, which needs no other line: core's checkLine (parse, record or not,
// seal) and, for a decision, the few facts the sections count. Small and plain, so a worker thread can send it.

/** One line, read and checked: why it holds no record, or its chain link and (for a decision) its facts. */
export type ReportLine =
  | { readonly problem: UnreadableKind }
  | { readonly link: CheckedLink; readonly facts: DecisionFacts | null };

export function checkReportLine(text: string, last: boolean): ReportLine {
  const checked = checkLine(text, last);
  if ('problem' in checked) return checked;
  const facts = checked.link.kind === 'decision' ? readDecision(checked.record) : null;
  return { link: checked.link, facts };
}
