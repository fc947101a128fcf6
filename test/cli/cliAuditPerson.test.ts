// `dsop-guard audit person` (issue 23 part 5), a person's access request: the real CLI over logs written by a
// real guard and audit trail, pseudonymised with a key, masked without one, and in clear.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonReport } from '@dsop-guard/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherPerson, tokens } from '../adapters/table.js';
import { expected, writeGuardDecisionLog } from '../fixtures/guardDecisionLog.js';
import { runCli } from '../fixtures/runCli.js';

const key = 'an-audit-person-test-key-of-32-bytes-or-more';
const env = { DSOP_GUARD_AUDIT_KEY: key };
const person = tokens.person;

/** Every written file except the requested output must be free of the person number; so must stdout and stderr. */
function expectNoPerson(text: string): void {
  expect(text).not.toContain(person);
  expect(text).not.toContain(otherPerson);
}

describe('dsop-guard audit person', () => {
  let dir: string;
  let pseudonymised: string;
  let masked: string;
  let clear: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-person-'));
    pseudonymised = join(dir, 'pseudonymised.jsonl');
    masked = join(dir, 'masked.jsonl');
    clear = join(dir, 'clear.jsonl');
    await writeGuardDecisionLog(pseudonymised, 'gw-p', { pseudonymKey: { id: 'k2026', key } });
    await writeGuardDecisionLog(masked, 'gw-m');
    await writeGuardDecisionLog(clear, 'gw-c', { person: 'clear' });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every decision about the person from pseudonymised logs, the key from the environment (exit 0)', async () => {
    const out = join(dir, 'answer');
    const run = await runCli(['audit', 'person', pseudonymised, '--out', out], { stdin: `${person}\n`, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectNoPerson(run.stdout);
    expect(run.stdout).toContain('11 decisions about the person');
    // The logs hold no clear number: the pseudonymised log is free of it.
    expectNoPerson(readFileSync(pseudonymised, 'utf8'));
    const report = JSON.parse(readFileSync(join(out, 'person.json'), 'utf8')) as PersonReport;
    // Eleven of the twelve requests were about this person, one about another.
    expect(report.count).toBe(expected.records - 1);
    expect(report.person).toBe(person);
    expect(report.search).toMatchObject({ answerable: true, keyGiven: true, masked: 0, clear: 0 });
    expect(report.search.pseudonymised).toEqual([{ keyId: 'k2026', records: expected.records }]);
    const supplier = report.decisions.find((d) => d.delegation === 'supplier');
    expect(supplier).toMatchObject({
      consumerOrgno: tokens.consumer,
      supplierOrgno: tokens.supplierOrgno,
      delegationSource: 'https://tt02.altinn.no/',
      decision: 'allow',
    });
    expect(supplier?.consent?.source).toBe('altinn2');
    const expired = report.decisions.filter((d) => d.reasons.some((r) => r.code === 'consent_expired'));
    expect(expired).toHaveLength(2);
    expect(expired[0]?.reasons[0]?.en).toBe('the consent has expired');
    for (const name of ['index.html', 'person.md', 'person.json']) {
      expect(statSync(join(out, name)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(out, name), 'utf8')).toContain(person);
    }
    const md = readFileSync(join(out, 'person.md'), 'utf8');
    expect(md).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00/);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'person.json', 'person.md']);
  }, 60_000);

  it('reads the person from --person-file, and another person gets only their own decision', async () => {
    const file = join(dir, 'request.txt');
    writeFileSync(file, `  ${otherPerson}  \n`);
    const out = join(dir, 'answer-other');
    const run = await runCli(['audit', 'person', '--person-file', file, pseudonymised, '--out', out], {
      env,
    });
    expect(run.code).toBe(0);
    expectNoPerson(run.stdout + run.stderr);
    const report = JSON.parse(readFileSync(join(out, 'person.json'), 'utf8')) as PersonReport;
    expect(report.count).toBe(1);
    expect(report.decisions[0]?.line).toBe(expected.records);
  }, 60_000);

  it('finds the person in logs written in clear, without a key', async () => {
    const out = join(dir, 'answer-clear');
    const run = await runCli(['audit', 'person', clear, '--out', out], { stdin: person, env: {} });
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'person.json'), 'utf8')).count).toBe(expected.records - 1);
  }, 60_000);

  it('says clearly that masked logs cannot answer, exit 1; so do pseudonymised logs without the key', async () => {
    const out = join(dir, 'answer-masked');
    const run = await runCli(['audit', 'person', masked, '--out', out], { stdin: person, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot answer: the logs were written with persons masked');
    expectNoPerson(run.stdout + run.stderr);
    const report = JSON.parse(readFileSync(join(out, 'person.json'), 'utf8')) as PersonReport;
    expect(report.search).toMatchObject({
      answerable: false,
      masked: expected.records,
      maskedSameEnding: 11,
    });
    expect(readFileSync(join(out, 'person.md'), 'utf8')).toContain('NOT ANSWERABLE');
    const noKey = await runCli(['audit', 'person', pseudonymised, '--out', join(dir, 'answer-nokey')], {
      stdin: person,
      env: {},
    });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('DSOP_GUARD_AUDIT_KEY is not set');
  }, 60_000);

  it('refuses a person number as an argument, exit 2, without echoing it, and writes nothing', async () => {
    for (const args of [
      ['audit', 'person', person, pseudonymised, '--out', join(dir, 'never')],
      ['audit', 'person', `--person=${person}`, pseudonymised, '--out', join(dir, 'never')],
      ['audit', 'person', '010853 01957', pseudonymised, '--out', join(dir, 'never')],
    ]) {
      const run = await runCli(args, { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('a person number is never an argument');
      expect(run.stderr).not.toMatch(/\*{5,}|01957|0108/);
      expectNoPerson(run.stdout + run.stderr);
    }
    expect(readdirSync(dir)).not.toContain('never');
  }, 60_000);

  it('refuses input that is not a valid person number (control digits), a short key, and no input, exit 2', async () => {
    const bad = `${person.slice(0, 10)}${(Number(person[10]) + 1) % 10}`;
    const run = await runCli(['audit', 'person', pseudonymised, '--out', join(dir, 'bad')], {
      stdin: bad,
      env,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a valid fødselsnummer');
    expect(run.stderr).not.toContain(bad);
    const short = await runCli(['audit', 'person', pseudonymised, '--out', join(dir, 'bad')], {
      stdin: person,
      env: { DSOP_GUARD_AUDIT_KEY: 'short' },
    });
    expect(short.code).toBe(2);
    expectNoPerson(short.stderr);
    const none = await runCli(['audit', 'person', pseudonymised, '--out', join(dir, 'bad')], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give the person number on stdin');
    expect(readdirSync(dir)).not.toContain('bad');
  }, 60_000);
});
