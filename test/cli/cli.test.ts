import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verdictStatus } from '@dsop-guard/adapters';
import type { Verdict } from '@dsop-guard/core';
import { type MockIssuer, startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable, redisUrl } from '../adapters/redisUrl.js';
import {
  altinnKeys,
  mpKeys,
  now,
  type Observed,
  type Row,
  requestIdOf,
  type TableInput,
  table,
  tokens,
} from '../adapters/table.js';
import { runCli } from '../fixtures/runCli.js';
import { cli } from './cliProcess.js';

let dir: string;
let altinn: MockIssuer;
let maskinporten: MockIssuer;
let mpJwksFile: string;
let altinnJwksFile: string;
/** Maskinporten keys from a file, Altinn keys from a URL on loopback. */
let keyFlags: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-cli-'));
  mpJwksFile = join(dir, 'maskinporten-jwks.json');
  altinnJwksFile = join(dir, 'altinn-jwks.json');
  writeFileSync(mpJwksFile, JSON.stringify(mpKeys.jwks));
  writeFileSync(altinnJwksFile, JSON.stringify(altinnKeys.jwks));
  altinn = await startMockIssuer({ keys: [altinnKeys], jwksPath: '/api/metadata/jwk' });
  maskinporten = await startMockIssuer({ keys: [mpKeys] });
  keyFlags = ['--maskinporten-jwks', mpJwksFile, '--altinn-jwks', altinn.jwksUri, '--now', String(now)];
});
afterAll(async () => {
  await Promise.all([altinn.close(), maskinporten.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const lanekassen = ['--preset', 'lanekassen-saldo', '--env', 'test'];

function requestFlags(input: TableInput): string[] {
  const flags: string[] = [];
  if (input.maskinportenToken !== undefined) flags.push('--maskinporten-token', input.maskinportenToken);
  if (input.consentToken !== undefined) flags.push('--consent-token', input.consentToken);
  if (input.person !== undefined) flags.push('--person', input.person);
  if (input.requestId !== undefined) flags.push('--request-id', input.requestId);
  return flags;
}

const observe = (v: Verdict): Observed => ({
  decision: v.decision,
  reasons: v.reasons,
  status: verdictStatus(v),
  ...(v.decision === 'allow' ? { consentSource: v.consentSource } : {}),
});

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Verdict & { id: string | null });

/** A row with earlier requests runs as one batch over standard input, with an in-memory consent store. */
async function runRow(row: Row): Promise<{ verdict: Verdict; code: number | null }> {
  const input = { ...row.input, requestId: requestIdOf(row) };
  if (row.before === undefined) {
    const run = await cli(['check', ...lanekassen, ...keyFlags, ...requestFlags(input)]);
    expect(run.stderr).toBe('');
    return { verdict: JSON.parse(run.stdout) as Verdict, code: run.code };
  }
  const requests = [...row.before, input].map((r, i) => JSON.stringify({ id: `step-${i}`, ...r }));
  const run = await cli(
    ['check', ...lanekassen, ...keyFlags, '--consent-store', 'memory', '--batch', '-'],
    requests.join('\n'),
  );
  const out = lines(run.stdout);
  expect(out.map((v) => v.id)).toEqual(requests.map((_, i) => `step-${i}`));
  for (const step of out.slice(0, -1)) expect(step.decision).toBe('allow');
  return { verdict: out.at(-1) as Verdict, code: run.code };
}

describe.concurrent('dsop-guard check: the shared table', { timeout: 90_000 }, () => {
  it.each(table.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const { verdict, code } = await runRow(row);
    expect(observe(verdict)).toEqual(row.expected);
    expect(verdict.requestId).toBe(requestIdOf(row));
    expect(code).toBe(row.expected.decision === 'allow' ? 0 : 1);
  });
});

const valid: TableInput = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};

describe.concurrent('dsop-guard check', { timeout: 90_000 }, () => {
  it('keys from a URL (Maskinporten) and a file (Altinn) too', async () => {
    const flags = [
      '--maskinporten-jwks',
      maskinporten.jwksUri,
      '--altinn-jwks',
      altinnJwksFile,
      '--now',
      String(now),
    ];
    const run = await cli(['check', ...lanekassen, ...flags, ...requestFlags(valid)]);
    expect([run.code, JSON.parse(run.stdout).decision]).toEqual([0, 'allow']);
  });

  it('an unreachable key URL is a deny with keys_unavailable, not a crash', async () => {
    const flags = [
      '--maskinporten-jwks',
      'http://127.0.0.1:9/jwk',
      '--altinn-jwks',
      altinnJwksFile,
      '--now',
      String(now),
    ];
    const run = await cli(['check', ...lanekassen, ...flags, ...requestFlags(valid)]);
    expect([run.code, JSON.parse(run.stdout).reasons]).toEqual([1, ['keys_unavailable']]);
  });

  it('--policy <file> instead of a preset', async () => {
    const policy = join(dir, 'scope-only.policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        id: 'acme/test',
        version: '1',
        environment: 'test',
        transport: {
          authorization: 'raw',
          consentHeader: 'consent-id',
          personHeaders: ['psu-id', 'psu_id'],
          requestIdHeader: 'x-request-id',
        },
        rule: {
          all: [
            { rule: 'issuer' },
            { rule: 'scope', options: { scopes: ['lanekassen:lan/v1/saldoopplysninger'] } },
          ],
        },
      }),
    );
    const allowed = await cli([
      'check',
      '--policy',
      policy,
      ...keyFlags,
      '--maskinporten-token',
      tokens.direct(),
    ]);
    expect([allowed.code, JSON.parse(allowed.stdout).policy.id]).toEqual([0, 'acme/test']);
    const denied = await cli([
      'check',
      '--policy',
      policy,
      ...keyFlags,
      '--maskinporten-token',
      tokens.direct({ claims: { scope: 'other:scope' } }),
    ]);
    expect([denied.code, JSON.parse(denied.stdout).reasons]).toEqual([1, ['scope_missing']]);
  });

  it('--batch <file>: one verdict per line, same id, input order; a malformed line is input_malformed and the run goes on', async () => {
    const file = join(dir, 'requests.jsonl');
    const requests = [
      JSON.stringify({ id: 'ok', ...valid }),
      '{ not json',
      JSON.stringify({ maskinportenToken: valid.maskinportenToken }),
      JSON.stringify({ id: 'typo', ...valid, consent_token: 'x' }),
      '',
      JSON.stringify({ id: 'late', ...valid, now: now + 3600 }),
      JSON.stringify({ id: 'wrong-type', ...valid, person: 1957 }),
      JSON.stringify({ id: 'ok-again', ...valid }),
    ];
    writeFileSync(file, `${requests.join('\n')}\n`);
    const run = await cli(['check', ...lanekassen, ...keyFlags, '--batch', file]);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out.map((v) => [v.id, v.decision, v.reasons])).toEqual([
      ['ok', 'allow', []],
      [null, 'deny', ['input_malformed']],
      [null, 'deny', ['input_malformed']],
      ['typo', 'deny', ['input_malformed']],
      ['late', 'deny', ['token_expired']],
      ['wrong-type', 'deny', ['input_malformed']],
      ['ok-again', 'allow', []],
    ]);
    expect(out[1]?.violations).toEqual([{ code: 'input_malformed', ruleId: 'cli.batch', path: 'line 2' }]);
    expect(out[3]?.violations[0]?.path).toBe('consent_token');
  });

  it('--batch exits 0 when every line is allowed (and for no lines at all)', async () => {
    const all = await cli(
      ['check', ...lanekassen, ...keyFlags, '--batch', '-'],
      `${JSON.stringify({ id: 'a', ...valid })}\n`,
    );
    expect([all.code, lines(all.stdout).length]).toEqual([0, 1]);
    const none = await cli(['check', ...lanekassen, ...keyFlags, '--batch', '-'], '');
    expect([none.code, none.stdout]).toEqual([0, '']);
  });

  const request = requestFlags(valid);
  it.each([
    ['no command', [], 'give a command'],
    ['no policy', ['check', ...request], '--preset'],
    ['a preset without --env', ['check', '--preset', 'lanekassen-saldo', ...request], '--env'],
    [
      'a misspelt preset',
      ['check', '--preset', 'lanekasen-saldo', '--env', 'test', ...request],
      "did you mean 'lanekassen-saldo'",
    ],
    [
      '--policy without keys',
      ['check', '--policy', 'packages/rules/examples/lanekassen-test.policy.yaml', ...request],
      '--policy needs --maskinporten-jwks',
    ],
    [
      'a missing JWKS file',
      ['check', ...lanekassen, '--maskinporten-jwks', '/nonexistent.json', ...request],
      '--maskinporten-jwks: cannot read',
    ],
    [
      'a JWKS URL that is not https',
      ['check', ...lanekassen, '--altinn-jwks', 'http://example.com/jwk', ...request],
      '--altinn-jwks',
    ],
    ['--now that is not epoch seconds', ['check', ...lanekassen, '--now', 'yesterday', ...request], '--now'],
    [
      '--batch with request flags',
      ['check', ...lanekassen, '--batch', '-', '--person', tokens.person],
      'drop --person',
    ],
    [
      'an unknown option',
      ['check', ...lanekassen, '--persn', tokens.person],
      'unknown option --persn; did you mean --person?',
    ],
  ] as const)('%s → exit 2, saying what to fix', async (_, args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('--help');
  });

  it('--consent-store redis://… needs DSOP_GUARD_CONSENT_STORE_KEY of at least 32 bytes', async () => {
    const args = [
      'check',
      ...lanekassen,
      ...keyFlags,
      '--consent-store',
      'redis://127.0.0.1:9',
      '--batch',
      '-',
    ];
    for (const key of [undefined, 'x'.repeat(31)]) {
      const env = key === undefined ? {} : { DSOP_GUARD_CONSENT_STORE_KEY: key };
      const run = await runCli(args, { stdin: '', env });
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toContain('DSOP_GUARD_CONSENT_STORE_KEY (at least 32 bytes)');
    }
  });

  it.skipIf(!redisAvailable)(
    '--consent-store redis://…: a consent stored by one run serves the next',
    async () => {
      const env = { DSOP_GUARD_CONSENT_STORE_KEY: `cli-test-${process.pid}-${Date.now()}-of-32-bytes` };
      const args = [
        'check',
        ...lanekassen,
        ...keyFlags,
        '--consent-store',
        redisUrl as string,
        '--batch',
        '-',
      ];
      const line = (id: string, r: TableInput) => JSON.stringify({ id, ...r });
      const { maskinportenToken, person } = valid;
      const first = await runCli(args, { stdin: line('a', valid), env });
      const second = await runCli(args, { stdin: line('b', { maskinportenToken, person }), env });
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(JSON.parse(second.stdout).consentSource).toBe('stored');
    },
  );

  it('--help for every command, with examples', async () => {
    for (const args of [['--help'], ['check', '-h']]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Examples:');
    }
  });

  it('runs as `pnpm dsop-guard` from the repository root', async () => {
    const run = await cli(['check', ...lanekassen, ...keyFlags, ...requestFlags(valid)], '', [
      'pnpm',
      'dsop-guard',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"decision": "allow"');
  });
});
