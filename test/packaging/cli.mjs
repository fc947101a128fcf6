// The installed `dsop-guard` bin, through npx: its help, and real checks against JWKS files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { altinnKeys, cases, mpKeys } from './fixture.mjs';

const run = (...args) => spawnSync('npx', ['--no-install', 'dsop-guard', ...args], { encoding: 'utf8' });

const help = run('check', '--help');
assert.equal(help.status, 0, `check --help: exit ${help.status}: ${help.stderr}`);
assert.match(help.stdout, /^dsop-guard check:/);

writeFileSync('mp-jwks.json', JSON.stringify(mpKeys.jwks));
writeFileSync('altinn-jwks.json', JSON.stringify(altinnKeys.jwks));
const seen = [];
for (const c of cases) {
  const result = run(
    'check',
    ...['--preset', 'lanekassen-saldo', '--env', 'test'],
    ...['--maskinporten-jwks', 'mp-jwks.json', '--altinn-jwks', 'altinn-jwks.json'],
    ...['--maskinporten-token', c.input.maskinportenToken, '--consent-token', c.input.consentToken],
    ...['--person', c.input.person],
  );
  assert.equal(result.status, c.status === 200 ? 0 : 1, `${c.name}: exit ${result.status}: ${result.stderr}`);
  assert.deepEqual(JSON.parse(result.stdout).reasons, c.reasons, `${c.name}: reasons`);
  seen.push(`${c.name} exit ${result.status}`);
}
console.log(`ok npx dsop-guard check --help; check: ${seen.join('; ')}`);
