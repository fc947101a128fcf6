// @ts-nocheck
// Benchmark harness: cases interleaved round by round in one process, each round timed (wall clock) over a batch
// of operations. The table reports per case the median ns/op of the rounds, their spread (min–max around the
// median, %) and ops/s, and the ratio of throughput to a named baseline case, paired: in each round the baseline's
// time over the case's time (the two batches ran back to back, under the same load), the median over the rounds,
// with the rounds' quartiles. On a shared machine the load moves within seconds; a paired ratio cancels what the
// two batches of a round share, which a ratio of two medians over different moments does not.

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
  /** ns/op of each round, in round order. */
  readonly rounds: readonly number[];
}

async function timeBatch(op: () => unknown, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) {
    const r = op();
    if (r instanceof Promise) await r;
  }
  return Number(process.hrtime.bigint() - start) / n;
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const at = (values: readonly number[], q: number): number =>
  sorted(values)[Math.round((values.length - 1) * q)] as number;

/** Runs `op` for about `ms` milliseconds: until the JIT has compiled (and recompiled) what it runs. */
async function warmUp(op: () => unknown, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) await timeBatch(op, 100);
}

/**
 * Runs every case `rounds` times, interleaved, each round about `batchMs` long (calibrated once per case), after
 * a warm-up of `warmUpMs` per case: without it the first rounds of the guard (many functions for the JIT to
 * optimise) ran up to three times slower than the rest.
 */
export async function measure(
  cases: readonly Case[],
  rounds = 15,
  batchMs = 100,
  warmUpMs = 1500,
): Promise<Row[]> {
  const sizes = new Map<string, number>();
  for (const c of cases) {
    await warmUp(c.op, warmUpMs);
    const ns = await timeBatch(c.op, 500);
    sizes.set(c.name, Math.max(50, Math.round((batchMs * 1e6) / ns)));
  }
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (const c of cases) samples.get(c.name)?.push(await timeBatch(c.op, sizes.get(c.name) as number));
  }
  return cases.map((c) => {
    const s = samples.get(c.name) as number[];
    const median = at(s, 0.5);
    const spread = ((Math.max(...s) - Math.min(...s)) / median) * 50;
    return { name: c.name, nsPerOp: median, spread, opsPerSec: 1e9 / median, rounds: s };
  });
}

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Per round, the baseline's time over the row's: the row's throughput as a multiple of the baseline's. */
function pairedRatios(row: Row, base: Row): number[] {
  return row.rounds.map((ns, i) => (base.rounds[i] as number) / ns);
}

/** A Markdown table; `ratios` names, for each row, the baseline its throughput is divided by. */
export function table(rows: readonly Row[], ratios: Readonly<Record<string, string>>): string {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const lines = [
    '| case | ns/op | ± % | ops/s | ratio (throughput, paired by round: median [quartiles]) |',
    '|---|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const base = ratios[r.name] === undefined ? undefined : byName.get(ratios[r.name] as string);
    let ratio = '';
    if (base !== undefined) {
      const paired = pairedRatios(r, base);
      const [q1, med, q3] = [at(paired, 0.25), at(paired, 0.5), at(paired, 0.75)];
      ratio = `${fmt(med, 2)}× ${base.name.split(' ')[0]} [${fmt(q1, 2)}–${fmt(q3, 2)}]`;
    }
    lines.push(`| ${r.name} | ${fmt(r.nsPerOp)} | ${fmt(r.spread, 1)} | ${fmt(r.opsPerSec)} | ${ratio} |`);
  }
  return lines.join('\n');
}
