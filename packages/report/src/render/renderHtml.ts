import type { AuditReport } from '../reportTypes.js';
import { counted, html, int, utc } from './format.js';
import { reportView } from './reportView.js';
import { reasonsChart, replayChart, timelineChart } from './svgCharts.js';
import type { Cell, ViewSection, ViewTable } from './viewTypes.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light; --allow: #2e7d32; --deny: #c62828; --ink: #1b1b1b; --muted: #5f6368; --rule: #d0d4d9; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1000px; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); }
p.meta { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 0.2rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-size: 1.1rem; font-weight: 600; padding: 0.6rem 0.8rem; border-radius: 4px; }
.verdict.ok { background: #e8f5e9; color: #1b5e20; } .verdict.broken { background: #ffebee; color: #b71c1c; }
svg { max-width: 100%; height: auto; } svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.bar.allow { fill: var(--allow); } .bar.deny { fill: var(--deny); } .axis { stroke: var(--muted); }
details summary { cursor: pointer; color: var(--muted); }
`;

function cell(value: Cell, nb: boolean): string {
  const lang = nb ? ' lang="nb"' : '';
  if (typeof value === 'number') return `<td class="n">${int(value)}</td>`;
  return `<td${lang}>${value === null ? '–' : html(value)}</td>`;
}

function table(t: ViewTable): string {
  if (t.rows.length === 0) return `<p>${html(t.caption)}: none.</p>`;
  const head = t.headers.map((h) => `<th scope="col">${html(h)}</th>`).join('');
  const rows = t.rows.map(
    (r) => `<tr>${r.map((c, i) => cell(c, t.nbColumns?.includes(i) ?? false)).join('')}</tr>`,
  );
  const body = `<table><caption>${html(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return t.folded === true ? `<details><summary>${html(t.caption)} (table)</summary>${body}</details>` : body;
}

function section(s: ViewSection, report: AuditReport | undefined): string {
  const testid = s.testid === undefined ? '' : ` data-testid="${html(s.testid)}"`;
  const verdict =
    s.verdict === undefined
      ? ''
      : `<p class="verdict ${s.verdict.ok ? 'ok' : 'broken'}" data-testid="${html(s.verdict.testid)}">${html(s.verdict.text)}</p>`;
  const chart =
    report === undefined
      ? ''
      : s.chart === 'timeline'
        ? timelineChart(report.timeline)
        : s.chart === 'reasons'
          ? reasonsChart(report.reasons.top)
          : s.chart === 'replay' && report.replay !== undefined
            ? replayChart(report.replay)
            : '';
  const lines = s.lines.map((l) => `<p>${html(l)}</p>`).join('');
  return `<section id="${html(s.id)}"${testid} aria-labelledby="h-${html(s.id)}"><h2 id="h-${html(s.id)}">${html(s.title)}</h2>${verdict}${lines}${chart}${s.tables.map(table).join('')}</section>`;
}

/**
 * Renders an {@link AuditReport} as one self-contained HTML page: inline CSS, inline SVG charts (allows and
 * denies over time, top deny reasons), no script, no network (a Content-Security-Policy of `default-src 'none'`
 * says so to the browser), every string from a record escaped. Headings, table captions and labelled charts
 * for screen readers; `data-testid` on the totals, the charts and the integrity verdict.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('out/index.html', renderHtml(aggregator.result()));
 * ```
 */
export function renderHtml(report: AuditReport): string {
  const title = report.replay === undefined ? 'dsop-guard audit report' : 'dsop-guard policy replay';
  const meta = `Generated ${html(utc(Date.parse(report.generatedAt) / 1000))} from ${counted(report.inputs.length, 'file')}, report version ${report.reportVersion}. Persons appear only in counts, as the records hold them (masked or pseudonymised).`;
  return htmlPage(title, meta, reportView(report), report);
}

/** One self-contained page of sections (private to the package: the person report is drawn with it too). */
export function htmlPage(
  title: string,
  meta: string,
  sections: readonly ViewSection[],
  report?: AuditReport,
  css = '',
): string {
  const body = sections.map((s) => section(s, report)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${html(title)}</title>
<style>${STYLE}${css}</style>
</head>
<body>
<header><h1>${html(title)}</h1>
<p class="meta">${meta}</p></header>
<main>
${body}
</main>
</body>
</html>
`;
}
