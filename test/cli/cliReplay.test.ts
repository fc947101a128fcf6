import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@dsop-guard/core';
import type { AuditReport } from '@dsop-guard/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Pins core's private sealRecord on purpose: a forged record must carry a correctly recomputed hash.
import { sealRecord } from '../../packages/core/src/audit/chainHash.js';
import { tokens } from '../adapters/table.js';
import { expected, writeGuardDecisionLog } from '../fixtures/guardDecisionLog.js';
import { repoRoot, runCli } from '../fixtures/runCli.js';

// `dsop-guard replay` end to end: a decision log written by a real guard (the Lånekassen TEST preset with a
// shadow rule), replayed under the same policy, a looser one, a tighter one with a custom rule, and over damaged
// and older records; usage errors exit 2.

let dir: string;
let log: string;
let records: DecisionRecord[];
const basePolicy = readFileSync(
  join(repoRoot, 'packages/rules/examples/lanekassen-test.policy.yaml'),
  'utf8',
);

async function replay(args: readonly string[], name: string) {
  const out = join(dir, name);
  const run = await runCli(['replay', ...args, '--out', out]);
  const report = existsSync(join(out, 'report.json'))
    ? (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport)
    : undefined;
  return { ...run, out, report, replay: report?.replay };
}

function policyFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-cli-replay-'));
  log = join(dir, 'decisions.jsonl');
  await writeGuardDecisionLog(log);
  records = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DecisionRecord);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dsop-guard replay', () => {
  it('the policy that made the records changes nothing: exit 0, the report family written', async () => {
    const run = await replay(['--preset', 'lanekassen-saldo', '--env', 'test', log], 'same');
    expect(run.code).toBe(0);
    expect(run.replay?.totals).toEqual({
      records: expected.records,
      replayed: 10,
      unchanged: 10,
      beforePolicy: 2,
      unreplayable: 0,
    });
    expect(run.replay?.denyToAllow.count).toBe(0);
    expect(run.replay?.allowToDeny.count).toBe(0);
    expect(run.replay?.beforePolicy.map((g) => g.key).sort()).toEqual(['signature_invalid', 'token_missing']);
    expect(run.report?.integrity.whole).toBe(true);
    for (const file of ['index.html', 'report.md', 'report.json'])
      expect(existsSync(join(run.out, file))).toBe(true);
    expect(readFileSync(join(run.out, 'report.md'), 'utf8')).toMatch(/^# dsop-guard policy replay/);
    expect(run.stdout).toContain('0 deny→allow');
  });

  it('a looser policy (no consent-validity) flips the expired-consent denies to allows: exit 1, grouped, with records named', async () => {
    const looser = basePolicy.replace(/ {4}- rule: consent-validity\n {6}options:\n {8}maxPeriod: P1Y\n/, '');
    expect(looser).not.toContain('consent-validity');
    const run = await replay(['--policy', policyFile('looser.yaml', looser), log], 'looser');
    expect(run.code).toBe(1);
    const flips = run.replay?.denyToAllow;
    expect(flips?.count).toBe(expected.reasons.consent_expired);
    expect(flips?.byRule.map((g) => [g.key, g.count])).toEqual([['consent-validity', 2]]);
    expect(flips?.byReason.map((g) => [g.key, g.count])).toEqual([['consent_expired', 2]]);
    const expired = records.filter((r) => r.reasons.includes('consent_expired')).map((r) => r.chain.seq);
    expect(flips?.samples.map((s) => [s.chain, s.seq])).toEqual(expired.map((seq) => ['test-gw-1', seq]));
    expect(flips?.byConsumer[0]?.count).toBe(2);
    expect(run.replay?.allowToDeny.count).toBe(0);
    expect(readFileSync(join(run.out, 'report.md'), 'utf8')).toContain('test-gw-1 seq');
  });

  it("a tighter policy with a custom rule (--rules) flips that consumer's allows to denies, and exits 0", async () => {
    const consumer = records[0]?.subject.consumerOrgno as string;
    const tighter = `${basePolicy.trimEnd()}\n    - rule: acme.blocked-consumers\n      options:\n        blocked: ["${consumer}"]\n`;
    const run = await replay(
      ['--policy', policyFile('tighter.yaml', tighter), '--rules', 'test/fixtures/cli/acme-rules.ts', log],
      'tighter',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const allowedOfConsumer = records.filter(
      (r) => r.decision === 'allow' && r.subject.consumerOrgno === consumer,
    ).length;
    expect(allowedOfConsumer).toBeGreaterThan(0);
    expect(run.replay?.allowToDeny.count).toBe(allowedOfConsumer);
    expect(run.replay?.allowToDeny.byRule[0]?.key).toBe('acme.blocked-consumers');
    expect(run.replay?.allowToDeny.byReason[0]?.key).toBe('acme.consumer_blocked');
    expect(run.replay?.allowToDeny.byConsumer[0]).toMatchObject({ key: consumer, count: allowedOfConsumer });
    expect(run.replay?.denyToAllow.count).toBe(0);
  });

  it('counts and names what cannot be replayed: an older record version, no snapshot, no person facts, an edited record, a torn line', async () => {
    const damaged = join(dir, 'damaged.jsonl');
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    const reseal = (record: DecisionRecord, edit: (r: Record<string, unknown>) => void): string => {
      const { hash: _hash, ...body } = record as unknown as Record<string, unknown>;
      edit(body);
      return sealRecord(body).line;
    };
    const allowed = records.findIndex((r) => r.decision === 'allow');
    const first = records[allowed] as DecisionRecord;
    lines[allowed] = reseal(first, (r) => {
      r['snapshot'] = null;
    });
    lines[allowed + 1] = reseal(records[allowed + 1] as DecisionRecord, (r) => {
      r['snapshot'] = { ...(r['snapshot'] as object), people: {} };
    });
    lines[allowed + 2] = (lines[allowed + 2] as string).replace('"decision":"allow"', '"decision":"deny"');
    writeFileSync(damaged, `${lines.join('\n')}\n`);
    appendFileSync(damaged, `${JSON.stringify({ recordVersion: 0, kind: 'decision', decision: 'deny' })}\n`);
    appendFileSync(damaged, '{"recordVersion":1,"kind":"deci');
    const run = await replay(['--preset', 'lanekassen-saldo', '--env', 'test', damaged], 'damaged');
    expect(run.code).toBe(1);
    const why = Object.fromEntries((run.replay?.unreplayable ?? []).map((g) => [g.key, g.count]));
    expect(why).toEqual({
      no_snapshot: 1,
      person_facts_missing: 1,
      not_sealed: 1,
      record_version: 1,
      torn: 1,
    });
    const named = (key: string) => run.replay?.unreplayable.find((g) => g.key === key)?.samples[0];
    expect(named('no_snapshot')).toMatchObject({
      chain: 'test-gw-1',
      seq: first.chain.seq,
      line: allowed + 1,
    });
    expect(named('torn')).toMatchObject({ chain: null, line: lines.length + 2 });
    expect(run.replay?.totals.unreplayable).toBe(5);
    expect(run.replay?.denyToAllow.count).toBe(0);
    expect(readFileSync(join(run.out, 'index.html'), 'utf8')).toContain('person_facts_missing');
  });

  it('takes no token and prints none: a token flag is an unknown option, not echoed', async () => {
    const token = tokens.direct();
    const run = await runCli([
      'replay',
      '--preset',
      'lanekassen-saldo',
      '--env',
      'test',
      '--maskinporten-token',
      token,
      log,
      '--out',
      join(dir, 'x'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --maskinporten-token');
    expect(run.stderr).not.toContain(token);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });

  it.each([
    [['--preset', 'lanekassen-saldo', '--env', 'test', 'LOG'], 'give --out <dir>'],
    [['--preset', 'lanekassen-saldo', '--env', 'test', '--out', 'OUT'], 'give at least one decision log'],
    [['LOG', '--out', 'OUT'], 'give --preset <name> --env <test|prod>, or --policy <file> (exactly one)'],
    [['--policy', 'POLICY', '--preset', 'lanekassen-saldo', 'LOG', '--out', 'OUT'], 'exactly one'],
    [['--preset', 'lanekassen-saldo', 'LOG', '--out', 'OUT'], '--env: give test or prod'],
    [
      ['--preset', 'lanekassen-saldo', '--env', 'test', '--rules', 'x.js', 'LOG', '--out', 'OUT'],
      '--rules goes with --policy',
    ],
    [['--polcy', 'POLICY', 'LOG', '--out', 'OUT'], 'did you mean --policy?'],
    [
      ['--preset', 'lanekassen-saldo', '--env', 'test', '--top', '0', 'LOG', '--out', 'OUT'],
      '--top: give a whole number',
    ],
    [['--preset', 'lanekassen-saldo', '--env', 'test', '--out', 'OUT', 'MISSING'], 'cannot read'],
    [['--policy', 'BAD', 'LOG', '--out', 'OUT'], '--policy:'],
    [
      ['--preset', 'lanekassen-saldo', '--env', 'test', '--out', 'OUT', '--out', 'OUT', 'LOG'],
      'more than once',
    ],
  ])('usage error, exit 2: %j', async (args, message) => {
    const bad = policyFile('bad.yaml', 'id: x\nversion: "1"\nrule:\n  all:\n    - rule: scoep\n');
    const filled = args.map((a) =>
      a === 'LOG'
        ? log
        : a === 'OUT'
          ? join(dir, 'usage')
          : a === 'POLICY'
            ? bad
            : a === 'BAD'
              ? bad
              : a === 'MISSING'
                ? join(dir, 'missing.jsonl')
                : a,
    );
    const run = await runCli(['replay', ...filled]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("See 'dsop-guard replay --help'.");
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['replay', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dsop-guard replay:/);
    expect(run.stdout).toContain('Exit status:');
  });
});
