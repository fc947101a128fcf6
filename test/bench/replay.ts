// `pnpm bench:replay`: replays 1,000,000 genuine decision records (core's createAuditTrail and fileSink, fed the
// synthetic engine decisions of the report bench, with the person facts the guards record) under the Lånekassen
// saldo preset for PROD, by running the real CLI, `dsop-guard replay`, as a child process, and measures its wall
// time and peak RSS (with /usr/bin/time -v when present, else by polling VmHWM). Prints a Markdown table.
// The generated log is kept in the temporary directory (dsop-guard-bench-replay-<n>.jsonl) and reused by later
// runs: generating a million records takes longer than replaying them. Options: --records <n> (default
// 1000000), --fresh (generate again).
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { personFacts } from '@dsop-guard/rules';
import { generateLog, runCliMeasured } from './cliBench.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, fresh: { type: 'boolean', default: false } },
});
const records = Number(values.records);

/** The log, written beside its final name and renamed, so an interrupted run never leaves a short log to reuse. */
async function generate(path: string): Promise<number> {
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const seconds = await generateLog(partial, records, personFacts);
  renameSync(partial, path);
  return seconds;
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
  const run = await runCliMeasured([
    'replay',
    '--preset',
    'lanekassen-saldo',
    '--env',
    'prod',
    log,
    '--out',
    join(dir, 'report'),
  ]);
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
