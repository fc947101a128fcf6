import type { PersonReport } from '../person/personReportTypes.js';
import { md, utc } from './format.js';
import { personView } from './personView.js';
import { markdownSection } from './renderMarkdown.js';

/**
 * Renders a {@link PersonReport} as Markdown with the same sections as {@link renderPersonHtml}. It names the
 * person asked about: write it only where the requester asked.
 *
 * @example
 * ```ts
 * writeFileSync('answer/report.md', renderPersonMarkdown(search.result()), { mode: 0o600 });
 * ```
 */
export function renderPersonMarkdown(report: PersonReport): string {
  const head = [
    '# dsop-guard: decisions about one person',
    '',
    `For person ${md(report.person)}. Generated ${md(utc(Date.parse(report.generatedAt) / 1000))}, person report version ${report.personReportVersion}. Personal data: give it only to the person or whoever may see it.`,
    '',
  ];
  return `${[...head, ...personView(report).map(markdownSection)].join('\n').trimEnd()}\n`;
}
