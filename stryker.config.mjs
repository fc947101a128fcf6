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
    // The code that decides or certifies: the guard, HTTP request reading and problem answers, the Redis consent
    // store, serve's request reading, the report (its integrity section) and replay. Not the CLI's argument
    // handling, the inspector page, telemetry or the demo.
    'packages/adapters/src/guard/**/*.ts',
    'packages/adapters/src/http/**/*.ts',
    'packages/adapters/src/redis/**/*.ts',
    'packages/cli/src/serve/**/*.ts',
    'packages/report/src/**/*.ts',
    '!packages/*/src/**/*.test.ts',
    '!packages/*/src/**/*.d.ts',
  ],
  ignorePatterns: ['reports', 'coverage', 'dist', '.stryker-tmp', '/demo', 'test/bench'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
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
