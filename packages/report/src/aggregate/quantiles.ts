import type { LatencySummary } from '../reportTypes.js';

// Private: latency percentiles in bounded memory. The first `exactLimit` values are kept and sorted (exact
// nearest-rank percentiles); past that, every value lands in a fixed log-scale histogram whose buckets are 2 %
// wide, so a percentile is off by at most about 1 % of its value. Memory: `exactLimit` numbers plus
// BUCKETS counters, whatever the input.

const MIN = 0.001; // ms: the records' resolution
const RATIO = 1.02;
const BUCKETS = 2048; // up to MIN * RATIO^2047 ≈ 5e14 ms
const LOG_RATIO = Math.log(RATIO);

export interface Quantiles {
  readonly add: (ms: number) => void;
  readonly summary: () => LatencySummary;
}

function bucketOf(ms: number): number {
  if (ms <= MIN) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / MIN) / LOG_RATIO));
}

/** The geometric middle of a bucket: within 1 % of every value in it. */
function middleOf(bucket: number): number {
  return bucket === 0 ? MIN : MIN * RATIO ** (bucket - 0.5);
}

const QS = [0.5, 0.9, 0.99] as const;

function exactSummary(values: number[], max: number): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
  const [p50, p90, p99] = QS.map(at) as [number, number, number];
  return { count: sorted.length, p50, p90, p99, max, exact: true };
}

function histogramSummary(counts: Float64Array, count: number, max: number, min: number): LatencySummary {
  const ranks = QS.map((q) => Math.max(1, Math.ceil(q * count)));
  const found: number[] = [];
  let seen = 0;
  for (let b = 0; b < BUCKETS && found.length < ranks.length; b += 1) {
    seen += counts[b] as number;
    while (found.length < ranks.length && seen >= (ranks[found.length] as number)) {
      found.push(Math.min(max, Math.max(min, middleOf(b))));
    }
  }
  const [p50, p90, p99] = found as [number, number, number];
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  return { count, p50: round(p50), p90: round(p90), p99: round(p99), max, exact: false };
}

export function createQuantiles(exactLimit = 4096): Quantiles {
  let exact: number[] | undefined = [];
  const counts = new Float64Array(BUCKETS);
  let count = 0;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  return {
    add: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) return;
      count += 1;
      if (ms > max) max = ms;
      if (ms < min) min = ms;
      const b = bucketOf(ms);
      counts[b] = (counts[b] as number) + 1;
      if (exact !== undefined) {
        if (exact.length < exactLimit) exact.push(ms);
        else exact = undefined;
      }
    },
    summary: () => {
      if (count === 0) return { count: 0, p50: null, p90: null, p99: null, max: null, exact: true };
      return exact === undefined ? histogramSummary(counts, count, max, min) : exactSummary(exact, max);
    },
  };
}
