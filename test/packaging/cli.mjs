// The installed `dsop-guard` bin, through npx: its help, and real checks against JWKS files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { altinnKeys, cases, mpKeys } from './fixture.mjs';

/** Runs the bin; tokens come from files and standard input, never argv. */
const run = (args, input = '') =>
  spawnSync('npx', ['--no-install', 'dsop-guard', ...args], { encoding: 'utf8', input });

const help = run(['check', '--help']);
assert.equal(help.status, 0, `check --help: exit ${help.status}: ${help.stderr}`);
assert.match(help.stdout, /^dsop-guard check:/);

writeFileSync('mp-jwks.json', JSON.stringify(mpKeys.jwks));
writeFileSync('altinn-jwks.json', JSON.stringify(altinnKeys.jwks));
const seen = [];
for (const c of cases) {
  writeFileSync('consent.jwt', c.input.consentToken);
  const result = run(
    [
      ...['check', '--preset', 'lanekassen-saldo', '--env', 'test'],
      ...['--maskinporten-jwks', 'mp-jwks.json', '--altinn-jwks', 'altinn-jwks.json'],
      ...[
        '--maskinporten-token-file',
        '-',
        '--consent-token-file',
        'consent.jwt',
        '--person',
        c.input.person,
      ],
    ],
    c.input.maskinportenToken,
  );
  assert.equal(result.status, c.status === 200 ? 0 : 1, `${c.name}: exit ${result.status}: ${result.stderr}`);
  assert.deepEqual(JSON.parse(result.stdout).reasons, c.reasons, `${c.name}: reasons`);
  seen.push(`${c.name} exit ${result.status}`);
}
const version = run(['--version']);
assert.match(version.stdout, /^\d+\.\d+\.\d+/, `--version: ${version.stderr}`);
console.log(`ok npx dsop-guard --version ${version.stdout.trim()}, check --help; check: ${seen.join('; ')}`);
