// `pnpm bench:report`: writes a genuine decision log of 1,000,000 records (core's createAuditTrail and fileSink,
// fed synthetic engine decisions), then runs the real CLI, `dsop-guard report`, on it as a child process and
// measures its wall time and peak RSS (with /usr/bin/time -v when present, else by polling VmHWM). Prints a
// Markdown table. Options: --records <n> (default 1000000), --keep (leave the temporary directory).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateLog, runCliMeasured } from './cliBench.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } },
});
const records = Number(values.records);

const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-bench-report-'));
try {
  const log = join(dir, 'decisions.jsonl');
  process.stderr.write(`generating ${records} records into ${log} …\n`);
  const generation = await generateLog(log, records);
  const bytes = statSync(log).size;
  process.stderr.write(
    `generated in ${generation.toFixed(1)} s (${(bytes / 1024 / 1024).toFixed(0)} MB); running the report …\n`,
  );
  const run = await runCliMeasured(['report', log, '--out', join(dir, 'report')]);
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
