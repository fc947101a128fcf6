import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Pins the CLI's private readLines on purpose: the regression times its line reading alone.
import { readLines } from '../../packages/cli/src/io/readLines.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 26 (readers): `audit verify`, `report` and `replay` copied the unfinished line at every 1 MiB read, so a
// line took time in the square of its length (230 s for one 256 MiB line), and no line was too long to be held.
// Fix: one reader (cli/readLines.ts) for the three commands keeps an unfinished line as its pieces and joins them
// once; a line longer than --max-line-bytes (default 1 MiB) stops the command with an error naming file:line
// (exit 2). Behaviour is asserted, not time: an 8 MiB line read in 64 KiB chunks comes out whole.

let dir: string;
const MIB = 1 << 20;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-long-line-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lines(text: string, options: Parameters<typeof readLines>[2]) {
  const file = join(dir, 'log.jsonl');
  writeFileSync(file, text);
  const handle = await open(file);
  const seen: [number, number, boolean][] = [];
  try {
    await readLines({ file, handle }, (t, line, torn) => void seen.push([line, t.length, torn]), options);
    return seen;
  } finally {
    await handle.close();
  }
}

describe('regression: a long line is read in linear time, and a line over the cap is an error naming file:line', () => {
  it('an 8 MiB line across 128 reads comes out whole, with the lines around it (a CR before a newline kept, as verification reads bytes exactly; a torn last line too)', async () => {
    const long = 'x'.repeat(8 * MIB);
    const seen = await lines(`{}\n${long}\r\n{}\r\n{"a"`, { chunk: 64 * 1024, maxLineBytes: 16 * MIB });
    expect(seen).toEqual([
      [1, 2, false],
      [2, 8 * MIB + 1, false],
      [3, 3, false],
      [4, 4, true],
    ]);
  });

  it('a line over the default cap of 1 MiB, or over a cap set low, rejects naming file:line and the flag', async () => {
    const file = join(dir, 'log.jsonl');
    await expect(lines(`{}\n${'x'.repeat(MIB + 1)}\n{}\n`, {})).rejects.toThrow(
      `${file}:2: a line longer than ${MIB} bytes`,
    );
    await expect(lines(`{}\n${'x'.repeat(MIB)}\n`, {})).resolves.toHaveLength(2);
    await expect(lines('{}\n{"abcdefghij"}\n', { maxLineBytes: 10 })).rejects.toThrow(
      /log\.jsonl:2: .*--max-line-bytes/,
    );
    await expect(lines('{}\n{"abcdefghij"}', { maxLineBytes: 10 })).rejects.toThrow(/log\.jsonl:2: /);
  });

  it(
    'audit verify, report and replay stop at it with exit 2; --max-line-bytes raises the cap',
    { timeout: 60_000 },
    async () => {
      const file = join(dir, 'cli.jsonl');
      writeFileSync(file, `{}\n${'x'.repeat(2 * MIB)}\n`);
      const runs = await Promise.all([
        runCli(['audit', 'verify', file]),
        runCli(['report', file, '--out', join(dir, 'report')]),
        runCli([
          'replay',
          '--preset',
          'lanekassen-saldo',
          '--env',
          'test',
          file,
          '--out',
          join(dir, 'replay'),
        ]),
      ]);
      for (const run of runs) {
        expect(run.code).toBe(2);
        expect(run.stderr).toContain(`${file}:2: a line longer than ${MIB} bytes`);
        expect(run.stderr).toContain('--max-line-bytes');
      }
      const raised = await runCli(['audit', 'verify', '--max-line-bytes', String(4 * MIB), file]);
      expect(raised.code).toBe(1);
      expect(raised.stdout).toContain(`${file}:2: not JSON`);
      const bad = await runCli(['audit', 'verify', '--max-line-bytes', '1MiB', file]);
      expect([bad.code, bad.stderr]).toEqual([
        2,
        expect.stringContaining('--max-line-bytes: give a whole number'),
      ]);
    },
  );
});
