// @ts-nocheck
import type fc from 'fast-check';

/** Default number of runs per property in CI; `FC_NUM_RUNS` overrides it (`pnpm test:deep` sets 10 000). */
export const DEFAULT_NUM_RUNS = 100;

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * The runner options every property uses: `numRuns` from `FC_NUM_RUNS` (default 100), and, to replay a
 * failure that fast-check printed, `FC_SEED` and `FC_PATH`. `scale` multiplies the run count for cheap
 * properties or divides it (`scale < 1`) for expensive ones, never below 1 run.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(validOrgno(), async (o) => { ... }), fcOptions());
 * // FC_SEED=123 FC_PATH=4:2 npx vitest run test/properties/engine.test.ts  replays one counterexample
 * ```
 */
export function fcOptions<T>(scale = 1, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const numRuns = Math.max(1, Math.round((envInt('FC_NUM_RUNS') ?? DEFAULT_NUM_RUNS) * scale));
  const seed = envInt('FC_SEED');
  const path = process.env['FC_PATH'];
  return {
    numRuns,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined || path === '' ? {} : { path }),
    ...extra,
  };
}

/** Test timeout (ms) that grows with the run count, so `pnpm test:deep` does not hit Vitest's limit. */
export function propertyTimeout(msPerRun = 20, floorMs = 30_000): number {
  const numRuns = envInt('FC_NUM_RUNS') ?? DEFAULT_NUM_RUNS;
  return Math.max(floorMs, numRuns * msPerRun);
}
