// dsop-guard demo: a Maskinporten-like and an Altinn-like issuer on loopback (real HTTP servers serving RFC 8414
// metadata and a JWKS), an Express gateway and a Fastify gateway guarded by the Lånekassen saldo policy for TEST
// (plus one shadow rule), a realistic mix of requests through both, a window of key-set outage served from stale
// keys, one hash-chained decision log, its verification and an audit report, and a policy reload of a running
// `dsop-guard serve` (SIGUSR2, no restart). The policy is a file (demo.policy.yaml) with policy tests
// (demo.tests.yaml) that `dsop-guard test` runs. Run it with `pnpm demo` (`pnpm demo --explain` also prints every
// deny rule by rule); its output ends with the paths of the policy test result, the coverage from production and
// the person report.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expressGuard } from '@dsop-guard/adapters/express';
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import { createAuditTrail, fileSink, type GuardEvent, remoteKeySet } from '@dsop-guard/core';
import { createTestKeys, createTokenFactory, startMockIssuer } from '@dsop-guard/core/testing';
import { explain, loadPolicyFile, preset } from '@dsop-guard/rules';
import express from 'express';
import Fastify from 'fastify';
import acmeRules from './acme-rules.js';
import { readLog } from './readLog.js';

const explainDenies = process.argv.includes('--explain');
const now = Math.floor(Date.now() / 1000);
const out = join(process.cwd(), 'demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
mkdirSync(out, { recursive: true });
const logPath = join(out, 'decisions.jsonl');
const cli = fileURLToPath(new URL('../packages/cli/src/bin.ts', import.meta.url));

// --- Issuers and tokens -----------------------------------------------------------------------------------
const mpKeys = createTestKeys({ kid: 'demo-maskinporten-1' });
const altinnKeys = createTestKeys({ x5t: true });
const forgerKeys = createTestKeys({ kid: 'demo-maskinporten-1' });
const lanekassen = preset('lanekassen-saldo', 'test');
const maskinporten = await startMockIssuer({ keys: [mpKeys], issuer: lanekassen.issuer });
const altinn = await startMockIssuer({
  keys: [altinnKeys],
  issuer: 'https://tt02.altinn.no/',
  jwksPath: '/api/metadata/jwk',
});
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
const forger = createTokenFactory({ maskinportenKeys: forgerKeys, altinnKeys, now });

// --- The policy: the preset, and a shadow rule the security team is trying out (demo.policy.yaml) ---------
const policyFile = fileURLToPath(new URL('./demo.policy.yaml', import.meta.url));
const { policy } = loadPolicyFile({ path: policyFile }, { customRules: acmeRules });

// --- One audit trail, two gateways ----------------------------------------------------------------------------
// A fresh secret per run (hex, so `audit person` below can be given it as DSOP_GUARD_AUDIT_KEY).
const auditKey = randomBytes(32).toString('hex');
const events: GuardEvent[] = [];
const onEvent = (event: GuardEvent): void => void events.push(event);
const audit = createAuditTrail({
  chainId: 'demo-gateway-1',
  sinks: [fileSink({ path: logPath, fsync: 'interval' })],
  // A fresh secret per run: whoever holds the key can reverse every pseudonym (docs/audit.md).
  pseudonymKey: { id: 'demo-run', key: auditKey },
  onEvent,
});
// Short key lifetimes so the demo can show an outage served from stale keys within a second or two.
const keyTimes = { maxAgeMs: 1500, staleIfErrorMs: 60_000, cooldownMs: 200, onEvent };
const guardOptions = {
  policy,
  transport: lanekassen.transport,
  keys: {
    maskinporten: remoteKeySet({
      issuer: lanekassen.issuer,
      metadataUrl: maskinporten.metadataUrl,
      ...keyTimes,
    }),
    consent: remoteKeySet({
      issuer: lanekassen.consentIssuer,
      metadataUrl: altinn.metadataUrl,
      metadataIssuer: 'https://tt02.altinn.no/',
      matchX5t: true,
      ...keyTimes,
    }),
  },
  audit,
  onEvent,
};

const expressApp = express();
expressApp.get('/saldo/v1/Accounts', expressGuard(guardOptions), (req, res) => {
  res.json({ consumer: req.dsopVerdict?.subject.consumer });
});
const expressServer = createServer(expressApp);
await new Promise<void>((resolve) => expressServer.listen(0, '127.0.0.1', resolve));
const fastifyApp = Fastify();
await fastifyApp.register(fastifyGuard, guardOptions);
fastifyApp.get('/saldo/v1/Accounts', async (request) => ({
  consumer: request.dsopVerdict?.subject.consumer,
}));
const gateways = {
  express: `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}/saldo/v1/Accounts`,
  fastify: `${await fastifyApp.listen({ port: 0, host: '127.0.0.1' })}/saldo/v1/Accounts`,
};

// --- The traffic ----------------------------------------------------------------------------------------------
interface Case {
  readonly name: string;
  readonly maskinportenToken: string;
  readonly consentToken: string;
  readonly person: string;
}
const person = tokens.person;
const mix: readonly Case[] = [
  { name: 'valid direct', maskinportenToken: tokens.direct(), consentToken: tokens.altinn2Consent(), person },
  {
    name: 'valid supplier (shadow rule hit)',
    maskinportenToken: tokens.supplier(),
    consentToken: tokens.altinn2Consent({ handledBy: tokens.supplierOrgno }),
    person,
  },
  {
    name: 'expired consent',
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent({ claims: { ValidToDate: now - 3600 } }),
    person,
  },
  {
    name: 'consent for another organisation',
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
    person,
  },
  {
    name: 'another person',
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: '02095302184',
  },
  {
    name: 'forged signature',
    maskinportenToken: forger.direct(),
    consentToken: tokens.altinn2Consent(),
    person,
  },
];

const tally = new Map<string, number>();
let sent = 0;
async function send(gateway: keyof typeof gateways, c: Case, phase: string): Promise<void> {
  sent += 1;
  const response = await fetch(gateways[gateway], {
    headers: {
      authorization: c.maskinportenToken,
      'consent-id': c.consentToken,
      'psu-id': c.person,
      'x-request-id': `demo-${sent}`,
    },
  });
  const body = (await response.json()) as { reasons?: string[] };
  const line = `${response.status} ${response.status === 200 ? 'allow' : `deny [${body.reasons?.join(', ')}]`}  ${c.name}${phase}`;
  tally.set(line, (tally.get(line) ?? 0) + 1);
}

console.log(`dsop-guard demo: policy ${policy.id}@${policy.version} (sha256 ${policy.sha256.slice(0, 12)}…)`);
console.log(`Maskinporten-like issuer at ${maskinporten.url}, Altinn-like issuer at ${altinn.url}`);
console.log(`Express gateway at ${gateways.express}\nFastify gateway at ${gateways.fastify}\n`);
try {
  for (let round = 0; round < 5; round += 1) {
    for (const gateway of ['express', 'fastify'] as const) {
      await Promise.all(mix.map((c) => send(gateway, c, '')));
    }
  }
  // The Maskinporten issuer goes down; once the keys pass their 1.5 s refresh window, they serve as stale.
  maskinporten.setMode('down');
  await sleep(1700);
  for (const gateway of ['express', 'fastify'] as const) {
    for (let i = 0; i < 3; i += 1) await send(gateway, mix[0] as Case, ' (issuer down: stale keys)');
  }
  maskinporten.setMode('ok');

  for (const [line, n] of [...tally].sort()) console.log(`${String(n).padStart(3)} × ${line}`);
} finally {
  expressServer.closeAllConnections();
  await Promise.all([
    new Promise((resolve) => expressServer.close(resolve)),
    fastifyApp.close(),
    maskinporten.close(),
    altinn.close(),
  ]);
  await audit.close();
}

// --- What the security team sees afterwards -------------------------------------------------------------------
const seen = events.reduce((m, e) => m.set(e.type, (m.get(e.type) ?? 0) + 1), new Map<string, number>());
console.log(`\nOperator events: ${[...seen].map(([type, n]) => `${type} ×${n}`).join(', ')}`);
const verified = await readLog(logPath);
console.log(`Decision log: ${relative(process.cwd(), logPath)} (${verified.records} records)`);
// The two commands a security team runs afterwards, exactly as they would run them.
const reportDir = join(out, 'report');
// And before enforcing the shadow rule: what would it have refused? The preset's policy file with the rule added.
const tighter = join(out, 'enforce-no-supplier-calls.policy.yaml');
writeFileSync(
  tighter,
  readFileSync(
    fileURLToPath(new URL('../packages/rules/examples/lanekassen-test.policy.yaml', import.meta.url)),
    'utf8',
  )
    .replace('id: lanekassen-saldo/test', 'id: lanekassen-saldo/test+acme-enforced')
    .replace(/\n$/, '\n    - rule: acme.no-supplier-calls\n'),
);
const rules = fileURLToPath(new URL('./acme-rules.ts', import.meta.url));
const coverageDir = join(out, 'coverage');
const policyTests = fileURLToPath(new URL('./demo.tests.yaml', import.meta.url));
const policyTestResult = join(out, 'policy-tests.xml');
const personDir = join(out, 'person');
// A person's access request: the number on stdin (never an argument), the key from the environment.
const personRequest = { input: `${person}\n`, env: { ...process.env, DSOP_GUARD_AUDIT_KEY: auditKey } };
// The policy's own tests first, as CI runs them: JUnit XML into a file (here: stdout, written to policyTestResult).
const policyTestArgs = ['test', policyFile, policyTests, '--rules', rules, '--format', 'junit'];
for (const [args, extra] of [
  [policyTestArgs, { saveTo: policyTestResult }],
  [['audit', 'verify', logPath], {}],
  [['report', logPath, '--out', reportDir], {}],
  [['replay', '--policy', tighter, '--rules', rules, logPath, '--out', join(out, 'replay')], {}],
  [['report', '--coverage', '--policy', policyFile, '--rules', rules, logPath, '--out', coverageDir], {}],
  [['audit', 'person', logPath, '--out', personDir], personRequest],
] as const) {
  const shown = args.map((a) => (a.startsWith('/') ? relative(process.cwd(), a) : a)).join(' ');
  const piped = 'input' in extra ? 'echo <person> | DSOP_GUARD_AUDIT_KEY=… ' : '';
  const saved = 'saveTo' in extra ? ` > ${relative(process.cwd(), extra.saveTo)}` : '';
  console.log(`\n$ ${piped}dsop-guard ${shown}${saved}`);
  const run = spawnSync(process.execPath, [...process.execArgv, cli, ...args], {
    encoding: 'utf8',
    ...('input' in extra ? extra : {}),
  });
  if ('saveTo' in extra) {
    writeFileSync(extra.saveTo, run.stdout);
    const counts = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(run.stdout);
    console.log(`${counts?.[1] ?? '?'} cases, ${counts?.[2] ?? '?'} failed`);
  } else process.stdout.write(run.stdout.replaceAll(`${process.cwd()}/`, ''));
  if (run.status !== 0) process.stdout.write(`(exit ${run.status}) ${run.stderr}`);
}
const at = (dir: string): string => relative(process.cwd(), join(dir, 'index.html'));
console.log(
  `\nOpen in a browser: ${at(reportDir)} (the audit report), ${at(join(out, 'replay'))} (the replay), ${at(coverageDir)} (the coverage from production) and ${at(personDir)} (the person report: it names the person, mode 0600).`,
);

// --- A policy change without a restart: `dsop-guard serve` reloads on SIGUSR2 ---------------------------------
// The same security team enforces the rule they tried in shadow: they edit the policy file of a running
// `dsop-guard serve` (two workers) and send SIGUSR2; the same supplier call is allowed before and denied after,
// and each decision record names the policy that decided it.
const serveDir = join(out, 'serve');
mkdirSync(serveDir);
const servePolicy = join(serveDir, 'acme.policy.yaml');
const basePolicy = readFileSync(
  fileURLToPath(new URL('../packages/rules/examples/lanekassen-test.policy.yaml', import.meta.url)),
  'utf8',
).replace('id: lanekassen-saldo/test', 'id: acme/lanekassen-saldo/test');
writeFileSync(servePolicy, basePolicy);
writeFileSync(join(serveDir, 'maskinporten-jwks.json'), JSON.stringify(mpKeys.jwks));
writeFileSync(join(serveDir, 'altinn-jwks.json'), JSON.stringify(altinnKeys.jwks));
const serveArgs = [
  ...['serve', '--gateway', 'envoy', '--policy', servePolicy, '--rules', rules, '--workers', '2'],
  ...['--maskinporten-jwks', join(serveDir, 'maskinporten-jwks.json')],
  ...['--altinn-jwks', join(serveDir, 'altinn-jwks.json'), '--port', '0'],
  ...['--audit', join(serveDir, 'decisions.jsonl'), '--chain-id', 'demo-serve'],
];
console.log(
  `\n$ dsop-guard ${serveArgs.map((a) => (a.startsWith('/') ? relative(process.cwd(), a) : a)).join(' ')} &`,
);
const served = spawn(process.execPath, [...process.execArgv, cli, ...serveArgs], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serveErr = '';
const serveLine = (pattern: RegExp): Promise<RegExpExecArray> =>
  new Promise((resolve, reject) => {
    const look = (): void => {
      const found = pattern.exec(serveErr);
      if (found === null) return;
      served.stderr?.off('data', look);
      clearTimeout(timer);
      resolve(found);
    };
    const timer = setTimeout(
      () => reject(new Error(`dsop-guard serve: no ${pattern}:\n${serveErr}`)),
      30_000,
    );
    served.stderr?.on('data', look);
    look();
  });
served.stderr?.on('data', (d) => {
  serveErr += d;
});
const supplierCall = mix[1] as Case;
const askServe = async (url: string, requestId: string): Promise<string> => {
  const response = await fetch(url, {
    headers: {
      authorization: supplierCall.maskinportenToken,
      'consent-id': supplierCall.consentToken,
      'psu-id': supplierCall.person,
      'x-request-id': requestId,
    },
  });
  const body =
    response.status === 200
      ? ''
      : ` [${((await response.json()) as { reasons?: string[] }).reasons?.join(', ')}]`;
  return `${response.status} ${response.status === 200 ? 'allow' : 'deny'}${body}`;
};
try {
  const serveUrl = `${(await serveLine(/listening on (http:\/\/\S+)/))[1]}/saldo/v1/Accounts`;
  console.log(
    `  ${await askServe(serveUrl, 'serve-before')}  a supplier's call, under the policy loaded at start`,
  );
  writeFileSync(
    servePolicy,
    basePolicy
      .replace('version: "1.0.0"', 'version: "1.1.0"')
      .replace(/\n$/, '\n    - rule: acme.no-supplier-calls\n'),
  );
  console.log(
    `(edit ${relative(process.cwd(), servePolicy)}: version "1.1.0", and the rule acme.no-supplier-calls enforced)`,
  );
  console.log(`$ kill -USR2 ${served.pid}`);
  served.kill('SIGUSR2');
  const switched = await serveLine(
    /dsop-guard serve: (policy reload \(SIGUSR2\): \S+ version \S+ sha256 \S+ now in every worker \(2\))/,
  );
  console.log(`  ${switched[1]}`);
  console.log(`  ${await askServe(serveUrl, 'serve-after')}  the same call, no restart`);
} finally {
  served.kill('SIGTERM');
  await new Promise((resolve) => served.once('exit', resolve));
}
for (const file of readdirSync(serveDir)
  .filter((f) => /^decisions-w\d\.jsonl$/.test(f))
  .sort()) {
  for (const line of readFileSync(join(serveDir, file), 'utf8').split('\n')) {
    if (line === '') continue;
    const r = JSON.parse(line) as {
      kind: string;
      requestId?: string;
      decision?: string;
      policy?: { id: string; version: string; sha256: string };
    };
    if (r.kind !== 'decision' || r.policy === undefined) continue;
    console.log(
      `  ${file}: ${r.requestId} ${r.decision} by ${r.policy.id}@${r.policy.version} sha256 ${r.policy.sha256.slice(0, 12)}…`,
    );
  }
}

if (explainDenies) for (const r of verified.firstDenies) console.log(`\n${explain(r)}`);

// --- Last, the three results a security team and an auditor keep (the demo test reads these lines) ------------
console.log(`\nPolicy test result (JUnit XML): ${relative(process.cwd(), policyTestResult)}`);
console.log(`Coverage from production: ${at(coverageDir)}`);
console.log(`Person report: ${at(personDir)}`);
