import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The Vitest configuration StrykerJS runs (stryker.config.mjs): the fast suites only, a fixed fast-check seed so
// that every mutant meets the same inputs, and aliases to the sandbox's own sources. (pnpm links the workspace
// packages through node_modules symlinks that resolve to the original tree, not to Stryker's mutated copy.)

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = (path: string): string => fileURLToPath(new URL(`../../packages/${path}`, import.meta.url));
// Files to leave out of one run (comma-separated), e.g. a suite that is red for a reason unrelated to mutation.
const skip = (process.env['MUTATION_SKIP'] ?? '').split(',').filter((s) => s !== '');
// Only these suites (comma-separated globs), for a quick measure of one file on a busy machine: the score is then a
// lower bound (a suite left out can only fail to kill), and docs/testing.md says so wherever it is used.
const only = (process.env['MUTATION_ONLY'] ?? '').split(',').filter((s) => s !== '');
// Suites whose subject runs in a child process (the CLI, serve, a real gateway): a mutant is switched on in the test
// process only, so they could never kill one and would only cost time.
// (A child that loads the sandbox's sources by path runs them with no mutant switched on.) The suites that build
// their input in process and only check it with a child (e.g. a log written here, verified by `audit verify`)
// stay: a mutant in the writer shows. batchLineTooLong also judges a token made when table.ts was loaded at
// the child's wall-clock time, which a long-lived mutation worker makes expired.
const processSuites = [
  'test/gateway/**',
  'test/cli/cli.test.ts',
  'test/cli/cliInspect.test.ts',
  'test/cli/cliOptions.test.ts',
  'test/cli/serve.test.ts',
  'test/cli/serveCheckpoints.test.ts',
  'test/audit/crash.test.ts',
  'test/regressions/auditVerifyReadsNonRegularFile.test.ts',
  'test/regressions/batchLineTooLong.test.ts',
  'test/regressions/checkpointEveryAcrossProcesses.test.ts',
  'test/regressions/inspectorCrossSiteJwks.test.ts',
  'test/regressions/pnpmScriptRelativePaths.test.ts',
  'test/regressions/redisStoreClosedWhileConnecting.test.ts',
  'test/regressions/serveConnectionsUnbounded.test.ts',
  'test/regressions/serveHeadersTimeoutLate.test.ts',
  'test/regressions/serveHealthPathAllow.test.ts',
  'test/regressions/serveReadsWholeBody.test.ts',
  'test/regressions/sighupKillsServe.test.ts',
  'test/regressions/weakPseudonymKey.test.ts',
];

export default defineConfig({
  root,
  resolve: {
    conditions: ['source'],
    alias: [
      { find: /^@dsop-guard\/core\/testing$/, replacement: src('core/src/testing/index.ts') },
      { find: /^@dsop-guard\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@dsop-guard\/rules$/, replacement: src('rules/src/index.ts') },
      // The packages' subpaths (adapters' ./express, ./http, ./redis, …; report's ./replay) map to their folders'
      // barrels.
      { find: /^@dsop-guard\/adapters\/([a-z]+)$/, replacement: src('adapters/src/$1/index.ts') },
      { find: /^@dsop-guard\/adapters$/, replacement: src('adapters/src/index.ts') },
      { find: /^@dsop-guard\/report\/([a-z]+)$/, replacement: src('report/src/$1/index.ts') },
      { find: /^@dsop-guard\/report$/, replacement: src('report/src/index.ts') },
    ],
  },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include:
      only.length > 0
        ? only
        : [
            'test/properties/**/*.test.ts',
            'test/regressions/**/*.test.ts',
            'test/vectors/**/*.test.ts',
            'test/core/**/*.test.ts',
            'test/rules/**/*.test.ts',
            // The plain-function adapter's table drives the engine end to end (consent store, refusals, status).
            'test/adapters/function.test.ts',
            'test/adapters/verdictStatus.test.ts',
            // The audit trail, the chain verifier, replay, the report and the HTTP faces, in process.
            'test/audit/**/*.test.ts',
            'test/adapters/**/*.test.ts',
            'test/report/**/*.test.ts',
            'test/cli/**/*.test.ts',
            'test/gateway/**/*.test.ts',
            // The README's examples, run in process (the guard, Express, remote key sets over loopback issuers).
            'test/docs/readme.test.ts',
          ],
    // docs.test.ts compares docs with source text, which Stryker rewrites when it instruments the sandbox.
    // Left out: suites that need a browser (test/browser) are not included above; the gateway suites (real nginx,
    // Caddy, HAProxy) and the CLI-process suites spawn processes that resolve the workspace packages through
    // node_modules, not the sandbox, so they cannot see a mutant: they are excluded here and named in
    // docs/testing.md.
    exclude: ['**/node_modules/**', 'test/rules/docs.test.ts', ...processSuites, ...skip],
    // One module graph per worker across test files and across mutants: Stryker switches mutants at run time, and
    // re-importing ajv-compiling modules for every file of every mutant cost more than the tests themselves.
    isolate: process.env['MUTATION_ISOLATE'] === '1',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    env: {
      FC_NUM_RUNS: process.env['FC_NUM_RUNS'] ?? '20',
      FC_SEED: process.env['FC_SEED'] ?? '20261125',
    },
  },
});
