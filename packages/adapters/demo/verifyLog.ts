// The demo's own reading of its decision log: the chain verdict from core's verifier, and the first deny of
// each reason, for --explain.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type DecisionRecord, createChainVerifier } from '@dsop-guard/core';

export interface LogSummary {
  readonly records: number;
  readonly summary: string;
  readonly whole: boolean;
  readonly firstDenies: readonly DecisionRecord[];
}

export async function verifyLog(path: string): Promise<LogSummary> {
  const verifier = createChainVerifier();
  const firstDenies = new Map<string, DecisionRecord>();
  let line = 0;
  let records = 0;
  for await (const text of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line += 1;
    const record = verifier.push(text, { file: path, line });
    if (record?.kind !== 'decision') continue;
    records += 1;
    const key = record.reasons.join(',');
    if (record.decision === 'deny' && !firstDenies.has(key)) firstDenies.set(key, record);
  }
  const report = verifier.report();
  const summary = report.chains
    .map((c) =>
      c.firstBreak === null
        ? `${c.id}: ${c.records} records, seq ${c.firstSeq}–${c.lastSeq}, whole`
        : `${c.id}: broken at ${c.firstBreak.file}:${c.firstBreak.line} (${c.firstBreak.kind})`,
    )
    .join('; ');
  return { records, summary, whole: report.whole, firstDenies: [...firstDenies.values()] };
}
