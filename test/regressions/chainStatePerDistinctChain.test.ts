import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChainVerifier } from '@dsop-guard/core';
import type { AuditReport } from '@dsop-guard/report';
import { createReportAggregator } from '@dsop-guard/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Pins core's private sealRecord on purpose: a forged record must carry a correctly recomputed hash.
import { sealRecord } from '../../packages/core/src/audit/chainHash.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 26 (readers): every distinct chain id kept a state for ever, so 2.5 M one-record chains took `audit
// verify` to 3.3 GB and crashed `report` (which also listed every chain). Fix: the chain verifier keeps at most
// `maxChains` chains (default 100 000; `--max-chains` in the CLI); a record of any further chain is the problem
// `too_many_chains`, named with file:line, chain and seq, and the log is not whole (exit 1).

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-chains-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One sealed one-record chain per id. */
const oneRecordChains = (n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) =>
      sealRecord({ recordVersion: 1, kind: 'checkpoint', chain: { id: `c${i + 1}`, seq: 1, prev: null } })
        .line,
  );

describe('regression: memory per distinct chain is capped', () => {
  it('the verifier keeps maxChains chains and names every record of a further chain', () => {
    const verifier = createChainVerifier({ maxChains: 2 });
    oneRecordChains(4).forEach((text, i) => void verifier.push(text, { file: 'f', line: i + 1 }));
    const report = verifier.report();
    expect(report.chains.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(report.problems).toEqual([
      { file: 'f', line: 3, kind: 'too_many_chains', chain: 'c3', seq: 1 },
      { file: 'f', line: 4, kind: 'too_many_chains', chain: 'c4', seq: 1 },
    ]);
    expect(report.unreadable).toEqual([]);
    expect(report.whole).toBe(false);
    expect(() => createChainVerifier({ maxChains: 0 })).toThrow(/maxChains/);
  });

  it('the report aggregator passes the cap on', () => {
    const aggregator = createReportAggregator({ maxChains: 1 });
    oneRecordChains(3).forEach((text, i) => void aggregator.push(text, { file: 'f', line: i + 1 }));
    const { integrity } = aggregator.result();
    expect(integrity.chains).toHaveLength(1);
    expect(integrity.problemCount).toBe(2);
  });

  it(
    'audit verify and report with --max-chains: exit 1, the first record over the cap named',
    { timeout: 60_000 },
    async () => {
      const file = join(dir, 'chains.jsonl');
      writeFileSync(file, `${oneRecordChains(3).join('\n')}\n`);
      const [verify, report] = await Promise.all([
        runCli(['audit', 'verify', '--max-chains', '2', file]),
        runCli(['report', '--max-chains', '2', file, '--out', join(dir, 'report')]),
      ]);
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(`${file}:3: chain c3 seq 1: more distinct chains than --max-chains`);
      expect(report.code).toBe(1);
      const json = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as AuditReport;
      expect(json.integrity.chains).toHaveLength(2);
      expect(json.integrity.problems.map((p) => p.kind)).toEqual(['too_many_chains']);
    },
  );
});
