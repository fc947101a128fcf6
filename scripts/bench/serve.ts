// `pnpm bench serve` (or `pnpm bench:serve`; BENCH_SERVE_SECONDS per run, default 3; BENCH_SERVE_CONNECTIONS,
// default 10): autocannon through a real nginx (scripts/nginx.sh) whose auth_request target is, in turn,
// `dsop-guard serve --workers 1`, `dsop-guard serve --workers 2`, and a trivial node:http endpoint that answers
// 200 to everything (the floor: nginx, auth_request and a Node hop, no guard). At the realistic mix: the bank's
// Maskinporten token reused, a fresh consent token per request from a pre-minted pool. Every response must be a
// 200 from the upstream. Runs interleaved, 2 repeats; prints the medians of req/s and p99.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import autocannon from 'autocannon';
import { startServe } from '../../test/fixtures/serveProcess.js';
import {
  deniedLocation,
  freePort,
  guardUpstream,
  nginxAvailable,
  nginxMissing,
  protectedLocation,
  startNginx,
} from '../../test/gateway/nginx.js';

if (!nginxAvailable) {
  console.log(`skipped: ${nginxMissing}`);
  process.exit(0);
}
const seconds = Number(process.env['BENCH_SERVE_SECONDS'] ?? '3');
const connections = Number(process.env['BENCH_SERVE_CONNECTIONS'] ?? '10');
const REPEATS = 2;

const mpKeys = createTestKeys({ kid: 'mp-bench-serve' });
const altinnKeys = createTestKeys({ x5t: true });
const start = Math.floor(Date.now() / 1000);
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now: start });
const consents = Array.from({ length: 3000 }, () => tokens.altinn2Consent({ claims: { exp: start + 3600 } }));
const freshMaskinporten = (): string => {
  const now = Math.floor(Date.now() / 1000);
  return tokens.direct({ claims: { iat: now, exp: now + 115 } });
};

const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-bench-serve-'));
writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));

const listen = async (handler: Parameters<typeof createServer>[1]) => {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
};
const upstream = await listen((_, res) => res.end('{"upstream":true}'));
const trivial = await listen((req, res) => {
  req.resume();
  res.writeHead(200, { 'x-dsop-decision': 'allow' });
  res.end();
});
const flags = [
  ...['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'nginx'],
  ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
];
const [one, two] = await Promise.all([
  startServe([...flags, '--workers', '1']),
  startServe([...flags, '--workers', '2']),
]);
const TARGETS = [
  ['trivial', 'nginx + trivial auth_request endpoint (node:http, 200)', trivial.host],
  ['w1', 'nginx + dsop-guard serve --workers 1', new URL(one.url).host],
  ['w2', 'nginx + dsop-guard serve --workers 2', new URL(two.url).host],
] as const;
async function load(name: string, duration: number): Promise<{ rps: number; p99: number }> {
  if (nginx === undefined) throw new Error('nginx is not running');
  const mp = freshMaskinporten();
  let n = 0;
  let wrong = 0;
  const result = await autocannon({
    url: `${nginx.url}/${name}/saldo/v1/Accounts`,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (request: autocannon.Request) => {
          n += 1;
          const consent = consents[n % consents.length] as string;
          return {
            ...request,
            headers: { authorization: mp, 'consent-id': consent, 'psu-id': tokens.person },
          };
        },
        onResponse: (status: number) => {
          if (status !== 200) wrong += 1;
        },
      },
    ],
  });
  if (wrong > 0 || result.errors > 0 || result.requests.total === 0)
    throw new Error(`${name}: ${wrong} non-200 of ${result.requests.total}, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
try {
  const port = await freePort();
  nginx = await startNginx(
    port,
    () => `
  ${TARGETS.map(([name, , host]) => guardUpstream(`/${name}/`, host)).join('\n')}
    server {
      listen 127.0.0.1:${port};
  ${TARGETS.map(([name]) => protectedLocation(`/${name}/`, upstream.host)).join('\n')}
  ${deniedLocation}
    }`,
  );
  for (const [name] of TARGETS) await load(name, 1); // warm-up
  const runs = new Map<string, { rps: number; p99: number }[]>(TARGETS.map(([name]) => [name, []]));
  for (let r = 0; r < REPEATS; r += 1)
    for (const [name] of TARGETS) runs.get(name)?.push(await load(name, seconds));
  const floor = median((runs.get('trivial') ?? []).map((x) => x.rps));
  const lines = [
    `${seconds} s per run, ${connections} connections, ${REPEATS} repeats interleaved; medians (each repeat's req/s in brackets)`,
    '',
    '| auth_request target | req/s | p99 ms | req/s vs trivial endpoint |',
    '|---|---:|---:|---:|',
  ];
  for (const [name, label] of TARGETS) {
    const rs = runs.get(name) ?? [];
    const rps = median(rs.map((x) => x.rps));
    lines.push(
      `| ${label} | ${fmt(rps)} (${rs.map((x) => fmt(x.rps)).join(' / ')}) | ${median(rs.map((x) => x.p99))} | ${(rps / floor).toFixed(2)}× |`,
    );
  }
  console.log(lines.join('\n'));
} finally {
  await Promise.all([nginx?.stop(), one.stop(), two.stop()]);
  upstream.server.close();
  trivial.server.close();
  rmSync(dir, { recursive: true, force: true });
}
