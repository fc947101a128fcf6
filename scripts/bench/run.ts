// `pnpm bench`: every comparison in a process of its own, one after the other; prints Markdown.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

const tsx = (args: readonly string[], node: readonly string[] = []): string =>
  execFileSync(process.execPath, [...node, '--import', 'tsx', '--conditions=source', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
console.log(
  `machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}\n`,
);
for (const name of ['cold', 'mix', 'rules']) {
  if (want(name)) console.log(`### ${name}\n\n${tsx(['scripts/bench/verdicts.ts', name])}`);
}
if (want('startup')) {
  const runs = Array.from(
    { length: 5 },
    () => JSON.parse(tsx(['scripts/bench/startup.ts'])) as Record<string, number>,
  );
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
    `### memory\n\n${tsx(['scripts/bench/verdicts.ts', 'memory', process.env['BENCH_CHECKS'] ?? '1000000'], ['--expose-gc'])}`,
  );
if (want('http')) console.log(`### http\n\n${tsx(['scripts/bench/http.ts'])}`);
if (want('serve'))
  console.log(`### serve (through nginx auth_request)\n\n${tsx(['scripts/bench/serve.ts'])}`);
