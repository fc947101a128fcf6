// What an Express user's `npm install @dsop-guard/adapters express` (with the core and rules tarballs) brings, in
// the project it runs in: the installed size, every package with its version, and the assertions that none of the
// tools came along: no prom-client, no @opentelemetry/api (telemetry is on only where the app installs the API), no
// inspector page, no bin. `--report` prints without asserting (to measure an older checkout).
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const report = process.argv.includes('--report');
const root = join(process.cwd(), 'node_modules');

/** Every file's size under `dir` (apparent bytes, symlinks not followed). */
function sizeOf(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else total += lstatSync(path).size;
  }
  return total;
}

/** Every installed package (nested ones too): name@version, sorted. */
function packagesIn(dir, found = []) {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.bin' || entry.name.startsWith('.')) continue;
    const names = entry.name.startsWith('@')
      ? readdirSync(join(dir, entry.name)).map((n) => `${entry.name}/${n}`)
      : [entry.name];
    for (const name of names) {
      const manifest = join(dir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
      found.push(`${name}@${version}`);
      packagesIn(join(dir, name, 'node_modules'), found);
    }
  }
  return found.sort();
}

const bytes = sizeOf(root);
const packages = packagesIn(root);
const adapters = join(root, '@dsop-guard', 'adapters');
const adaptersBytes = sizeOf(adapters);
console.log(
  `  installed: ${(bytes / 1e6).toFixed(1)} MB in node_modules (${bytes} bytes), ${packages.length} packages; @dsop-guard/adapters itself ${(adaptersBytes / 1e6).toFixed(2)} MB`,
);
console.log(`  packages: ${packages.join(' ')}`);
if (report) process.exit(0);

const names = packages.map((p) => p.slice(0, p.lastIndexOf('@')));
for (const unwanted of [
  'prom-client',
  '@opentelemetry/api',
  '@dsop-guard/cli',
  '@dsop-guard/report',
  'esbuild',
]) {
  assert.ok(!names.includes(unwanted), `an Express user's install brings ${unwanted}`);
}
const manifest = JSON.parse(readFileSync(join(adapters, 'package.json'), 'utf8'));
assert.equal(manifest.bin, undefined, '@dsop-guard/adapters declares a bin');
assert.ok(!existsSync(join(root, '.bin', 'dsop-guard')), 'node_modules/.bin/dsop-guard is installed');
/** Every file under dir, relative. */
const filesIn = (dir, prefix = '') =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
const page = filesIn(adapters).filter(
  (f) => /(^|\/)(inspect|serve|cli|report|replay)\//.test(f) || /inspector/.test(f),
);
assert.deepEqual(page, [], '@dsop-guard/adapters ships tool files (inspector page, serve, CLI, report)');
assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), [
  '@dsop-guard/core',
  '@dsop-guard/rules',
  'fastify-plugin',
]);
console.log(
  'ok footprint: no prom-client, no @opentelemetry/api, no inspector page, no bin; depends on core, rules, fastify-plugin',
);
