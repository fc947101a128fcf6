import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditSink, createAuditTrail, type Decision, type DecisionRecord } from '@dsop-guard/core';
import { type AuditReport, createReportAggregator, renderHtml, renderMarkdown } from '@dsop-guard/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherPerson, tokens } from '../adapters/table.js';
import {
  expected,
  hostileConsumer,
  tamperedCopy,
  writeGuardDecisionLog,
} from '../fixtures/guardDecisionLog.js';
import { runCli } from '../fixtures/runCli.js';
import { syntheticDecisions } from '../fixtures/syntheticDecisions.js';

/** `n` genuine chained lines from synthetic decisions, through core's audit trail. */
async function syntheticLog(
  n: number,
  options: Parameters<typeof syntheticDecisions>[0] = {},
): Promise<string[]> {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'lines', write: (line) => void lines.push(line) };
  const audit = createAuditTrail({ sinks: [sink], chainId: 'synthetic-1' });
  const source = syntheticDecisions(options);
  for (let i = 0; i < n; i += 1) {
    const { decision, context } = source.next().value as {
      decision: Decision;
      context: Parameters<typeof audit.record>[1];
    };
    await audit.record(decision, context);
  }
  return lines;
}

function aggregate(lines: readonly string[], file = 'decisions.jsonl', options = {}): AuditReport {
  const aggregator = createReportAggregator({ clock: () => 0, ...options });
  aggregator.startFile(
    file,
    lines.reduce((s, l) => s + l.length + 1, 0),
  );
  for (const [i, text] of lines.entries()) aggregator.push(text, { file, line: i + 1 });
  return aggregator.result();
}

/** The same figures counted the plain way, over every parsed record. */
function oracle(lines: readonly string[]) {
  const records = lines.map((l) => JSON.parse(l) as DecisionRecord);
  const reasons = new Map<string, number>();
  const consumers = new Map<string | null, number>();
  for (const r of records) {
    if (r.decision === 'deny') for (const c of new Set(r.reasons)) reasons.set(c, (reasons.get(c) ?? 0) + 1);
    consumers.set(r.subject.consumerOrgno, (consumers.get(r.subject.consumerOrgno) ?? 0) + 1);
  }
  const shadowFailed = (o: DecisionRecord['outcomes'][number]): boolean =>
    (o.mode === 'shadow' && o.status === 'fail') || (o.children ?? []).some(shadowFailed);
  const latencies = records.map((r) => r.latencyMs).sort((a, b) => a - b);
  const rank = (q: number): number => latencies[Math.ceil(q * latencies.length) - 1] as number;
  return {
    allow: records.filter((r) => r.decision === 'allow').length,
    deny: records.filter((r) => r.decision === 'deny').length,
    reasons,
    consumers,
    shadow: records.filter((r) => r.outcomes.some(shadowFailed)).length,
    stale: records.filter(
      (r) => r.tokens.maskinporten?.keys.state === 'stale' || r.tokens.consent?.keys.state === 'stale',
    ).length,
    nearExpiry: records.filter((r) => {
      const left = (r.consent?.validTo ?? Number.POSITIVE_INFINITY) - r.evaluatedAt;
      return left >= 0 && left < 7 * 86_400;
    }).length,
    p50: rank(0.5),
    p90: rank(0.9),
    p99: rank(0.99),
    max: latencies[latencies.length - 1] as number,
  };
}

describe('the report aggregator', () => {
  let lines: string[];
  let report: AuditReport;
  beforeAll(async () => {
    lines = await syntheticLog(3000, { spacing: 1 });
    report = aggregate(lines);
  });

  it('counts every figure as a plain count over the records would', () => {
    const o = oracle(lines);
    expect(report.totals).toEqual({
      lines: 3000,
      records: 3000,
      allow: o.allow,
      deny: o.deny,
      checkpoints: 0,
      unreadable: 0,
    });
    for (const r of report.reasons.top) expect(r.count).toBe(o.reasons.get(r.code));
    expect(report.reasons.distinct).toBe(o.reasons.size);
    for (const c of report.consumers.top) expect(c.allow + c.deny).toBe(o.consumers.get(c.orgno));
    expect(report.consumers.distinct).toBe(o.consumers.size);
    expect(report.shadow.reduce((s, x) => Math.max(s, x.wouldDeny), 0)).toBe(o.shadow);
    expect(report.staleKeys.decisions).toBe(o.stale);
    expect(report.consentsNearExpiry.decisions).toBe(o.nearExpiry);
    expect(report.delegation.reduce((s, d) => s + d.allow + d.deny, 0)).toBe(3000);
    expect(report.timeline.buckets.reduce((s, b) => s + b.allow + b.deny, 0)).toBe(3000);
  });

  it('gives exact latency percentiles for a small log', () => {
    const o = oracle(lines);
    expect(report.latency).toEqual({
      count: 3000,
      p50: o.p50,
      p90: o.p90,
      p99: o.p99,
      max: o.max,
      exact: true,
    });
  });

  it('keeps latency percentiles within 2 % past the exact limit, in bounded memory', async () => {
    const more = await syntheticLog(6000, { seed: 3 });
    const o = oracle(more);
    const l = aggregate(more).latency;
    expect(l.exact).toBe(false);
    expect(l.max).toBe(o.max);
    for (const q of ['p50', 'p90', 'p99'] as const)
      expect(Math.abs((l[q] as number) - o[q]) / o[q]).toBeLessThan(0.02);
  });

  it('explains the deny reasons in English and Norwegian', () => {
    const expiredReason = report.reasons.top.find((r) => r.code === 'consent_expired');
    expect(expiredReason).toMatchObject({ en: 'the consent has expired', nb: 'samtykket er utløpt' });
  });

  it('buckets by hour over a short span and by day over a long one', async () => {
    expect(report.timeline.bucket).toBe('hour');
    const long = aggregate(await syntheticLog(500, { spacing: 3600 }));
    expect(long.timeline.bucket).toBe('day');
    expect(long.timeline.buckets.length).toBeGreaterThanOrEqual(20);
    for (const b of long.timeline.buckets) expect(b.start % 86_400).toBe(0);
  });

  it('the chain is whole and every chain is summarised', () => {
    expect(report.integrity).toMatchObject({ whole: true, problemCount: 0 });
    expect(report.integrity.chains).toEqual([
      expect.objectContaining({
        id: 'synthetic-1',
        records: 3000,
        firstSeq: 1,
        lastSeq: 3000,
        firstBreak: null,
      }),
    ]);
  });

  it('counts and names corrupt, torn, unknown-version and non-record lines, and never throws', () => {
    const mixed = [
      ...lines.slice(0, 5),
      '{"recordVersion":1,"kind":"decision", oops',
      '{"recordVersion":2,"kind":"decision","chain":{"id":"x","seq":1,"prev":null},"hash":"00"}',
      '{"hello":"world"}',
      '[1,2,3]',
      'null',
      '',
      ...lines.slice(5, 10),
      '{"recordVersion":1,"ki',
    ];
    const aggregator = createReportAggregator({ clock: () => 0 });
    for (const [i, text] of mixed.entries())
      aggregator.push(text, { file: 'mixed.jsonl', line: i + 1 }, i === mixed.length - 1);
    const r = aggregator.result();
    expect(r.totals).toMatchObject({ lines: 17, records: 10, unreadable: 7 });
    expect(r.unreadable.byKind).toEqual({ corrupt: 2, unknown_version: 1, not_a_record: 3, torn: 1 });
    expect(r.unreadable.lines.map((l) => `${l.file}:${l.line} ${l.kind}`)).toEqual([
      'mixed.jsonl:6 corrupt',
      'mixed.jsonl:7 unknown_version',
      'mixed.jsonl:8 not_a_record',
      'mixed.jsonl:9 not_a_record',
      'mixed.jsonl:10 not_a_record',
      'mixed.jsonl:11 corrupt',
      'mixed.jsonl:17 torn',
    ]);
    expect(r.integrity.whole).toBe(false);
  });

  it('names at most maxListed unreadable lines but counts them all', () => {
    const junk = Array.from({ length: 250 }, () => 'not json');
    const r = aggregate(junk, 'junk.jsonl', { maxListed: 100 });
    expect(r.unreadable.count).toBe(250);
    expect(r.unreadable.lines).toHaveLength(100);
    expect(r.integrity.problemCount).toBe(250);
    expect(r.integrity.problems).toHaveLength(100);
  });

  it('names the first break of an edited record: file, line, chain, seq and kind', () => {
    const edited = [...lines];
    const record = JSON.parse(edited[41] as string) as Record<string, unknown>;
    edited[41] = JSON.stringify({ ...record, decision: record['decision'] === 'allow' ? 'deny' : 'allow' });
    const r = aggregate(edited);
    expect(r.integrity.whole).toBe(false);
    expect(r.integrity.chains[0]?.firstBreak).toEqual({
      file: 'decisions.jsonl',
      line: 42,
      kind: 'hash_mismatch',
      chain: 'synthetic-1',
      seq: 42,
    });
  });

  it('keeps at most maxGroups groups per table and counts the rest as overflow', () => {
    const r = aggregate(lines, 'decisions.jsonl', { maxGroups: 5 });
    expect(r.consumers.distinct).toBe(5);
    expect(r.overflow).toBeGreaterThan(0);
    expect(r.totals.records).toBe(3000);
  });

  it('throws a ConfigError for bad options only', () => {
    expect(() => createReportAggregator({ top: 0 })).toThrow(/top/);
    expect(() => createReportAggregator({ consentExpirySeconds: -1 })).toThrow(/consentExpirySeconds/);
    expect(() => createReportAggregator({ maxListed: 1.5 })).toThrow(/maxListed/);
  });
});

/** Every tag name in a page: a crafted record must add none. */
const tagsOf = (page: string): Set<string> =>
  new Set([...page.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1] as string));
const PAGE_TAGS = new Set(
  'html head meta title style body header h1 h2 p main section table caption thead tbody tr th td details summary svg desc rect text line'.split(
    ' ',
  ),
);

describe('rendering a hostile record', () => {
  const evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>&amp;|`*_[x](javascript:alert(3))';
  let report: AuditReport;
  beforeAll(async () => {
    const lines: string[] = [];
    const audit = createAuditTrail({
      sinks: [{ name: 'lines', write: (l) => void lines.push(l) }],
      chainId: 'evil',
    });
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
        outcomes: [
          {
            ruleId: evil,
            status: 'fail',
            mode: 'shadow',
            violations: [{ code: evil as 'custom_denied', ruleId: evil, path: evil }],
          },
        ],
        tokens: {
          maskinporten: {
            iss: evil,
            kid: evil,
            jti: evil,
            exp: 1,
            keys: { state: 'unknown', ageSeconds: null },
          },
          consent: null,
        },
      },
      claims: {
        ...decision.claims,
        maskinporten: mp && {
          ...mp,
          consumer: { authority: evil, id: evil, icd: evil, value: evil },
          supplier: { authority: evil, id: evil, icd: evil, value: evil },
          delegationSource: evil,
        },
        consent: decision.claims.consent && {
          ...decision.claims.consent,
          consentId: evil,
          validTo: decision.verdict.evaluatedAt + 60,
        },
      },
      keys: { maskinporten: { state: 'stale', ageSeconds: 9000 }, consent: undefined },
    };
    await audit.record(hostile, context);
    report = aggregate(lines, `${evil}.jsonl`);
  });

  it('the record reached every table it could', () => {
    expect(report.consumers.top[0]?.orgno).toBe(evil);
    expect(report.suppliers.top[0]?.orgno).toBe(evil);
    expect(report.reasons.top[0]).toEqual({ code: evil, count: 1, en: null, nb: null });
    expect(report.shadow[0]?.ruleId).toBe(evil);
    expect(report.consentsNearExpiry.soonest[0]?.id).toBe(evil);
    expect(report.staleKeys.byIssuer[0]?.iss).toBe(evil);
  });

  it('HTML: no markup from the record survives; it shows as text', () => {
    const page = renderHtml(report);
    expect([...tagsOf(page)].filter((t) => !PAGE_TAGS.has(t))).toEqual([]);
    expect(page).not.toMatch(/<img|<script|href=/i);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;');
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('Markdown: the record cannot break a table, nor add a link or HTML', () => {
    const text = renderMarkdown(report);
    expect(text).not.toMatch(/(?<!\\)<(img|script)|(?<!\\)\]\(javascript/);
    for (const row of text.split('\n').filter((l) => l.startsWith('| ') && l.includes('alert'))) {
      const header = text.split('\n')[text.split('\n').indexOf(row) - 1] as string;
      expect(row.split(/(?<!\\)\|/).length).toBe(header.split(/(?<!\\)\|/).length);
    }
  });
});

const cli = (args: readonly string[]) => runCli(args);

// Each test starts CLI processes (six at once in one): on a loaded machine that takes far longer than 30 s.
describe('dsop-guard report (the CLI)', { timeout: 120_000 }, () => {
  let dir: string;
  let log: string;
  let tampered: string;
  let tamperedLine: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-report-'));
    log = join(dir, 'decisions.jsonl');
    tampered = join(dir, 'tampered.jsonl');
    await writeGuardDecisionLog(log);
    tamperedLine = tamperedCopy(log, tampered);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0: writes index.html, report.md and report.json for a whole log, and nothing on stderr', async () => {
    const out = join(dir, 'out-whole', 'nested');
    const run = await cli(['report', log, '--out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const f of ['index.html', 'report.md', 'report.json']) expect(existsSync(join(out, f))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport;
    expect(report.totals).toMatchObject({
      records: expected.records,
      allow: expected.allow,
      deny: expected.deny,
    });
    expect(Object.fromEntries(report.reasons.top.map((r) => [r.code, r.count]))).toEqual(expected.reasons);
    expect(report.shadow).toEqual([
      expect.objectContaining({ ruleId: 'acme.no-suppliers', wouldDeny: 2, ofAllowed: 2 }),
    ]);
    expect(report.consentsNearExpiry.decisions).toBe(expected.nearExpiry);
    expect(report.consumers.top.map((c) => c.orgno)).toContain(hostileConsumer.slice(5));
    const everything = ['index.html', 'report.md', 'report.json']
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('');
    expect(everything).not.toContain(tokens.person);
    expect(everything).not.toContain(otherPerson);
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toMatch(/<img|<script/);
  });

  it('exit 1: writes the report and names the broken link of an edited log', async () => {
    const out = join(dir, 'out-tampered');
    const run = await cli(['report', tampered, '--out', out]);
    expect(run.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport;
    expect(report.integrity.chains[0]?.firstBreak).toMatchObject({
      file: tampered,
      line: tamperedLine,
      kind: 'hash_mismatch',
      seq: tamperedLine,
    });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(`${tampered}:${tamperedLine}`);
  });

  it('exit 2: usage errors write nothing', async () => {
    const notAFile = join(dir, 'a-directory');
    mkdirSync(notAFile);
    const runs = await Promise.all([
      cli(['report', log]),
      cli(['report', '--out', join(dir, 'x1')]),
      cli(['report', join(dir, 'missing.jsonl'), '--out', join(dir, 'x2')]),
      cli(['report', notAFile, '--out', join(dir, 'x3')]),
      cli(['report', log, '--out', join(dir, 'x4'), '--top', 'many']),
      cli(['report', log, '--out', join(dir, 'x5'), '--bogus']),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^dsop-guard: .+\nSee 'dsop-guard report --help'\.\n$/);
    }
    expect(runs[0]?.stderr).toContain('--out');
    expect(runs[2]?.stderr).toContain('missing.jsonl');
    expect(existsSync(join(dir, 'x2', 'index.html'))).toBe(false);
  });

  it('takes a policy only to explain its custom codes: --preset/--env or --policy [--rules]; misused, exit 2', async () => {
    const out = join(dir, 'out-with-preset');
    expect(
      (await cli(['report', log, '--out', out, '--preset', 'lanekassen-saldo', '--env', 'test'])).code,
    ).toBe(0);
    const misused = await cli(['report', log, '--out', join(dir, 'x3'), '--rules', 'acme-rules.js']);
    expect(misused.code).toBe(2);
    expect(misused.stderr).toContain(
      'give --preset <name> --env <test|prod>, or --policy <file> (exactly one)',
    );
  });

  it('--help prints the command help, exit 0', async () => {
    const run = await cli(['report', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dsop-guard report <decisions.jsonl…> --out <dir>');
  });

  it('several files are read in order as one chain (rotated logs, oldest first)', async () => {
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    const older = join(dir, 'decisions.jsonl.1');
    const newer = join(dir, 'decisions.jsonl.0');
    writeFileSync(older, `${lines.slice(0, 5).join('\n')}\n`);
    writeFileSync(newer, `${lines.slice(5).join('\n')}\n`);
    const out = join(dir, 'out-rotated');
    expect((await cli(['report', older, newer, '--out', out])).code).toBe(0);
    expect((await cli(['report', newer, older, '--out', join(dir, 'out-wrong-order')])).code).toBe(1);
  });

  it('a log and its fileSink rotations (path, path.1, path.2) are read oldest first in any order given, by report and audit verify', async () => {
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    const base = join(dir, 'rotated', 'decisions.jsonl');
    mkdirSync(join(dir, 'rotated'), { recursive: true });
    writeFileSync(`${base}.2`, `${lines.slice(0, 3).join('\n')}\n`);
    writeFileSync(`${base}.1`, `${lines.slice(3, 6).join('\n')}\n`);
    writeFileSync(base, `${lines.slice(6).join('\n')}\n`);
    const given = [base, `${base}.1`, `${base}.2`];
    expect((await cli(['report', ...given, '--out', join(dir, 'out-rotations')])).code).toBe(0);
    const verified = await cli(['audit', 'verify', ...given]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('whole');
    // Numbered files without their base file are not taken for rotations: read as given.
    expect((await cli(['audit', 'verify', `${base}.1`, `${base}.2`])).code).toBe(1);
  });
});
