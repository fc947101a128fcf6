// dsop-guard check's options beyond the shared table: --version, --format/--lang, --clock-tolerance, tokens from
// files and standard input, repeated flags, and --rules with a policy file. Real child processes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, now, tokens } from '../adapters/table.js';
import { cli, root } from './cliProcess.js';

let dir: string;
let keyFlags: string[];
let mpFile: string;
let consentFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-cli-options-'));
  writeFileSync(join(dir, 'mp-jwks.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn-jwks.json'), JSON.stringify(altinnKeys.jwks));
  keyFlags = [
    '--maskinporten-jwks',
    join(dir, 'mp-jwks.json'),
    '--altinn-jwks',
    join(dir, 'altinn-jwks.json'),
  ];
  mpFile = join(dir, 'mp.jwt');
  consentFile = join(dir, 'consent.jwt');
  writeFileSync(mpFile, `${tokens.direct()}\n`);
  writeFileSync(consentFile, `${tokens.altinn2Consent()}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lanekassen = ['--preset', 'lanekassen-saldo', '--env', 'test'];
const at = (seconds: number) => ['--now', String(seconds)];
const verdictOf = (stdout: string) => JSON.parse(stdout) as Verdict;
const fromFiles = () => ['--maskinporten-token-file', mpFile, '--consent-token-file', consentFile];
const person = ['--person', tokens.person];

describe.concurrent('dsop-guard check options', { timeout: 90_000 }, () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
    const run = await cli(['--version']);
    expect([run.code, run.stdout]).toEqual([0, `${version}\n`]);
  });

  it('tokens from files (a trailing newline is dropped) judge like tokens on the command line', async () => {
    const run = await cli(['check', ...lanekassen, ...keyFlags, ...at(now), ...fromFiles(), ...person]);
    expect([run.code, verdictOf(run.stdout).decision, run.stderr]).toEqual([0, 'allow', '']);
  });

  it('a token from standard input with -', async () => {
    const args = ['--maskinporten-token-file', '-', '--consent-token-file', consentFile, ...person];
    const run = await cli(['check', ...lanekassen, ...keyFlags, ...at(now), ...args], tokens.direct());
    expect([run.code, verdictOf(run.stdout).decision]).toEqual([0, 'allow']);
  });

  it('an empty token file is a deny with token_missing, not an allow', async () => {
    const empty = join(dir, 'empty.jwt');
    writeFileSync(empty, '\n');
    const args = ['--maskinporten-token-file', empty, '--consent-token-file', consentFile, ...person];
    const run = await cli(['check', ...lanekassen, ...keyFlags, ...at(now), ...args]);
    expect([run.code, verdictOf(run.stdout).reasons]).toEqual([1, ['token_missing']]);
  });

  it('--format text prints explain(verdict); --lang nb in Norwegian', async () => {
    const base = (time: number) => [
      'check',
      ...lanekassen,
      ...keyFlags,
      ...at(time),
      ...fromFiles(),
      ...person,
    ];
    const en = await cli([...base(now), '--format', 'text']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(
      /^ALLOW lanekassen-saldo\/test@1\.0\.0 \(sha256 [0-9a-f]{12}\)\n {2}pass input\n/,
    );
    const nb = await cli([...base(now), '--format', 'text', '--lang', 'nb']);
    expect(nb.stdout).toMatch(/^TILLATT lanekassen-saldo\/test@/);
    const late = await cli([...base(now + 3600), '--format', 'text']);
    expect(late.code).toBe(1);
    expect(late.stdout.split('\n')[0]).toMatch(/^DENY .*: token_expired/);
  });

  it('--format text in a batch: each explanation starts with the line id', async () => {
    const line = JSON.stringify({ id: 'a1', maskinportenToken: tokens.direct(), person: tokens.person });
    const run = await cli(
      ['check', ...lanekassen, ...keyFlags, ...at(now), '--batch', '-', '--format', 'text'],
      line,
    );
    expect([run.code, run.stdout.split('\n')[0]]).toEqual([
      1,
      expect.stringMatching(/^a1: DENY .*consent_missing/),
    ]);
  });

  it('--clock-tolerance: an exp 5 s past passes with the default 10 s, and is token_expired with 0', async () => {
    const consent = join(dir, 'long-consent.jwt');
    writeFileSync(consent, tokens.altinn2Consent({ claims: { exp: now + 600 } }));
    const args = ['--maskinporten-token-file', mpFile, '--consent-token-file', consent, ...person];
    const base = ['check', ...lanekassen, ...keyFlags, ...at(now + 115 + 5), ...args];
    const lenient = await cli(base);
    expect([lenient.code, verdictOf(lenient.stdout).decision]).toEqual([0, 'allow']);
    const strict = await cli([...base, '--clock-tolerance', '0']);
    expect([strict.code, verdictOf(strict.stdout).reasons]).toEqual([1, ['token_expired']]);
  });

  it('--rules: a policy file naming a custom rule, with its factory from an ES module', async () => {
    const policy = join(dir, 'acme.policy.yaml');
    const blocked = (orgno: string) =>
      `id: acme/test\nversion: "1"\nenvironment: test\ntransport:\n  authorization: raw\n  consentHeader: consent-id\n  personHeaders: [psu-id, psu_id]\n  requestIdHeader: x-request-id\nrule:\n  all:\n    - rule: issuer\n    - rule: acme.blocked-consumers\n      options:\n        blocked: ["${orgno}"]\n`;
    const rules = ['--rules', 'test/fixtures/cli/acme-rules.ts'];
    const args = ['--policy', policy, ...rules, ...keyFlags, ...at(now), '--maskinporten-token-file', mpFile];
    writeFileSync(policy, blocked(tokens.consumer));
    const denied = await cli(['check', ...args]);
    expect([denied.code, verdictOf(denied.stdout).reasons]).toEqual([1, ['acme.consumer_blocked']]);
    writeFileSync(policy, blocked('974760673'));
    const allowed = await cli(['check', ...args]);
    expect([allowed.code, verdictOf(allowed.stdout).decision]).toEqual([0, 'allow']);
    const without = await cli(['check', ...args.filter((a) => !rules.includes(a))]);
    expect([without.code, without.stderr]).toEqual([2, expect.stringContaining('acme.blocked-consumers')]);
  });

  it('a token pasted without its flag is a usage error that does not echo it', async () => {
    const token = tokens.direct();
    const run = await cli(['check', ...lanekassen, ...keyFlags, '--maskinporten-token-file', mpFile, token]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain('no positional arguments');
    for (const part of token.split('.')) expect(run.stderr).not.toContain(part);
  });

  const request = ['--maskinporten-token-file', '/dev/null', ...person];
  it.each([
    [
      'a flag given twice',
      [...lanekassen, ...request, '--person', '02095302184'],
      '--person is given more than once',
    ],
    ['--env given twice', [...lanekassen, '--env', 'prod', ...request], '--env is given more than once'],
    [
      'a token and its file',
      [...lanekassen, ...request, '--maskinporten-token', 'x'],
      'give --maskinporten-token or --maskinporten-token-file, not both',
    ],
    [
      'standard input twice',
      [...lanekassen, '--maskinporten-token-file', '-', '--consent-token-file', '-', ...person],
      'only one of',
    ],
    [
      'a token file that cannot be read',
      [...lanekassen, '--maskinporten-token-file', '/nonexistent/mp.jwt', ...person],
      '--maskinporten-token-file: cannot read "/nonexistent/mp.jwt": ENOENT',
    ],
    ['--format yaml', [...lanekassen, ...request, '--format', 'yaml'], '--format: give json or text'],
    [
      '--lang without --format text',
      [...lanekassen, ...request, '--lang', 'nb'],
      '--lang goes with --format text',
    ],
    ['--lang de', [...lanekassen, ...request, '--format', 'text', '--lang', 'de'], '--lang: give en or nb'],
    ['--clock-tolerance 301', [...lanekassen, ...request, '--clock-tolerance', '301'], '--clock-tolerance'],
    ['--clock-tolerance -1', [...lanekassen, ...request, '--clock-tolerance=-1'], '--clock-tolerance'],
    ['--rules with a preset', [...lanekassen, ...request, '--rules', 'x.js'], '--rules goes with --policy'],
    [
      '--rules without a default export',
      [
        '--policy',
        'x.yaml',
        '--maskinporten-jwks',
        '/dev/null',
        ...request,
        '--rules',
        'test/fixtures/cli/no-default.ts',
      ],
      'must export default an object',
    ],
    [
      '--rules that cannot be loaded',
      ['--policy', 'x.yaml', '--maskinporten-jwks', '/dev/null', ...request, '--rules', 'nonexistent.js'],
      '--rules: cannot load "nonexistent.js"',
    ],
  ] as const)('%s → exit 2, saying what to fix', async (_, args, message) => {
    const run = await cli(['check', ...args]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("See 'dsop-guard check --help'");
  });
});
