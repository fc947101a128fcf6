import type { AuditReport } from '../reportTypes.js';
import { counted, int, md, utc } from './format.js';
import { reportView } from './reportView.js';
import type { Cell, ViewSection, ViewTable } from './viewTypes.js';

function cell(value: Cell): string {
  if (typeof value === 'number') return int(value);
  return value === null ? '–' : md(value);
}

function table(t: ViewTable): string {
  if (t.rows.length === 0) return `${md(t.caption)}: none.\n`;
  const align = t.headers.map((_, i) => (typeof t.rows[0]?.[i] === 'number' ? '---:' : '---'));
  return [
    `**${md(t.caption)}**`,
    '',
    `| ${t.headers.map(md).join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
  ].join('\n');
}

/** One section as Markdown (private to the package: the person report is written with it too). */
export function markdownSection(s: ViewSection): string {
  const verdict = s.verdict === undefined ? [] : [`**Verdict: ${md(s.verdict.text)}**`, ''];
  const chart =
    s.chart === undefined ? [] : ['(Chart in index.html; the figures are in the table below.)', ''];
  return [
    `## ${md(s.title)}`,
    '',
    ...verdict,
    ...s.lines.map((l) => `${md(l)}\n`),
    ...chart,
    ...s.tables.map(table),
  ].join('\n');
}

/**
 * Renders an {@link AuditReport} as Markdown with the same sections, sentences and tables as the HTML report
 * (the charts' figures as tables). Every string from a record is escaped, so a crafted value can neither break a
 * table nor smuggle in a link or HTML.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('out/report.md', renderMarkdown(aggregator.result()));
 * ```
 */
export function renderMarkdown(report: AuditReport): string {
  const head = [
    report.replay === undefined ? '# dsop-guard audit report' : '# dsop-guard policy replay',
    '',
    `Generated ${md(utc(Date.parse(report.generatedAt) / 1000))} from ${counted(report.inputs.length, 'file')}, report version ${report.reportVersion}.`,
    '',
  ];
  return `${[...head, ...reportView(report).map(markdownSection)].join('\n').trimEnd()}\n`;
}
