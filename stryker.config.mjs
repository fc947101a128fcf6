// Mutation testing of the engine, the built-in rules and the adapters' deciding and certifying code (docs/testing.md §Mutation testing).
// Run with `pnpm mutation`; the HTML report lands in reports/mutation/. It takes long on 2 cores: run it in the
// background with a log, e.g. `pnpm mutation > reports/mutation.log 2>&1 &`.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: {
    configFile: 'test/properties/vitest.mutation.config.ts',
    // The laws import the packages through their barrels, not the mutated file: run every covering test.
    related: false,
  },
  mutate: [
    'packages/core/src/**/*.ts',
    '!packages/core/src/testing/**',
    'packages/rules/src/**/*.ts',
    // The code that decides or certifies (issue 24): the guard, HTTP request reading and problem answers, the Redis
    // consent store's seal, serve's request reading (the original request and target, the answer, the admin paths
    // that would answer instead of a check), the report's integrity verdict, and replay. Not serve's process,
    // metrics and worker glue, the report's HTML/Markdown rendering, the CLI's argument handling, the inspector
    // page, telemetry, the framework adapters' glue or the demo.
    'packages/adapters/src/guard/**/*.ts',
    'packages/adapters/src/http/**/*.ts',
    'packages/adapters/src/redis/**/*.ts',
    'packages/cli/src/serve/readOriginalRequest.ts',
    'packages/cli/src/serve/readOriginalTarget.ts',
    'packages/cli/src/serve/createCheckServer.ts',
    'packages/cli/src/serve/sendAnswer.ts',
    'packages/cli/src/serve/adminAnswer.ts',
    'packages/report/src/aggregate/createReportAggregator.ts',
    'packages/report/src/read/checkReportLine.ts',
    // reportView.ts: only the integrity section (what the report says of the verifier's verdict), lines 197-244.
    'packages/report/src/render/reportView.ts:197-244',
    'packages/report/src/replay/**/*.ts',
    '!packages/*/src/**/*.test.ts',
    '!packages/*/src/**/*.d.ts',
  ],
  ignorePatterns: ['reports', 'coverage', 'dist', '.stryker-tmp', '/demo', 'test/bench'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  // The initial run of every suite takes 2-4 minutes alone and longer on a busy machine (the default limit is 5).
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 2,
  // Static mutants (module-level constants such as the reason-code list and the JSON Schemas) run every test for
  // each mutant; they are reported as ignored rather than run, which keeps a full run near an hour on 2 cores.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  // Re-runs reuse the results of mutants whose code and covering tests did not change (reports/stryker-incremental.json,
  // gitignored); `pnpm mutation --force` runs every mutant again.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
