// `pnpm demo`, run as a user runs it (from the repository root, where it writes demo-output/<time>/, removed
// afterwards): it succeeds, and its output ends with the paths of the policy test result, the coverage from
// production and the person report (issue 23), each a file it wrote that says what it should.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from './cliProcess.js';

let run: { code: number | null; stdout: string; stderr: string };
beforeAll(async () => {
  run = await new Promise((done, fail) => {
    const child = spawn('pnpm', ['--silent', 'demo'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}, 180_000);
/** The run's own directory, demo-output/<time>/, from the line that names its decision log. */
const runDir = (): string | undefined => {
  const log = /^Decision log: (demo-output\/[^/\s]+)\/decisions\.jsonl /m.exec(run?.stdout ?? '')?.[1];
  return log === undefined ? undefined : join(root, log);
};
afterAll(() => {
  const dir = runDir();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('pnpm demo', () => {
  it('succeeds and ends with the paths of the policy test result, the coverage and the person report', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const last = run.stdout.trimEnd().split('\n').slice(-3);
    const [tests, coverage, person] = last.map((line, i) => {
      const label = ['Policy test result (JUnit XML): ', 'Coverage from production: ', 'Person report: '][i];
      expect(line.startsWith(label as string), line).toBe(true);
      return resolve(root, line.slice((label as string).length));
    }) as [string, string, string];
    const dir = runDir();
    expect([tests, coverage, person].map((p) => dir !== undefined && p.startsWith(`${dir}/`))).toEqual([
      true,
      true,
      true,
    ]);

    // The policy's own tests, as CI reads them: every case ran and held.
    const xml = readFileSync(tests, 'utf8');
    expect(xml).toMatch(/<testsuites [^>]*tests="[1-9]\d*" failures="0" errors="0"/);
    expect(run.stdout).toContain('$ dsop-guard test ');

    // The coverage from production: a report of the demo's own log, with its coverage, over the named policy.
    expect(coverage.endsWith('index.html')).toBe(true);
    const report = JSON.parse(readFileSync(join(dirname(coverage), 'report.json'), 'utf8')) as {
      coverage?: { basis: string; decisions: number };
    };
    expect(report.coverage?.basis).toBe('policy');
    expect(report.coverage?.decisions).toBeGreaterThan(0);

    // The person report: written, readable only by its owner (it names the person).
    expect(person.endsWith('index.html')).toBe(true);
    expect(existsSync(person)).toBe(true);
    expect(statSync(person).mode & 0o077).toBe(0);
  });
});
