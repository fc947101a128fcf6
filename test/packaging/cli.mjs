// The installed `dsop-guard` bin, through npx: its help, and real checks against JWKS files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { altinnKeys, cases, mpKeys, now, tokens } from './fixture.mjs';

/** Runs the bin; tokens come from files and standard input, never argv. */
const run = (args, input = '') =>
  spawnSync('npx', ['--no-install', 'dsop-guard', ...args], { encoding: 'utf8', input });

// The bin is @dsop-guard/cli's (the adapters have none).
assert.match(
  realpathSync('node_modules/.bin/dsop-guard'),
  /node_modules\/@dsop-guard\/cli\/bin\/dsop-guard\.js$/,
);

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
      // Judged at the fixture's time: each npx start takes seconds, a loaded machine many.
      ...['check', '--preset', 'lanekassen-saldo', '--env', 'test', '--now', String(now)],
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
// A policy file naming a custom rule, its factory from the user's own ES module, explained as text.
writeFileSync('mp.jwt', `${tokens.direct()}\n`);
const policy = (blocked) =>
  `id: acme/test\nversion: "1"\nenvironment: test\ntransport:\n  authorization: raw\n  consentHeader: consent-id\n  personHeaders: [psu-id, psu_id]\n  requestIdHeader: x-request-id\nrule:\n  all:\n    - rule: issuer\n    - rule: acme.blocked-consumers\n      options:\n        blocked: ["${blocked}"]\n`;
const custom = ['check', '--policy', 'acme.policy.yaml', '--rules', './acme-rules.mjs', '--now', String(now)];
const judged = [];
for (const [blocked, status, header] of [
  [tokens.consumer, 1, /^DENY acme\/test@1 .*: custom_denied$/],
  ['974760673', 0, /^ALLOW acme\/test@1 /],
]) {
  writeFileSync('acme.policy.yaml', policy(blocked));
  const result = run([
    ...custom,
    '--maskinporten-jwks',
    'mp-jwks.json',
    '--maskinporten-token-file',
    'mp.jwt',
    '--format',
    'text',
  ]);
  assert.equal(result.status, status, `--rules: exit ${result.status}: ${result.stderr}`);
  assert.match(result.stdout.split('\n')[0], header);
  judged.push(result.stdout.split(' ')[0]);
}
seen.push(`--policy --rules --format text: ${judged.join(', ')}`);

// The same module in TypeScript (type annotations Node 20 cannot strip): --rules loads it with tsx, a dependency
// of @dsop-guard/cli.
writeFileSync(
  'acme-rules.ts',
  readFileSync('acme-rules.mjs', 'utf8').replace(
    'function blockedConsumers({ blocked, ...rest })',
    "function blockedConsumers({ blocked, ...rest }: { blocked: string[]; id?: string; mode?: 'enforce' | 'shadow' })",
  ),
);
const typed = run([
  ...custom.map((a) => (a === './acme-rules.mjs' ? './acme-rules.ts' : a)),
  '--maskinporten-jwks',
  'mp-jwks.json',
  '--maskinporten-token-file',
  'mp.jwt',
]);
assert.equal(typed.status, 0, `--rules acme-rules.ts: exit ${typed.status}: ${typed.stderr}`);
seen.push('--rules acme-rules.ts: ALLOW');

// dsop-guard test over the preset suites the rules package ships.
for (const name of ['lanekassen-saldo', 'skatteetaten-inntekt', 'nav-sykeuforeopplysninger']) {
  const suite = `node_modules/@dsop-guard/rules/presets/tests/${name}.tests.yaml`;
  const tested = run(['test', `${name}/test`, suite]);
  assert.equal(
    tested.status,
    0,
    `test ${name}/test: exit ${tested.status}: ${tested.stdout}${tested.stderr}`,
  );
  assert.match(tested.stdout, /\n(\d+) cases: \1 passed, 0 failed\n$/);
}
seen.push('test <preset>/test over the three shipped suites: exit 0');

const version = run(['--version']);
assert.match(version.stdout, /^\d+\.\d+\.\d+/, `--version: ${version.stderr}`);
console.log(`ok npx dsop-guard --version ${version.stdout.trim()}, check --help; check: ${seen.join('; ')}`);
