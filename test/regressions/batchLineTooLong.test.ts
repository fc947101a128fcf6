import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, tokens } from '../adapters/table.js';
import { cli } from '../cli/cliProcess.js';

// Issue 26 (CLI): `check --batch` held each line whole before looking at it, so a line without an end (a log
// piped in by mistake, /dev/zero) grew until V8 threw "RangeError: Invalid string length" out of readline, and a
// long line short of that was judged as junk: exit 1, which says "denied". The same held for a token file or
// standard input. Fix: a batch line, and a token, is at most 1 MiB (1,048,576 bytes); past it the run ends
// with a usage error naming the line (exit 2), before the line is held whole.

const MAX = 1_048_576;
let dir: string;
let keyFlags: string[];
const lanekassen = ['--preset', 'lanekassen-saldo', '--env', 'test'];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-batch-long-'));
  writeFileSync(join(dir, 'mp-jwks.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn-jwks.json'), JSON.stringify(altinnKeys.jwks));
  keyFlags = [
    '--maskinporten-jwks',
    join(dir, 'mp-jwks.json'),
    '--altinn-jwks',
    join(dir, 'altinn-jwks.json'),
  ];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A batch line of exactly `bytes` bytes (without its newline): a request whose id pads it. */
function lineOf(bytes: number): string {
  const head = JSON.stringify({ id: '', maskinportenToken: tokens.direct(), person: tokens.person });
  return head.replace('"id":""', `"id":"${'x'.repeat(bytes - head.length)}"`);
}

describe('regression: an over-long batch line or token ends the run with exit 2 (issue 26)', () => {
  it('a line of 1 MiB and one byte, after a good one: its verdict, then a usage error naming line 2', async () => {
    const file = join(dir, 'long.jsonl');
    writeFileSync(file, `${lineOf(2000)}\n${lineOf(MAX + 1)}\n${lineOf(2000)}\n`);
    const run = await cli(['check', ...lanekassen, ...keyFlags, '--batch', file]);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--batch: line 2 is longer than 1 MiB');
    expect(run.stderr).not.toMatch(/RangeError|no verdict|at /);
  });

  it('a line of exactly 1 MiB, from standard input without a final newline, is judged (deny here: exit 1)', async () => {
    const run = await cli(['check', ...lanekassen, ...keyFlags, '--batch', '-'], lineOf(MAX));
    expect([run.code, run.stderr]).toEqual([1, '']);
    expect(JSON.parse(run.stdout).reasons).toEqual(['consent_missing']);
  });

  it('a token of more than 1 MiB from standard input or a file is a usage error (exit 2)', async () => {
    const file = join(dir, 'long.jwt');
    writeFileSync(file, 'a'.repeat(MAX + 1));
    const request = [...lanekassen, ...keyFlags, '--person', tokens.person];
    const [stdin, fromFile] = await Promise.all([
      cli(['check', ...request, '--maskinporten-token-file', '-'], 'a'.repeat(MAX + 1)),
      cli(['check', ...request, '--maskinporten-token-file', file]),
    ]);
    for (const run of [stdin, fromFile]) {
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toContain('--maskinporten-token-file: more than 1 MiB');
    }
  });
});
