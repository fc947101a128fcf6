// @ts-nocheck
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/runCli.js';

// Issue 26 (readers): `audit verify` read anything it could open: /dev/null gave "no records" and exit 0,
// /dev/zero (or a symlink to it) an endless line, and a FIFO blocked every reader at open until a writer came.
// Fix: the three readers open their logs with cli/openLogs.ts, non-blocking, and refuse what fstat does not call
// a regular file (exit 2).

let dir: string;
let fifo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-nonregular-'));
  fifo = join(dir, 'decisions.fifo');
  execFileSync('mkfifo', [fifo]);
  symlinkSync('/dev/zero', join(dir, 'zero.jsonl'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regression: decision-log readers refuse files that are not regular', { timeout: 60_000 }, () => {
  it.each([
    ['/dev/null', () => '/dev/null'],
    ['a symlink to /dev/zero', () => join(dir, 'zero.jsonl')],
    ['a FIFO', () => fifo],
  ])('audit verify refuses %s: exit 2', async (_, path) => {
    const run = await runCli(['audit', 'verify', path()]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(`${basename(path())}": not a regular file`);
  });

  it('report and replay refuse a FIFO without waiting for a writer: exit 2', async () => {
    const runs = await Promise.all([
      runCli(['report', fifo, '--out', join(dir, 'report')]),
      runCli(['replay', '--preset', 'lanekassen-saldo', '--env', 'test', fifo, '--out', join(dir, 'replay')]),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${basename(fifo)}": not a regular file`);
    }
  });
});
