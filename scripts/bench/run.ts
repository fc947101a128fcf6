// `pnpm bench [cold mix rules startup memory http serve | ab]`: every comparison in a process of its own, one after
// the other; prints Markdown. On the built packages under plain node (compileBench.ts); `BENCH_SOURCE=1` runs the
// sources through tsx instead, for a quick look at a change before building.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { compileBench, OUT } from './compileBench.js';

const fromSource = process.env['BENCH_SOURCE'] === '1';
const run = (script: string, args: readonly string[] = [], node: readonly string[] = []): string =>
  execFileSync(
    process.execPath,
    fromSource
      ? [...node, '--import', 'tsx', '--conditions=source', `scripts/bench/${script}.ts`, ...args]
      : [...node, join(OUT, `${script}.js`), ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
const tsx = (script: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', '--conditions=source', `scripts/bench/${script}.ts`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
if (!fromSource) await compileBench();
console.log(
  `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}; ${fromSource ? 'sources through tsx (BENCH_SOURCE=1)' : 'built packages (dist/) under plain node'}\n`,
);
for (const name of ['cold', 'mix', 'rules']) {
  if (want(name)) console.log(`### ${name}\n\n${run('verdicts', [name])}`);
}
if (want('startup')) {
  const runs = Array.from({ length: 5 }, () => JSON.parse(run('startup')) as Record<string, number>);
  const med = (k: string) =>
    runs
      .map((r) => r[k] as number)
      .sort((a, b) => a - b)[2]
      ?.toFixed(1);
  console.log(
    `### startup (5 fresh processes, median)\n\nimport ${med('importMs')} ms, createGuard with a preset ${med('createGuardMs')} ms\n`,
  );
}
if (want('memory'))
  console.log(
    `### memory\n\n${run('verdicts', ['memory', process.env['BENCH_CHECKS'] ?? '1000000'], ['--expose-gc'])}`,
  );
if (want('http')) console.log(`### http\n\n${run('http')}`);
// Only when named: an A/B of this checkout against AB_BASE (see ab.ts).
if (only.includes('ab')) console.log(`### A/B against ${process.env['AB_BASE']}\n\n${run('ab')}`);
// Through the test fixtures' serve process, from source.
if (want('serve')) console.log(`### serve (through nginx auth_request)\n\n${tsx('serve')}`);
