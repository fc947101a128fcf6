// Shared by the benchmarks that time a CLI command over a generated decision log (bench:report, bench:replay):
// the log, written the way a gateway writes it, and one timed run of the real CLI as a child process.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditTrail, fileSink, type PersonFacts } from '@dsop-guard/core';
import { syntheticDecisions } from '../fixtures/syntheticDecisions.js';

const root = new URL('../../', import.meta.url).pathname;
// The CLI from source (its bin's entry), as test/fixtures/runCli.ts runs it.
const main = join(root, 'packages/cli/src/bin.ts');
const BATCH = 500;

/**
 * Writes `records` genuine decision records (core's createAuditTrail and fileSink, fed the synthetic engine
 * decisions, spread over 14 days) into `path`, with `personFacts` when given; resolves to the seconds it took.
 */
export async function generateLog(
  path: string,
  records: number,
  personFacts?: (clear: string) => PersonFacts,
): Promise<number> {
  const started = performance.now();
  const audit = createAuditTrail({ sinks: [fileSink({ path, fsync: 'never' })], chainId: 'bench-gw-1' });
  const source = syntheticDecisions({ seed: 7, spacing: (14 * 86_400) / records });
  for (let done = 0; done < records; done += BATCH) {
    const batch = [];
    for (let i = 0; i < Math.min(BATCH, records - done); i += 1) {
      const { decision, context } = source.next().value as ReturnType<typeof source.next>['value'] & object;
      batch.push(audit.record(decision, personFacts === undefined ? context : { ...context, personFacts }));
    }
    const results = await Promise.all(batch);
    if (results.some((r) => !r.written)) throw new Error('a record was not written');
  }
  await audit.close();
  return (performance.now() - started) / 1000;
}

export interface Measured {
  readonly code: number | null;
  readonly seconds: number;
  readonly peakRssMb: number | null;
  readonly stdout: string;
}

/** Peak RSS of a process tree's root, from /proc, polled (the fallback without /usr/bin/time). */
function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

/** Runs `dsop-guard <args>` from source and measures its wall time and peak RSS (`/usr/bin/time -v` when present). */
export function runCliMeasured(args: readonly string[]): Promise<Measured> {
  const cli = [process.execPath, '--conditions=source', '--import', 'tsx', main, ...args];
  const timed = existsSync('/usr/bin/time');
  const [command, ...rest] = timed ? ['/usr/bin/time', '-v', ...cli] : cli;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, rest, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let polled: number | null = null;
    const poll = timed
      ? undefined
      : setInterval(() => {
          polled = Math.max(polled ?? 0, vmHwm(child.pid as number) ?? 0);
        }, 50);
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll !== undefined) clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      const exit = /Exit status: (\d+)/.exec(stderr);
      resolve({
        code: timed && exit !== null ? Number(exit[1]) : code,
        seconds,
        peakRssMb: kb === null ? polled : Number(kb[1]) / 1024,
        stdout,
      });
    });
  });
}
