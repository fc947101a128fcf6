// The demo's own reading of its decision log: how many records, and the first deny of each reason, for --explain.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DecisionRecord } from '@dsop-guard/core';

export interface LogSummary {
  readonly records: number;
  readonly firstDenies: readonly DecisionRecord[];
}

export async function readLog(path: string): Promise<LogSummary> {
  const firstDenies = new Map<string, DecisionRecord>();
  let records = 0;
  for await (const text of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    const record = JSON.parse(text) as DecisionRecord;
    if (record.kind !== 'decision') continue;
    records += 1;
    const key = record.reasons.join(',');
    if (record.decision === 'deny' && !firstDenies.has(key)) firstDenies.set(key, record);
  }
  return { records, firstDenies: [...firstDenies.values()] };
}
