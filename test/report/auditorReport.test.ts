// The report an auditor can sign off (issue 23 part 4) and the coverage from production (part 2): what policies
// decided, under which privacy setting, over which exact log (file sha256, chain ends, signature state), and
// which rules, codes and branches the decisions exercised. Real logs written by a real guard and audit trail;
// the CLI as `pnpm dsop-guard` runs it; report.json checked against its published schema with ajv.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGuard } from '@dsop-guard/adapters';
import {
  type AuditSink,
  all,
  any,
  createAuditTrail,
  definePolicy,
  defineRule,
  fail,
  localKeySet,
  pass,
  when,
} from '@dsop-guard/core';
import {
  type AuditReport,
  createReportAggregator,
  REPORT_VERSION,
  type StoredAuditReport,
} from '@dsop-guard/report';
import { preset, testPolicy } from '@dsop-guard/rules';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mpKeys, now, tokens } from '../adapters/table.js';
import { checkpointKeys } from '../audit/support.js';
import { expected, tamperedCopy, writeGuardDecisionLog } from '../fixtures/guardDecisionLog.js';
import { repoRoot, runCli } from '../fixtures/runCli.js';

// The schema as a user's project resolves it, through the package's exports map.
const schemaFile = createRequire(import.meta.url).resolve('@dsop-guard/report/report.schema.json');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
// Formats are not checked (no ajv-formats here); `generatedAt` is checked by the test below.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, validateFormats: false });
const validate = ajv.compile(schema);
const schemaV1File = createRequire(import.meta.url).resolve('@dsop-guard/report/report-1.schema.json');
const schemaV1 = JSON.parse(readFileSync(schemaV1File, 'utf8'));
const validateV1 = ajv.compile(schemaV1);

/** Asserts that a report.json validates against the published schema, naming what does not. */
function expectValid(report: unknown): void {
  const ok = validate(report);
  expect(ok ? [] : validate.errors).toEqual([]);
  // And not against version 1: its reportVersion is 2, and version 1 has none of the new members.
  expect(validateV1(report)).toBe(false);
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const readJson = (file: string): AuditReport => JSON.parse(readFileSync(file, 'utf8')) as AuditReport;
const lines = (file: string): { chain: { id: string; seq: number }; hash: string }[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** ISO 8601 with the offset, as a person reads a time in the report. */
const ISO_WITH_OFFSET = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\+00:00/;

describe('a report an auditor can sign off', () => {
  it('publishes the schema under a stable $id, shipped in the package', () => {
    expect(schemaFile).toBe(join(repoRoot, 'packages/report/schema/report.schema.json'));
    expect(schema.$id).toBe('https://dsop-guard.dev/schema/report/2.json');
    expect(schema.properties.reportVersion).toEqual({ const: REPORT_VERSION });
    expect(schemaV1File).toBe(join(repoRoot, 'packages/report/schema/report-1.schema.json'));
    expect(schemaV1.$id).toBe('https://dsop-guard.dev/schema/report/1.json');
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages/report/package.json'), 'utf8'));
    expect(manifest.files).toContain('schema');
  });

  // Version 2 made new members required; a file written before validates against the version 1 schema, kept
  // published, and not against version 2 (nor a version 2 file against version 1). The fixture is what the code
  // before version 2 (commit 2c97f0e^) wrote for test/fixtures/guardDecisionLog.ts's log.
  it('a version 1 report.json (as the old code wrote it) validates against the version 1 schema only', () => {
    const old = JSON.parse(
      readFileSync(join(repoRoot, 'test/fixtures/report-v1.json'), 'utf8'),
    ) as StoredAuditReport;
    expect(old.reportVersion).toBe(1);
    const ok = validateV1(old);
    expect(ok ? [] : validateV1.errors).toEqual([]);
    expect(validate(old)).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath).sort()).toContain('/reportVersion');
    // A reader switches on the version: the members version 2 added are not there.
    expect(old.reportVersion === 1 && !('policies' in old) && !('sha256' in (old.inputs[0] ?? {}))).toBe(
      true,
    );
  });

  let dir: string;
  let log: string;
  let signedLog: string;
  let publicFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-auditor-'));
    log = join(dir, 'decisions.jsonl');
    await writeGuardDecisionLog(log);
    const keys = checkpointKeys();
    publicFile = keys.publicFile;
    signedLog = join(dir, 'signed.jsonl');
    await writeGuardDecisionLog(signedLog, 'signed-gw', { checkpoints: { every: 5, key: keys.privateKey } });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the policies that decided, the privacy mode, each chain end and each file sha256 (CLI, exit 0)', async () => {
    const out = join(dir, 'r1');
    const run = await runCli(['report', log, '--out', out]);
    expect(run.code).toBe(0);
    const report = readJson(join(out, 'report.json'));
    expectValid(report);
    const records = lines(log);
    expect(report.inputs).toEqual([
      { file: log, bytes: readFileSync(log).length, lines: records.length, sha256: sha256(log) },
    ]);
    const first = JSON.parse(readFileSync(log, 'utf8').split('\n')[0] as string);
    expect(report.policies).toEqual([
      {
        id: 'lanekassen-saldo/test',
        version: '1.0.0',
        sha256: first.policy.sha256,
        firstSeen: now,
        lastSeen: now,
        decisions: expected.records,
      },
    ]);
    // No pseudonymisation key: masked persons, a random snapshot key per record.
    expect(report.privacy).toEqual([{ person: 'mask', keyId: 'ephemeral', decisions: expected.records }]);
    const last = records[records.length - 1] as (typeof records)[number];
    expect(report.chainEnds).toEqual([
      {
        id: 'test-gw-1',
        epoch: 1,
        firstSeq: 1,
        firstHash: records[0]?.hash,
        lastSeq: last.chain.seq,
        lastHash: last.hash,
        signature: 'unsigned',
        checkpoints: 0,
        checkpointsVerified: 0,
        tail: expected.records,
      },
    ]);
    expect(report.namedPolicy).toBeNull();
    expect(new Date(report.generatedAt).toISOString()).toBe(report.generatedAt);
    expect(report.coverage).toBeUndefined();
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const text of [md, html]) {
      expect(text).toContain(sha256(log));
      expect(text).toContain(last.hash);
      expect(text).toContain(first.policy.sha256);
      expect(text).toMatch(ISO_WITH_OFFSET);
      // Times a person reads carry their offset: none is written the old way ("2026-01-02 13:00:00 UTC").
      expect(text).not.toMatch(/\d{2}:\d{2}:\d{2} UTC/);
    }
    expect(html).toContain('data-testid="policies"');
    expect(html).toContain('data-testid="privacy"');
  }, 60_000);

  it('gives a signed chain as verified under its public key, and as not checked without it', async () => {
    const signed = join(dir, 'r2');
    const run = await runCli(['report', signedLog, '--public-key', publicFile, '--out', signed]);
    expect(run.code).toBe(0);
    const report = readJson(join(signed, 'report.json'));
    expectValid(report);
    expect(report.chainEnds).toHaveLength(1);
    // every 5 of 12 records, and one when the trail closed.
    expect(report.chainEnds[0]).toMatchObject({ id: 'signed-gw', signature: 'verified', checkpoints: 3 });
    expect(report.chainEnds[0]?.checkpointsVerified).toBe(3);
    const unchecked = createReportAggregator({ clock: () => 0 });
    for (const [i, text] of readFileSync(signedLog, 'utf8').trim().split('\n').entries())
      unchecked.push(text, { file: signedLog, line: i + 1 });
    expect(unchecked.result().chainEnds[0]?.signature).toBe('not_checked');
    expect(unchecked.result().inputs[0]?.sha256).toBeNull();
  }, 60_000);

  it('a broken log still gives a report that validates, and the schema refuses a report missing its ties', async () => {
    const broken = join(dir, 'broken.jsonl');
    tamperedCopy(log, broken);
    const out = join(dir, 'r3');
    const run = await runCli(['report', broken, '--out', out]);
    expect(run.code).toBe(1);
    const report = readJson(join(out, 'report.json'));
    expectValid(report);
    expect(report.inputs[0]?.sha256).toBe(sha256(broken));
    const { inputs: _, ...withoutInputs } = report;
    expect(validate(withoutInputs)).toBe(false);
    expect(validate({ ...report, chainEnds: [{ id: 'x' }] })).toBe(false);
  }, 60_000);

  it('with the policy named, says how many decisions name its sha256', async () => {
    const out = join(dir, 'r4');
    const run = await runCli(['report', log, '--preset', 'lanekassen-saldo', '--env', 'test', '--out', out]);
    expect(run.code).toBe(0);
    const report = readJson(join(out, 'report.json'));
    expectValid(report);
    // The log's policy carries a shadow rule the preset lacks: another sha256, and the report says so.
    expect(report.namedPolicy).toMatchObject({ id: 'lanekassen-saldo/test', matchingDecisions: 0 });
    expect(report.namedPolicy?.sha256).not.toBe(report.policies[0]?.sha256);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('taken under another policy');
  }, 60_000);
});

describe('coverage from production (report --coverage)', () => {
  let dir: string;
  let log: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-coverage-'));
    log = join(dir, 'decisions.jsonl');
    await writeGuardDecisionLog(log);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts each rule by path, the rules that never failed, the codes that occurred, each shadow rule', async () => {
    const out = join(dir, 'c1');
    const run = await runCli(['report', log, '--coverage', '--out', out]);
    expect(run.code).toBe(0);
    const report = readJson(join(out, 'report.json'));
    expectValid(report);
    const c = report.coverage;
    if (c === undefined) throw new Error('no coverage');
    expect(c.basis).toBe('records');
    expect(c.decisions).toBe(expected.records);
    const byLeaf = (id: string) => c.rules.find((r) => r.path[r.path.length - 1] === id);
    // consent-validity failed in the two decisions on an expired consent; issuer never failed.
    expect(byLeaf('consent-validity')).toMatchObject({ fail: expected.reasons.consent_expired });
    expect(byLeaf('issuer')?.fail).toBe(0);
    expect(c.neverFailed.map((p) => p[p.length - 1])).toContain('issuer');
    expect(c.neverFailed.map((p) => p[p.length - 1])).not.toContain('consent-validity');
    expect(c.codes.occurred).toContainEqual(
      expect.objectContaining({ code: 'consent_expired', decisions: 2, en: 'the consent has expired' }),
    );
    expect(c.codes.neverOccurred).toBeNull();
    const shadow = c.shadow.find((s) => s.path[s.path.length - 1] === 'acme.no-suppliers');
    expect(shadow).toMatchObject({
      wouldDeny: expected.shadowWouldDeny,
      ofAllowed: expected.shadowWouldDeny,
    });
    expect(shadow?.rate).toBeCloseTo(expected.shadowWouldDeny / (shadow?.evaluated ?? 1));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const id of ['coverage', 'coverage-codes', 'coverage-branches', 'coverage-shadow'])
      expect(html).toContain(`data-testid="${id}"`);
  }, 60_000);

  // One walker counts both (rules' collectCoverage): the codes a policy can give are the same for the report as
  // for its tests. Regression: the report asked a preset whose pid rule is not required for pid_missing, which
  // that rule cannot give (testPolicy knew); every code it names never occurred is one the policy can give.
  it('names as never occurred only codes the policy can give, the same ones testPolicy counts', async () => {
    const policy = preset('lanekassen-saldo', 'test').policy;
    const aggregator = createReportAggregator({ clock: () => 0, coverage: true, policy });
    for (const [i, text] of readFileSync(log, 'utf8').trim().split('\n').entries())
      aggregator.push(text, { file: 'decisions.jsonl', line: i + 1 });
    const codes = aggregator.result().coverage?.codes;
    const possible = (await testPolicy(policy, { cases: [] })).coverage.codes.possible;
    expect(codes?.neverOccurred).not.toContain('pid_missing');
    expect(possible).not.toContain('pid_missing');
    const occurred = (codes?.occurred ?? []).map((c) => c.code).filter((c) => possible.includes(c));
    expect([...(codes?.neverOccurred ?? []), ...occurred].sort()).toEqual([...possible].sort());
  }, 60_000);

  it('with a policy, lists its whole tree: rules never evaluated, codes never given, branches never decided', async () => {
    const lines: string[] = [];
    const sink: AuditSink = { name: 'lines', write: (line) => void lines.push(line) };
    const audit = createAuditTrail({ sinks: [sink], chainId: 'branches' });
    const supplierPresent = defineRule({
      id: 'has-supplier',
      check: (claims) =>
        claims.maskinporten.supplier === undefined
          ? fail({ code: 'claim_missing', path: 'maskinporten.supplier' })
          : pass(),
    });
    const never = defineRule({
      id: 'never',
      codes: { 'acme.never': { en: 'never given', nb: 'aldri gitt' } },
      check: () => fail({ code: 'acme.never', path: '' }),
    });
    const always = defineRule({ id: 'always', check: () => pass() });
    const policy = definePolicy({
      id: 'acme',
      version: '1',
      rule: all([
        any([always, never], { id: 'either' }),
        when(supplierPresent, always, { id: 'suppliers-only' }),
      ]),
    });
    const guard = createGuard({
      policy,
      keys: { maskinporten: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
      clock: () => now,
      audit,
    });
    for (let i = 0; i < 3; i += 1) await guard.check({ maskinportenToken: tokens.direct() });
    await audit.close();
    const aggregator = createReportAggregator({ clock: () => 0, coverage: true, policy });
    for (const [i, text] of lines.entries()) aggregator.push(text, { file: 'mem', line: i + 1 });
    const report = aggregator.result();
    expectValid(JSON.parse(JSON.stringify(report)));
    const c = report.coverage;
    if (c === undefined) throw new Error('no coverage');
    expect(c.basis).toBe('policy');
    const branch = (combinator: string, b: string) =>
      c.branches.find((x) => x.path[x.path.length - 1] === combinator && x.branch === b)?.decided;
    expect(branch('either', 'always')).toBe(3);
    expect(branch('either', 'never')).toBe(0);
    expect(branch('suppliers-only', 'skip')).toBe(3);
    expect(branch('suppliers-only', 'then')).toBe(0);
    // `always` under the when never ran: the policy's tree shows it, no record does.
    expect(c.neverEvaluated).toContainEqual([
      'policy',
      'all(either,suppliers-only)',
      'suppliers-only',
      'always',
    ]);
    // `never` failed inside the any every time (its code occurred); the any itself never failed.
    expect(c.codes.neverOccurred).not.toContain('acme.never');
    expect(c.codes.neverOccurred).toContain('no_alternative_passed');
    expect(c.codes.occurred.find((x) => x.code === 'acme.never')).toMatchObject({
      en: 'never given',
      nb: 'aldri gitt',
    });
    expect(c.codes.occurred.map((x) => x.code)).toEqual(
      expect.arrayContaining(['acme.never', 'claim_missing']),
    );
    expect(report.namedPolicy).toMatchObject({ sha256: policy.sha256, matchingDecisions: 3 });
  }, 60_000);
});
