// The benchmarks measure what a user runs: the built packages (`pnpm build`, tsc's output in dist/) under plain
// node. tsx would load the sources instead, through esbuild with `keepNames` (a `__name` call per function made
// on the request path), which no user runs. So the bench scripts are compiled to plain JavaScript in
// scripts/bench/.out/, where node_modules/@dsop-guard/* link the packages, whose exports give dist/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const OUT = join(here, '.out');
/** The scripts `pnpm bench` runs on built code (serve.ts drives the CLI through the test fixtures, from source). */
const SCRIPTS = [
  'fixtures',
  'harness',
  'verdicts',
  'startup',
  'http',
  'httpServer',
  'profileMix',
  'allocMix',
  'ab',
];

/** Builds the packages, compiles every bench script to `OUT`, and links the built packages beside it. */
export async function compileBench(): Promise<void> {
  execFileSync('pnpm', ['--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  // esbuild is a dependency of the CLI (the inspector's page is bundled with it).
  const esbuild = createRequire(join(root, 'packages', 'cli', 'package.json'))(
    'esbuild',
  ) as typeof import('esbuild');
  rmSync(OUT, { recursive: true, force: true });
  const entryPoints = SCRIPTS.map((name) => join(here, `${name}.ts`));
  await esbuild.build({
    entryPoints,
    outdir: OUT,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    // No tsconfig paths: @dsop-guard/* must resolve through node_modules, to the built packages.
    tsconfigRaw: {},
  });
  writeFileSync(join(OUT, 'package.json'), '{ "type": "module" }\n');
  const links = join(OUT, 'node_modules', '@dsop-guard');
  mkdirSync(links, { recursive: true });
  for (const name of ['core', 'rules', 'adapters', 'report', 'cli'])
    symlinkSync(join(root, 'packages', name), join(links, name));
}
