// `pnpm bench http` (BENCH_HTTP_SECONDS per run, default 5; BENCH_HTTP_CONNECTIONS, default 10): autocannon on
// loopback against five servers, each in a child process of its own (scripts/bench/httpServer.ts), at the
// realistic mix: the bank's Maskinporten token reused (minted afresh before each run), a fresh consent token per
// request from a pre-minted pool larger than the verified-token cache. Runs are interleaved server by server,
// 3 repeats; every response must be a 200. Prints the medians of req/s, p99 and the server's CPU per request
// (its process.cpuUsage() delta over the run, read over IPC).
import { type ChildProcess, fork } from 'node:child_process';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import autocannon from 'autocannon';

const seconds = Number(process.env['BENCH_HTTP_SECONDS'] ?? '5');
const connections = Number(process.env['BENCH_HTTP_CONNECTIONS'] ?? '10');
const REPEATS = 3;
const SERVERS = ['express-guard', 'express-hand', 'fastify-guard', 'fastify-hand', 'node-hand'] as const;
type Server = (typeof SERVERS)[number];
const LABELS: Readonly<Record<Server, string>> = {
  'express-guard': 'Express + expressGuard',
  'express-hand': 'Express, floor by hand',
  'fastify-guard': 'Fastify + fastifyGuard',
  'fastify-hand': 'Fastify, floor by hand',
  'node-hand': 'node:http, floor by hand',
};

const mpKeys = createTestKeys({ kid: 'mp-bench-http' });
const altinnKeys = createTestKeys({ x5t: true });
const start = Math.floor(Date.now() / 1000);
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now: start });
// Consent tokens live for 25 s by default; these must outlast the whole benchmark.
const consents = Array.from({ length: 3000 }, () => tokens.altinn2Consent({ claims: { exp: start + 3600 } }));
const person = tokens.person;

/** A Maskinporten token as issued now (120 s), for one run. */
function freshMaskinporten(): string {
  const now = Math.floor(Date.now() / 1000);
  return tokens.direct({ claims: { iat: now, exp: now + 115 } });
}

interface Child {
  readonly process: ChildProcess;
  readonly url: string;
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

async function spawn(server: Server): Promise<Child> {
  const keys = {
    mp: { jwks: mpKeys.jwks, publicJwk: mpKeys.publicJwk },
    altinn: { jwks: altinnKeys.jwks, publicJwk: altinnKeys.publicJwk },
  };
  // BENCH_HTTP_PROFILE=<server> profiles that server (node --cpu-prof, into the working directory).
  const profile = process.env['BENCH_HTTP_PROFILE'] === server ? ['--cpu-prof'] : [];
  // Beside this script: httpServer.ts from source, httpServer.js when pnpm bench compiled it.
  const script = new URL(`./httpServer${import.meta.url.slice(-3)}`, import.meta.url).pathname;
  const child = fork(script, [server], {
    execArgv: [...process.execArgv, ...profile],
    env: { ...process.env, BENCH_HTTP_KEYS: JSON.stringify(keys) },
  });
  const { url } = await new Promise<{ url: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string })),
  );
  return { process: child, url };
}

interface Run {
  readonly rps: number;
  readonly p99: number;
  readonly cpuUsPerRequest: number;
}

async function load(child: Child, duration: number): Promise<Run> {
  const mp = freshMaskinporten();
  let n = 0;
  let wrong = 0;
  const before = (await ask<{ cpu: NodeJS.CpuUsage }>(child.process, 'cpu')).cpu;
  const result = await autocannon({
    url: `${child.url}/saldo/v1/Accounts`,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request: autocannon.Request) => {
          n += 1;
          const consent = consents[n % consents.length] as string;
          return { ...request, headers: { authorization: mp, 'consent-id': consent, 'psu-id': person } };
        },
        onResponse: (status: number) => {
          if (status !== 200) wrong += 1;
        },
      },
    ],
  });
  const after = (await ask<{ cpu: NodeJS.CpuUsage }>(child.process, 'cpu')).cpu;
  const requests = result.requests.total;
  if (wrong > 0 || result.non2xx > 0 || result.errors > 0 || requests === 0) {
    throw new Error(
      `benchmark input is not what it claims: ${wrong} non-200 of ${requests}, ${result.errors} errors`,
    );
  }
  const cpu = after.user - before.user + (after.system - before.system);
  return { rps: result.requests.average, p99: result.latency.p99, cpuUsPerRequest: cpu / requests };
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const children = new Map<Server, Child>();
for (const server of SERVERS) children.set(server, await spawn(server));
for (const server of SERVERS) await load(children.get(server) as Child, 1); // warm-up
const runs = new Map<Server, Run[]>(SERVERS.map((s) => [s, []]));
for (let r = 0; r < REPEATS; r += 1) {
  for (const server of SERVERS) runs.get(server)?.push(await load(children.get(server) as Child, seconds));
}
for (const child of children.values()) child.process.send('exit');

const rows = SERVERS.map((server) => {
  const rs = runs.get(server) as Run[];
  return {
    server,
    rps: median(rs.map((x) => x.rps)),
    rpsAll: rs.map((x) => fmt(x.rps)).join(' / '),
    p99: median(rs.map((x) => x.p99)),
    cpu: median(rs.map((x) => x.cpuUsPerRequest)),
  };
});
const by = new Map(rows.map((r) => [r.server, r]));
const against = (server: Server): Server | undefined =>
  server === 'express-guard' ? 'express-hand' : server === 'fastify-guard' ? 'fastify-hand' : undefined;
const lines = [
  `${seconds} s per run, ${connections} connections, ${REPEATS} repeats interleaved; medians (req/s of each repeat in brackets)`,
  '',
  '| server | req/s | p99 ms | server CPU µs/req | req/s vs same framework by hand | CPU/req vs same framework by hand | req/s vs node:http by hand |',
  '|---|---:|---:|---:|---:|---:|---:|',
];
const node = by.get('node-hand') as (typeof rows)[number];
for (const row of rows) {
  const base = against(row.server);
  const hand = base === undefined ? undefined : by.get(base);
  const same = hand === undefined ? '' : `${fmt(row.rps / hand.rps, 2)}×`;
  const cpu = hand === undefined ? '' : `${fmt(row.cpu / hand.cpu, 2)}×`;
  lines.push(
    `| ${LABELS[row.server]} | ${fmt(row.rps)} (${row.rpsAll}) | ${row.p99} | ${fmt(row.cpu, 1)} | ${same} | ${cpu} | ${fmt(row.rps / node.rps, 2)}× |`,
  );
}
console.log(lines.join('\n'));
