// `pnpm bench:report`: writes a genuine decision log of 1,000,000 records (core's createAuditTrail and fileSink,
// fed synthetic engine decisions), then runs the real CLI, `dsop-guard report`, on it as a child process and
// measures its wall time and peak RSS (with /usr/bin/time -v when present, else by polling VmHWM). Prints a
// Markdown table. Options: --records <n> (default 1000000), --keep (leave the temporary directory).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAuditTrail, fileSink } from '@dsop-guard/core';
import { syntheticDecisions } from '../fixtures/syntheticDecisions.js';

const root = new URL('../../', import.meta.url).pathname;
const main = join(root, 'packages/adapters/src/cli/main.ts');
const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } },
});
const records = Number(values.records);
const BATCH = 500;

async function generate(path: string): Promise<number> {
  const started = performance.now();
  const audit = createAuditTrail({ sinks: [fileSink({ path, fsync: 'never' })], chainId: 'bench-gw-1' });
  const source = syntheticDecisions({ seed: 7, spacing: (14 * 86_400) / records });
  for (let done = 0; done < records; done += BATCH) {
    const batch = [];
    for (let i = 0; i < Math.min(BATCH, records - done); i += 1) {
      const { decision, context } = source.next().value as ReturnType<typeof source.next>['value'] & object;
      batch.push(audit.record(decision, context));
    }
    const results = await Promise.all(batch);
    if (results.some((r) => !r.written)) throw new Error('a record was not written');
  }
  await audit.close();
  return (performance.now() - started) / 1000;
}

interface Measured {
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

function runReport(log: string, out: string): Promise<Measured> {
  const node = [
    process.execPath,
    '--conditions=source',
    '--import',
    'tsx',
    main,
    'report',
    log,
    '--out',
    out,
  ];
  const timed = existsSync('/usr/bin/time');
  const [command, ...args] = timed ? ['/usr/bin/time', '-v', ...node] : node;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command as string, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
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

const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-bench-report-'));
try {
  const log = join(dir, 'decisions.jsonl');
  process.stderr.write(`generating ${records} records into ${log} …\n`);
  const generation = await generate(log);
  const bytes = statSync(log).size;
  process.stderr.write(
    `generated in ${generation.toFixed(1)} s (${(bytes / 1024 / 1024).toFixed(0)} MB); running the report …\n`,
  );
  const run = await runReport(log, join(dir, 'report'));
  const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as {
    totals: { records: number };
    integrity: { whole: boolean };
  };
  const pass = (ok: boolean): string => (ok ? 'yes' : '**no**');
  const rss = run.peakRssMb;
  const lines = [
    `| records | log size | report wall time | peak RSS | exit | whole | under 30 s | under 300 MB |`,
    `|---:|---:|---:|---:|---:|---|---|---|`,
    `| ${report.totals.records.toLocaleString('en-US')} | ${(bytes / 1024 / 1024).toFixed(0)} MB | ${run.seconds.toFixed(1)} s | ${rss === null ? '?' : `${rss.toFixed(0)} MB`} | ${run.code} | ${report.integrity.whole} | ${pass(run.seconds < 30)} | ${pass(rss !== null && rss < 300)} |`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB, Node ${process.version}; generation took ${generation.toFixed(1)} s.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.keep) process.stderr.write(`kept ${dir}\n`);
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
