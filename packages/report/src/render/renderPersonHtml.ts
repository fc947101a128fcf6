import type { PersonReport } from '../person/personReportTypes.js';
import { html, utc } from './format.js';
import { personView } from './personView.js';
import { htmlPage } from './renderHtml.js';

/**
 * Renders a {@link PersonReport} as one self-contained HTML page (no script, no network), every string from a
 * record escaped. It names the person asked about: write it only where the requester asked.
 *
 * @example
 * ```ts
 * writeFileSync('answer/index.html', renderPersonHtml(search.result()), { mode: 0o600 });
 * ```
 */
export function renderPersonHtml(report: PersonReport): string {
  const meta = `For person ${html(report.person)}. Generated ${html(utc(Date.parse(report.generatedAt) / 1000))}, person report version ${report.personReportVersion}. Personal data: give this page only to the person or whoever may see it.`;
  // One wide table of short values: the page may be wider, and values break only where they have room to.
  const css =
    'body { max-width: 1500px; } td { overflow-wrap: normal; } td:first-child { white-space: nowrap; }';
  return htmlPage('dsop-guard: decisions about one person', meta, personView(report), undefined, css);
}
