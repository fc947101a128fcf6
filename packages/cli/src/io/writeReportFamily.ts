import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuditReport, renderHtml, renderMarkdown } from '@dsop-guard/report';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';
import { type LogInput, openLogs } from './openLogs.js';
import { progressBar } from './progress.js';

// Private to the CLI: what `report` and `replay` share. The logs are opened before any is read (a missing one is
// a usage error), fed in order with a progress bar on a terminal, and the report family written into `out`.

/** Feeds every log through `feed`, then writes `out`/report.json, report.md and index.html of `result()`. */
export async function writeReportFamily<R extends AuditReport>(
  out: string,
  files: readonly string[],
  feed: (input: LogInput, advance: (bytes: number) => void) => Promise<void>,
  result: () => R,
): Promise<R> {
  await mkdir(out, { recursive: true }).catch((e: Error) => {
    throw new UsageError(
      `--out: cannot create ${quote(out)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
    );
  });
  const inputs = await openLogs(files);
  const progress = progressBar(inputs.reduce((sum, i) => sum + i.bytes, 0));
  try {
    for (const input of inputs) await feed(input, progress.advance);
  } finally {
    progress.done();
    await Promise.all(inputs.map((i) => i.handle.close()));
  }
  const report = result();
  await writeFile(join(out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(out, 'report.md'), renderMarkdown(report));
  await writeFile(join(out, 'index.html'), renderHtml(report));
  return report;
}
