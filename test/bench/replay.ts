// `pnpm bench:replay`: replays 1,000,000 genuine decision records (core's createAuditTrail and fileSink, fed the
// synthetic engine decisions of the report bench, with the person facts the guards record) under the Lånekassen
// saldo preset for PROD, by running the real CLI, `dsop-guard replay`, as a child process, and measures its wall
// time and peak RSS (with /usr/bin/time -v when present, else by polling VmHWM). Prints a Markdown table.
// The generated log is kept in the temporary directory (dsop-guard-bench-replay-<n>.jsonl) and reused by later
// runs: generating a million records takes longer than replaying them. Options: --records <n> (default
// 1000000), --fresh (generate again).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAuditTrail, fileSink } from '@dsop-guard/core';
import { personFacts } from '../../packages/adapters/src/function/personFacts.js';
import { syntheticDecisions } from '../fixtures/syntheticDecisions.js';

const root = new URL('../../', import.meta.url).pathname;
const main = join(root, 'packages/adapters/src/cli/main.ts');
const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, fresh: { type: 'boolean', default: false } },
});
const records = Number(values.records);
const BATCH = 500;

async function generate(path: string): Promise<number> {
  const started = performance.now();
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const audit = createAuditTrail({
    sinks: [fileSink({ path: partial, fsync: 'never' })],
    chainId: 'bench-gw-1',
  });
  const source = syntheticDecisions({ seed: 7, spacing: (14 * 86_400) / records });
  for (let done = 0; done < records; done += BATCH) {
    const batch = [];
    for (let i = 0; i < Math.min(BATCH, records - done); i += 1) {
      const { decision, context } = source.next().value as ReturnType<typeof source.next>['value'] & object;
      batch.push(audit.record(decision, { ...context, personFacts }));
    }
    const results = await Promise.all(batch);
    if (results.some((r) => !r.written)) throw new Error('a record was not written');
  }
  await audit.close();
  renameSync(partial, path);
  return (performance.now() - started) / 1000;
}

interface Measured {
  readonly code: number | null;
  readonly seconds: number;
  readonly peakRssMb: number | null;
  readonly stdout: string;
}

function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

function runReplay(log: string, out: string): Promise<Measured> {
  const node = [process.execPath, '--conditions=source', '--import', 'tsx', main, 'replay'];
  const args0 = [...node, '--preset', 'lanekassen-saldo', '--env', 'prod', log, '--out', out];
  const timed = existsSync('/usr/bin/time');
  const [command, ...args] = timed ? ['/usr/bin/time', '-v', ...args0] : args0;
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

const log = join(tmpdir(), `dsop-guard-bench-replay-${records}.jsonl`);
let generation: number | null = null;
if (values.fresh || !existsSync(log)) {
  process.stderr.write(`generating ${records} records into ${log} …\n`);
  generation = await generate(log);
} else process.stderr.write(`reusing ${log} (--fresh to generate again)\n`);
const bytes = statSync(log).size;
const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-bench-replay-out-'));
try {
  process.stderr.write(`${(bytes / 1024 / 1024).toFixed(0)} MB; running the replay …\n`);
  const run = await runReplay(log, join(dir, 'report'));
  const report = JSON.parse(readFileSync(join(dir, 'report', 'report.json'), 'utf8')) as {
    replay: {
      totals: { records: number; replayed: number; beforePolicy: number; unreplayable: number };
      denyToAllow: { count: number };
      allowToDeny: { count: number };
    };
  };
  const r = report.replay;
  const pass = (ok: boolean): string => (ok ? 'yes' : '**no**');
  const rss = run.peakRssMb;
  const lines = [
    '| records | log size | replayed | before policy | not replayable | deny→allow | allow→deny | replay wall time | peak RSS | under 60 s | under 300 MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    `| ${r.totals.records.toLocaleString('en-US')} | ${(bytes / 1024 / 1024).toFixed(0)} MB | ${r.totals.replayed.toLocaleString('en-US')} | ${r.totals.beforePolicy.toLocaleString('en-US')} | ${r.totals.unreplayable} | ${r.denyToAllow.count.toLocaleString('en-US')} | ${r.allowToDeny.count.toLocaleString('en-US')} | ${run.seconds.toFixed(1)} s | ${rss === null ? '?' : `${rss.toFixed(0)} MB`} | ${pass(run.seconds < 60)} | ${pass(rss !== null && rss < 300)} |`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB, Node ${process.version}; exit ${run.code}${generation === null ? '; log reused' : `; generation took ${generation.toFixed(1)} s`}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
