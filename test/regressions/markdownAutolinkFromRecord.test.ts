import { createAuditTrail, type Decision } from '@dsop-guard/core';
import { type AuditReport, createReportAggregator, renderMarkdown } from '@dsop-guard/report';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticDecisions } from '../fixtures/syntheticDecisions.js';

// Issue 21, finding 7: report.md wrote a record's strings (issuers, policy ids, rule ids, consent ids...) with
// Markdown's punctuation escaped but bare URLs as they were, and GitHub's renderer (GFM extended autolinks:
// `www.`, `http://`, `https://`, `ftp://`, e-mail addresses, `mailto:`) made links of them: a crafted issuer
// `https://evil.example` became a link in a report an operator trusts. Fix: `md` escapes the `:` of every `://`,
// the dot of every `www.` and every `@`, which leaves no trigger of the autolink extension (nor `$` for math).

const URLS = [
  'https://evil.example/login',
  'HTTP://EVIL.EXAMPLE',
  'ftp://evil.example',
  'www.evil.example',
  'WWW.evil.example',
  'victim@evil.example',
  'mailto:victim@evil.example',
  'xmpp:victim@evil.example',
  '\\https://evil.example',
  '$\\href{https://evil.example}{x}$',
  '# heading <b>bold</b>',
];
const evil = URLS.join(' ');

/** Whether the character at `i` is escaped: preceded by an odd number of backslashes. */
function escaped(text: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && text[i - n - 1] === '\\') n += 1;
  return n % 2 === 1;
}

/** Every place in `text` where a GFM autolink (or math, or a heading) could start: an unescaped trigger. */
function triggers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/:\/\/|\.|@|\$|#|</g)) {
    const i = m.index;
    if (escaped(text, i)) continue;
    if (m[0] === '.' && !/www$/i.test(text.slice(0, i))) continue;
    found.push(text.slice(Math.max(0, i - 12), i + 12));
  }
  return found;
}

describe('regression: report.md makes no link of a URL or address in a record (issue 21, finding 7)', () => {
  let report: AuditReport;
  beforeAll(async () => {
    const lines: string[] = [];
    const audit = createAuditTrail({ sinks: [{ name: 'lines', write: (l) => void lines.push(l) }] });
    const { decision, context } = syntheticDecisions().next().value as {
      decision: Decision;
      context: Parameters<typeof audit.record>[1];
    };
    const mp = decision.claims.maskinporten;
    const hostile: Decision = {
      ...decision,
      verdict: {
        ...decision.verdict,
        decision: 'deny',
        reasons: [evil as 'custom_denied'],
        outcomes: [{ ruleId: evil, status: 'fail', mode: 'shadow', violations: [] }],
        tokens: {
          maskinporten: { iss: evil, kid: evil, jti: evil, exp: 1, keys: { state: 'stale', ageSeconds: 1 } },
          consent: null,
        },
      },
      claims: {
        ...decision.claims,
        maskinporten: mp && { ...mp, consumer: { authority: evil, id: evil, icd: evil, value: evil } },
      },
      keys: { maskinporten: { state: 'stale', ageSeconds: 9000 }, consent: undefined },
    };
    await audit.record(hostile, context);
    const aggregator = createReportAggregator({ clock: () => 0 });
    aggregator.startFile(`${evil}.jsonl`, 1);
    for (const [i, text] of lines.entries()) aggregator.push(text, { file: `${evil}.jsonl`, line: i + 1 });
    report = aggregator.result();
  });

  it('the strings reach the report', () => {
    expect(report.consumers.top[0]?.orgno).toBe(evil);
    expect(report.staleKeys.byIssuer[0]?.iss).toBe(evil);
  });

  it('no unescaped ://, www., @, $, # or < is left of them in report.md', () => {
    const text = renderMarkdown(report);
    const rows = text.split('\n').filter((l) => l.includes('evil'));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(triggers(row.replace(/^#+ |^\| /, ''))).toEqual([]);
  });

  it('the escapes still read as the strings: a cell unescaped gives the string back', () => {
    const cells = renderMarkdown(report)
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .flatMap((l) => l.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\(.)/g, '$1')));
    expect(cells).toContain(evil);
  });
});
