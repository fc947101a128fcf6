// Benchmark harness: cases interleaved round by round in one process, each round timed over a batch of
// operations; the table reports the median ns/op of the rounds, their spread (min–max around the median, %),
// ops/s and the ratio of throughput to a named baseline case. Only ratios within one run are comparable.

export interface Case {
  readonly name: string;
  /** One operation; may be async. */
  readonly op: () => unknown;
}

export interface Row {
  readonly name: string;
  readonly nsPerOp: number;
  readonly spread: number;
  readonly opsPerSec: number;
}

async function timeBatch(op: () => unknown, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) {
    const r = op();
    if (r instanceof Promise) await r;
  }
  return Number(process.hrtime.bigint() - start) / n;
}

/** Runs every case `rounds` times, interleaved, each round about `batchMs` long (calibrated once per case). */
export async function measure(cases: readonly Case[], rounds = 5, batchMs = 300): Promise<Row[]> {
  const sizes = new Map<string, number>();
  for (const c of cases) {
    await timeBatch(c.op, 200); // warm-up
    const ns = await timeBatch(c.op, 500);
    sizes.set(c.name, Math.max(50, Math.round((batchMs * 1e6) / ns)));
  }
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (const c of cases) samples.get(c.name)?.push(await timeBatch(c.op, sizes.get(c.name) as number));
  }
  return cases.map((c) => {
    const s = [...(samples.get(c.name) as number[])].sort((a, b) => a - b);
    const median = s[Math.floor(s.length / 2)] as number;
    const spread = (((s[s.length - 1] as number) - (s[0] as number)) / median) * 50;
    return { name: c.name, nsPerOp: median, spread, opsPerSec: 1e9 / median };
  });
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A Markdown table; `ratios` names, for each row, the baseline its throughput is divided by. */
export function table(rows: readonly Row[], ratios: Readonly<Record<string, string>>): string {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const lines = ['| case | ns/op | ± % | ops/s | ratio (throughput) |', '|---|---:|---:|---:|---|'];
  for (const r of rows) {
    const base = ratios[r.name] === undefined ? undefined : byName.get(ratios[r.name] as string);
    const ratio =
      base === undefined ? '' : `${fmt(r.opsPerSec / base.opsPerSec, 2)}× ${base.name.split(' ')[0]}`;
    lines.push(`| ${r.name} | ${fmt(r.nsPerOp)} | ${fmt(r.spread, 1)} | ${fmt(r.opsPerSec)} | ${ratio} |`);
  }
  return lines.join('\n');
}
