// `pnpm load [--duration 60] [--connections 20]`: autocannon against the Express and then the Fastify example
// gateway on loopback at the realistic mix (the bank's Maskinporten token reused, a fresh consent token per
// request, a tenth expired consents and a tenth consents for another organisation), while the JWKS server
// restarts every 10 s and the Maskinporten keys rotate once. Every response is checked against the decision its
// request should get. Prints a Markdown table; not part of `pnpm test`.
import { type ChildProcess, fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import autocannon from 'autocannon';

/** What a request of the run expects, carried in autocannon's per-connection context. */
interface Expecting {
  expected?: number;
}

const { values } = parseArgs({
  options: { duration: { type: 'string', default: '60' }, connections: { type: 'string', default: '20' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const now = Math.floor(Date.now() / 1000);
const k1 = createTestKeys({ kid: 'load-mp-1' });
const k2 = createTestKeys({ kid: 'load-mp-2' });
const altinnKeys = createTestKeys({ x5t: true });

// --- The JWKS server: restarts every 10 s on the same port; rotation publishes k1 and k2 ----------------------
let published = [k1];
let server: Server | undefined;
let port = 0;
let restarts = 0;
const downMs: number[] = [];
const jwks = (keys: typeof published) => ({ keys: keys.flatMap((k) => k.jwks.keys) });
function listen(): Promise<void> {
  server = createServer((req, res) => {
    const body =
      req.url === '/.well-known/oauth-authorization-server'
        ? { issuer: 'https://test.maskinporten.no/', jwks_uri: `http://127.0.0.1:${port}/jwk` }
        : req.url === '/jwk'
          ? jwks(published)
          : req.url === '/altinn/jwk'
            ? jwks([altinnKeys])
            : undefined;
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  return new Promise((resolve) =>
    (server as Server).listen(port, '127.0.0.1', () => {
      port = ((server as Server).address() as AddressInfo).port;
      resolve();
    }),
  );
}
let restarting: Promise<void> = Promise.resolve();
async function restart(): Promise<void> {
  const down = Date.now();
  await new Promise<void>((resolve) => {
    server?.closeAllConnections();
    server?.close(() => resolve());
  });
  await new Promise((r) => setTimeout(r, 500));
  await listen();
  restarts += 1;
  downMs.push(Date.now() - down);
}

// --- The mix ----------------------------------------------------------------------------------------------------
interface Case {
  readonly headers: Record<string, string>;
  readonly status: number;
}
function pool(keys: typeof k1): { allow: Case[]; expired: Case[]; otherOrg: Case[] } {
  const tokens = createTokenFactory({ maskinportenKeys: keys, altinnKeys, now });
  const mp = tokens.direct({ claims: { exp: now + duration + 60, iat: now } });
  // The test kit's consent tokens live 25 s; these must outlive the run.
  const consent = (claims: Record<string, unknown> = {}) =>
    tokens.altinn2Consent({ claims: { exp: now + duration + 120, ...claims } });
  const at = (consent: string, status: number): Case => ({
    headers: { authorization: mp, 'consent-id': consent, 'psu-id': tokens.person },
    status,
  });
  return {
    allow: Array.from({ length: 400 }, () => at(consent(), 200)),
    expired: Array.from({ length: 40 }, () => at(consent({ ValidToDate: now - 3600 }), 403)),
    otherOrg: Array.from({ length: 40 }, () => at(consent({ CoveredBy: '974760673' }), 403)),
  };
}
const pools = { before: pool(k1), after: pool(k2) };
let rotated = false;
let n = 0;
function nextCase(): Case {
  n += 1;
  const p = rotated ? pools.after : pools.before;
  const list = n % 10 === 0 ? p.expired : n % 10 === 5 ? p.otherOrg : p.allow;
  return list[n % list.length] as Case;
}

// --- One run against one gateway ---------------------------------------------------------------------------------
interface Tally {
  ok: number;
  outage503: number;
  wrong: number;
  other5xx: number;
  samples: string[];
}
function ask(
  child: ChildProcess,
  message: string,
): Promise<{ heap: number; events: Record<string, number> }> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as { heap: number; events: Record<string, number> }));
    child.send(message);
  });
}

async function run(kind: 'express' | 'fastify') {
  published = [k1];
  rotated = false;
  const child = fork(
    new URL('./gateway.ts', import.meta.url).pathname,
    [
      kind,
      `http://127.0.0.1:${port}/.well-known/oauth-authorization-server`,
      `http://127.0.0.1:${port}/altinn/jwk`,
    ],
    { execArgv: [...process.execArgv, '--expose-gc'] },
  );
  const { url } = await new Promise<{ url: string }>((resolve) =>
    child.once('message', (m) => resolve(m as { url: string })),
  );
  const tally: Tally = { ok: 0, outage503: 0, wrong: 0, other5xx: 0, samples: [] };
  let heapEarly = 0;
  const timers = [
    setInterval(() => {
      restarting = restart();
    }, 10_000),
    setTimeout(
      () => {
        published = [k1, k2];
        rotated = true;
      },
      (duration * 1000) / 2,
    ),
    setTimeout(async () => {
      heapEarly = (await ask(child, 'heap')).heap;
    }, 5_000),
  ];
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        path: '/saldo/v1/Accounts',
        setupRequest: (request: autocannon.Request, context: object) => {
          const c = nextCase();
          (context as Expecting).expected = c.status;
          return { ...request, headers: { ...c.headers, 'x-request-id': `load-${n}` } };
        },
        onResponse: (status: number, body: string, context: object) => {
          const expected = (context as Expecting).expected;
          if (status === expected) tally.ok += 1;
          else if (status === 503 && body.includes('keys_unavailable')) tally.outage503 += 1;
          else {
            if (status >= 500) tally.other5xx += 1;
            else tally.wrong += 1;
            if (tally.samples.length < 5)
              tally.samples.push(`${status} (expected ${expected}): ${body.slice(0, 160)}`);
          }
        },
      },
    ],
  });
  for (const t of timers) clearTimeout(t);
  await restarting;
  const end = await ask(child, 'heap');
  child.kill();
  return { kind, result, tally, heapEarly, heapEnd: end.heap, events: end.events };
}

await listen();
const rows = [];
for (const kind of ['express', 'fastify'] as const) rows.push(await run(kind));
server?.closeAllConnections();
server?.close();

const mib = (b: number): string => (b / 1048576).toFixed(1);
console.log(
  `\n${duration} s per gateway, ${connections} connections, JWKS restarts every 10 s (${restarts} in all, down ${Math.max(...downMs)} ms at most), Maskinporten keys rotated once at ${duration / 2} s\n`,
);
console.log(
  '| gateway | requests | req/s | p99 ms | as expected | documented 503 (keys_unavailable) | wrong decisions | other 5xx | heap at 5 s → end (MiB) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  const total = r.tally.ok + r.tally.outage503 + r.tally.wrong + r.tally.other5xx;
  console.log(
    `| ${r.kind} | ${total} | ${Math.round(r.result.requests.average)} | ${r.result.latency.p99} | ${r.tally.ok} | ${r.tally.outage503} | ${r.tally.wrong} | ${r.tally.other5xx} | ${mib(r.heapEarly)} → ${mib(r.heapEnd)} |`,
  );
}
for (const r of rows) {
  console.log(`\n${r.kind} events: ${JSON.stringify(r.events)}`);
  for (const s of r.tally.samples) console.log(`  unexpected: ${s}`);
}
const failed = rows.some((r) => r.tally.wrong > 0 || r.tally.other5xx > 0);
console.log(
  `\n${failed ? 'FAILED: wrong decisions or undocumented 5xx' : 'every response as expected or the documented 503'}`,
);
process.exitCode = failed ? 1 : 0;
