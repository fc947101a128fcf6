import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSink } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { mpKeys, now, tokens } from '../adapters/table.js';
import { checkpointKeys, guarded, recordsOf, signedLog, tempDir, verify } from '../audit/support.js';
import { type CliRun, runCli } from '../fixtures/runCli.js';

/** Runs the real CLI from source, with only the environment given (and PATH). */
const cli = (args: readonly string[], env: Record<string, string> = {}, stdin = ''): Promise<CliRun> =>
  runCli(args, { env, stdin });

/** `check` against local keys at the fixture's time; Altinn keys are not needed for a consent-less policy run. */
function checkArgs(dir: string): string[] {
  const jwks = join(dir, 'mp-jwks.json');
  writeFileSync(jwks, JSON.stringify(mpKeys.jwks));
  return [
    'check',
    '--preset',
    'lanekassen-saldo',
    '--env',
    'test',
    '--maskinporten-jwks',
    jwks,
    '--now',
    String(now),
  ];
}

const request = (id: string) =>
  JSON.stringify({ id, maskinportenToken: tokens.direct(), person: tokens.person, requestId: id });

describe.concurrent('dsop-guard check --audit <file>', { timeout: 60_000 }, () => {
  it('writes one record per verdict, single and --batch, one chain across runs; persons masked without a key', async () => {
    const dir = tempDir();
    const log = join(dir, 'decisions.jsonl');
    const args = [...checkArgs(dir), '--audit', log, '--chain-id', 'cli-test'];
    const single = await cli([...args, '--maskinporten-token', tokens.direct(), '--person', tokens.person]);
    // Issue 25: it says once, at start, how persons appear in the log, whether checkpoints are signed, which keys.
    const notes = single.stderr.split('\n').filter((l) => l !== '');
    expect(notes.slice(0, 3)).toEqual([
      `dsop-guard check: decision log ${log}: persons masked and not correlatable across records (no DSOP_GUARD_AUDIT_KEY)`,
      'dsop-guard check: checkpoints: not signed (no --signing-key-file or DSOP_GUARD_SIGNING_KEY): a rewrite of the whole log would not show',
      `dsop-guard check: keys maskinporten: ${join(dir, 'mp-jwks.json')} (file; issuer https://test.maskinporten.no/)`,
    ]);
    expect(notes.slice(3)).toEqual([
      expect.stringMatching(/^dsop-guard check: keys consent: https:\/\/\S+ \(jwks, direct; issuer \S+\)$/),
      'dsop-guard check: egress: direct (no proxy set)',
    ]);
    const batch = await cli([...args, '--batch', '-'], {}, [request('b1'), request('b2'), 'junk'].join('\n'));
    expect(batch.code).toBe(1);
    const records = recordsOf(log);
    expect(records.map((r) => [r.chain.id, r.chain.seq])).toEqual([
      ['cli-test', 1],
      ['cli-test', 2],
      ['cli-test', 3],
      ['cli-test', 4],
    ]);
    expect(records.map((r) => r.kind === 'decision' && r.requestId)).toEqual([null, 'b1', 'b2', null]);
    expect(verify([log]).whole).toBe(true);
    const text = readFileSync(log, 'utf8');
    expect(text).not.toContain(tokens.person);
    expect(records[0]).toMatchObject({ privacy: { person: 'mask' }, subject: { person: '*********57' } });
  });

  it('pseudonymises persons with DSOP_GUARD_AUDIT_KEY, under the key id DSOP_GUARD_AUDIT_KEY_ID', async () => {
    const dir = tempDir();
    const log = join(dir, 'decisions.jsonl');
    const env = {
      DSOP_GUARD_AUDIT_KEY: 'an-audit-key-for-the-cli-test-of-32b',
      DSOP_GUARD_AUDIT_KEY_ID: 'k-2026',
    };
    const run = await cli(
      [...checkArgs(dir), '--audit', log, '--maskinporten-token', tokens.direct(), '--person', tokens.person],
      env,
    );
    expect(run.stderr).toContain(
      `dsop-guard check: decision log ${log}: persons pseudonymised with key id k-2026 (DSOP_GUARD_AUDIT_KEY): correlatable across records, and reversible by whoever holds the key\n`,
    );
    expect(run.stderr).not.toContain(env.DSOP_GUARD_AUDIT_KEY);
    const [record] = recordsOf(log);
    expect(record).toMatchObject({ privacy: { person: 'pseudonymise', keyId: 'k-2026' } });
    expect(readFileSync(log, 'utf8')).not.toContain(tokens.person);
  });

  it('--checkpoint-every n writes signed checkpoints that audit verify checks with the public key', async () => {
    const dir = tempDir();
    const log = join(dir, 'decisions.jsonl');
    const keys = checkpointKeys();
    const env = { DSOP_GUARD_SIGNING_KEY: keys.privateKey };
    const args = [...checkArgs(dir), '--audit', log, '--checkpoint-every', '2', '--batch', '-'];
    const run = await cli(args, env, [request('c1'), request('c2'), request('c3'), request('c4')].join('\n'));
    expect(run.stderr).toContain(
      'dsop-guard check: checkpoints: signed every 2 records (key from DSOP_GUARD_SIGNING_KEY)\n',
    );
    expect(run.stderr).not.toContain('PRIVATE KEY');
    expect(run.code).toBe(1); // four denies (no consent): the verdicts do not matter here, their records do
    const kinds = recordsOf(log).map((r) => r.kind);
    expect(kinds.filter((k) => k === 'checkpoint')).toHaveLength(2);
    const checked = await cli(['audit', 'verify', '--public-key', keys.publicFile, log]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('2 checkpoints (2 verified), whole');
    const wrongKey = await cli(['audit', 'verify', '--public-key', checkpointKeys().publicFile, log]);
    expect(wrongKey.code).toBe(1);
  });

  it.each([
    ['a short audit key', ['--audit', 'LOG'], { DSOP_GUARD_AUDIT_KEY: 'short' }, 'DSOP_GUARD_AUDIT_KEY'],
    ['a bad chain id', ['--audit', 'LOG', '--chain-id', 'no spaces'], {}, '--chain-id'],
    ['--chain-id alone', ['--chain-id', 'gw-1'], {}, '--chain-id goes with --audit'],
    ['a folder that does not exist', ['--audit', '/nonexistent/dir/log.jsonl'], {}, '--audit'],
    ['--checkpoint-every alone', ['--checkpoint-every', '2'], {}, '--checkpoint-every goes with --audit'],
    [
      '--checkpoint-every without its key',
      ['--audit', 'LOG', '--checkpoint-every', '2'],
      {},
      'DSOP_GUARD_SIGNING_KEY',
    ],
    [
      '--checkpoint-every 0',
      ['--audit', 'LOG', '--checkpoint-every', '0'],
      { DSOP_GUARD_SIGNING_KEY: 'x' },
      '--checkpoint-every: give a whole number',
    ],
    [
      'a signing key that is no key',
      ['--audit', 'LOG', '--checkpoint-every', '2'],
      { DSOP_GUARD_SIGNING_KEY: 'short' },
      'DSOP_GUARD_SIGNING_KEY: must be an Ed25519 private key',
    ],
    [
      'an HMAC key of older versions',
      ['--audit', 'LOG', '--checkpoint-every', '2'],
      { DSOP_GUARD_CHECKPOINT_KEY: 'a-checkpoint-key-of-some-length' },
      'DSOP_GUARD_CHECKPOINT_KEY, an HMAC key, is no longer used',
    ],
  ])('%s → exit 2', async (_, flags, env, message) => {
    const dir = tempDir();
    const args = flags.map((f) => (f === 'LOG' ? join(dir, 'log.jsonl') : f));
    const run = await cli([...checkArgs(dir), ...args, '--maskinporten-token', tokens.direct()], env);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('short');
  });
});

const keys = checkpointKeys();

/** A log of `n` decisions written in-process, with a checkpoint every 2 records (and at close). */
const writeLog = (n: number): Promise<string> => signedLog(keys.privateKey, n, 2);

describe.concurrent('dsop-guard audit verify', { timeout: 60_000 }, () => {
  it('a whole log: exit 0, one line per chain; checkpoints checked with the public key', async () => {
    const log = await writeLog(4);
    const run = await cli(['audit', 'verify', '--public-key', keys.publicFile, log]);
    expect(run).toEqual({
      code: 0,
      stdout: 'chain test-chain: 4 records, seq 1–6, 2 checkpoints (2 verified), whole\n',
      stderr: '',
    });
    const other = checkpointKeys();
    const named = await cli(['audit', 'verify', '--public-key', other.publicFile, '--format', 'json', log]);
    expect(named.code).toBe(1);
    expect(JSON.parse(named.stdout).problems.map((p: { kind: string }) => p.kind)).toEqual([
      'checkpoint_invalid',
      'checkpoint_invalid',
      'unsigned_chain',
    ]);
  });

  it('without a public key checkpoints are counted, not checked', async () => {
    const log = await writeLog(3);
    const run = await cli(['audit', 'verify', log]);
    expect(run.stdout).toBe('chain test-chain: 3 records, seq 1–5, 2 checkpoints (0 verified), whole\n');
  });

  it('a tail after the last checkpoint is reported with its length, and exit 1 past every', async () => {
    const log = await writeLog(2);
    const head = readFileSync(log, 'utf8');
    const { trail, guard } = guarded({ sinks: [fileSink({ path: log, fsync: 'never' })] });
    for (let i = 0; i < 3; i += 1) await guard.check({ maskinportenToken: 'x', requestId: `t-${i}` });
    await trail.close();
    expect(readFileSync(log, 'utf8').startsWith(head)).toBe(true);
    const run = await cli(['audit', 'verify', '--public-key', keys.publicFile, log]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('seq 6: more records after the last signed checkpoint than its every');
    const looser = await cli(['audit', 'verify', '--public-key', keys.publicFile, '--max-gap', '3', log]);
    expect(looser.stdout).toBe(
      'chain test-chain: 5 records, seq 1–6, 1 checkpoints (1 verified), 3 records after the last checkpoint, whole\n',
    );
  });

  it('audit keygen writes a pair (the private key mode 0600) that check and verify use', async () => {
    const out = join(tempDir(), 'keys');
    const run = await cli(['audit', 'keygen', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^key ed25519:[0-9a-f]{32}\n/);
    expect(statSync(join(out, 'checkpoint-signing.pem')).mode & 0o777).toBe(0o600);
    const again = await cli(['audit', 'keygen', '--out', out]);
    expect(again.code).toBe(2);
  });

  it('an edited record: exit 1, naming file, line, chain and seq', async () => {
    const log = await writeLog(3);
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[1] = (lines[1] as string).replace('"s-1"', '"s-9"');
    writeFileSync(log, lines.join('\n'));
    const run = await cli(['audit', 'verify', log]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${log}:2: chain test-chain seq 2: the record does not match its hash`);
  });

  it('a torn last line is said to be one', async () => {
    const log = await writeLog(2);
    appendFileSync(log, '{"recordVersion":1,"ki');
    const run = await cli(['audit', 'verify', log]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${log}:4: torn last line: a write cut short, e.g. by a crash`);
    expect(run.stdout).toContain('chain test-chain: 2 records, seq 1–3, 1 checkpoints (0 verified), whole');
  });

  it.each([
    ['no files', ['audit', 'verify'], 'give the decision log files'],
    [
      'an unreadable file',
      ['audit', 'verify', '/nonexistent.jsonl'],
      'cannot read "/nonexistent.jsonl": ENOENT',
    ],
    [
      'an unknown flag',
      ['audit', 'verify', '--checkpoint-key', 'secret', 'x.jsonl'],
      'unknown option --checkpoint-key',
    ],
    [
      'a public key file that is missing',
      ['audit', 'verify', '--public-key', '/nonexistent.pem', 'x.jsonl'],
      'cannot read "/nonexistent.pem": ENOENT',
    ],
    [
      '--max-gap without a key',
      ['audit', 'verify', '--max-gap', '3', 'x.jsonl'],
      '--max-gap goes with --public-key',
    ],
    ['keygen without --out', ['audit', 'keygen'], 'give --out'],
    ['a bad format', ['audit', 'verify', '--format', 'xml', 'x.jsonl'], '--format'],
    ['no subcommand', ['audit'], 'give a subcommand'],
  ])('%s → exit 2', async (_, args, message) => {
    const run = await cli(args);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('dsop-guard audit --help');
  });

  it('--help', async () => {
    const run = await cli(['audit', '--help']);
    expect([run.code, run.stdout]).toEqual([0, expect.stringContaining('Examples:')]);
  });
});
