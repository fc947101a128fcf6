// @ts-nocheck
// Startup: timing of import and of createGuard with a preset, in a fresh process each time (run by run.ts).
// On the built packages (pnpm bench) or, with BENCH_SOURCE=1, the sources through tsx (transpiling included).
const t0 = performance.now();
const { createGuard } = await import('@dsop-guard/adapters');
const { preset } = await import('@dsop-guard/rules');
const t1 = performance.now();
const guard = createGuard({ preset: preset('lanekassen-saldo', 'test') });
const t2 = performance.now();
console.log(
  JSON.stringify({ importMs: t1 - t0, createGuardMs: t2 - t1, ok: typeof guard.check === 'function' }),
);
