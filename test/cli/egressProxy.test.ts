// Issue 25, egress: `dsop-guard check` (the built CLI), `dsop-guard serve` and `dsop-guard inspect` (the issuer
// keys its page asks for) fetch their keys through an egress
// proxy, a real CONNECT proxy on loopback (test/fixtures/connectProxy.ts): from HTTP_PROXY / HTTPS_PROXY, minus
// NO_PROXY's hosts, or from `--proxy`, which wins. A proxy that refuses, answers 403 or hangs is a deny with
// `keys_unavailable` within the key fetch's time limit, and what the operator sees names the URL (no query), the
// cause and the proxy (never its user info): check's standard error, serve's event line and /readyz.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, now, tokens } from '../adapters/table.js';
import { type ConnectProxy, closedPort, startConnectProxy } from '../fixtures/connectProxy.js';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { type CliRun, repoRoot, runCli } from '../fixtures/runCli.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';

const built = [process.execPath, join(repoRoot, 'packages/cli/bin/dsop-guard.js')];
const lanekassen = ['--preset', 'lanekassen-saldo', '--env', 'test'];
const issuer = 'https://test.maskinporten.no/';

let keys: KeyServer;
/** The client ports of every request the key server answered. */
const seenFrom: number[] = [];
let tunnel: ConnectProxy;
let deny: ConnectProxy;
let hang: ConnectProxy;
let refused: number;
let mpUrl: string;
let altinnUrl: string;

beforeAll(async () => {
  keys = await startKeyServer();
  const record = (req: IncomingMessage) => void seenFrom.push(req.socket.remotePort as number);
  keys.route('/jwk', (req) => {
    record(req);
    return { body: JSON.stringify(mpKeys.jwks) };
  });
  keys.route('/altinn-jwk', (req) => {
    record(req);
    return { body: JSON.stringify(altinnKeys.jwks) };
  });
  [tunnel, deny, hang, refused] = await Promise.all([
    startConnectProxy('tunnel'),
    startConnectProxy('deny'),
    startConnectProxy('hang'),
    closedPort(),
  ]);
  mpUrl = `${keys.url}jwk`;
  altinnUrl = `${keys.url}altinn-jwk`;
});
afterAll(async () => {
  await Promise.all([keys?.close(), tunnel?.close(), deny?.close(), hang?.close()]);
});

/** The key flags: both key sets from the key server, the Maskinporten one with a query that must never show. */
const keyFlags = (): string[] => [
  '--maskinporten-jwks',
  `${mpUrl}?tenant=secret-query`,
  '--altinn-jwks',
  altinnUrl,
];

/** `dsop-guard check` (the built CLI) of a valid request, in the environment `env` and nothing else. */
function check(
  env: Record<string, string>,
  extra: readonly string[] = [],
  keySources: readonly string[] = keyFlags(),
): Promise<CliRun> {
  return runCli(
    [
      'check',
      ...lanekassen,
      ...keySources,
      ...extra,
      '--now',
      String(now),
      '--maskinporten-token',
      tokens.direct(),
      '--consent-token',
      tokens.altinn2Consent(),
      '--person',
      tokens.person,
    ],
    { env, command: built },
  );
}

const reasonsOf = (run: CliRun): string[] => (JSON.parse(run.stdout) as { reasons: string[] }).reasons;

const keyServerPort = (): string => new URL(keys.url).port;

describe('check fetches its keys through the egress proxy', { timeout: 60_000 }, () => {
  it('HTTP_PROXY: the key server sees the requests only through the proxy, which logs the CONNECT target', async () => {
    const before = seenFrom.length;
    const run = await check({ HTTP_PROXY: tunnel.url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ decision: 'allow' });
    expect(tunnel.targets).toContain(`127.0.0.1:${keyServerPort()}`);
    expect(tunnel.methods.every((m) => m === 'CONNECT')).toBe(true);
    const fresh = seenFrom.slice(before);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    for (const port of fresh) expect(tunnel.upstreamPorts.has(port)).toBe(true);
  });

  it('the lower-case http_proxy wins over HTTP_PROXY, and --proxy over both', async () => {
    const viaLower = tunnel.targets.length;
    expect((await check({ http_proxy: tunnel.url, HTTP_PROXY: deny.url })).code).toBe(0);
    expect(tunnel.targets.length).toBeGreaterThan(viaLower);
    const viaFlag = tunnel.targets.length;
    const denied = deny.targets.length;
    const run = await check({ http_proxy: deny.url, HTTP_PROXY: deny.url }, ['--proxy', tunnel.url]);
    expect(run.code).toBe(0);
    expect(tunnel.targets.length).toBeGreaterThan(viaFlag);
    expect(deny.targets.length).toBe(denied);
  });

  it('NO_PROXY names the key server: straight there, the proxy never asked', async () => {
    const asked = deny.targets.length;
    for (const noProxy of ['127.0.0.1', `localhost,127.0.0.1:${keyServerPort()}`]) {
      const run = await check({ HTTP_PROXY: deny.url, NO_PROXY: noProxy });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(deny.targets.length).toBe(asked);
  });

  it('--proxy with user info: the proxy gets Proxy-Authorization, nothing printed holds the password', async () => {
    const withUser = `http://ops:pr0xy-s3cret@127.0.0.1:${deny.port}`;
    const run = await check({}, ['--proxy', withUser]);
    expect(run.code).toBe(1);
    expect(reasonsOf(run)).toEqual(['keys_unavailable']);
    expect(deny.authorized.at(-1)).toBe(true);
    expect(run.stderr).toContain(`via proxy http://***@127.0.0.1:${deny.port})`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/pr0xy-s3cret|ops:/);
  });

  it.each([
    ['refuses connections', () => `http://127.0.0.1:${refused}`, 'ECONNREFUSED'],
    ['answers CONNECT with 403', () => deny.url, 'proxy_status 403'],
    ['never answers', () => hang.url, 'timeout'],
  ])('a proxy that %s: deny keys_unavailable, the URL, the cause and the proxy on stderr', async (_, proxy, cause) => {
    const started = Date.now();
    const run = await check({ HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: proxy() });
    // The key fetch's time limit is 5 s for the whole refresh; the process starts and ends around it.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    expect(reasonsOf(run)).toEqual(['keys_unavailable']);
    expect(run.stderr).toContain(
      `dsop-guard check: keys.refresh_failed jwks ${mpUrl}: ${cause} (issuer ${issuer}, via proxy ${proxy()})\n`,
    );
    expect(run.stderr).not.toContain('secret-query');
    expect(run.stdout).not.toContain('secret-query');
  });

  it('HTTPS_PROXY for an https key server: the tunnel carries TLS end to end; a certificate nobody vouches for is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-egress-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
        ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1'],
      ],
      { stdio: 'ignore' },
    );
    const tls = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      res.end(JSON.stringify(req.url?.startsWith('/altinn') === true ? altinnKeys.jwks : mpKeys.jwks));
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    try {
      const base = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
      const sources = ['--maskinporten-jwks', `${base}/jwk`, '--altinn-jwks', `${base}/altinn-jwk`];
      const trusted = await check({ HTTPS_PROXY: tunnel.url, NODE_EXTRA_CA_CERTS: cert }, [], sources);
      expect(trusted.stderr).toBe('');
      expect(trusted.code).toBe(0);
      expect(tunnel.targets).toContain(base.slice('https://'.length));
      const untrusted = await check({ HTTPS_PROXY: tunnel.url }, [], sources);
      expect(untrusted.code).toBe(1);
      expect(reasonsOf(untrusted)).toEqual(['keys_unavailable']);
      expect(untrusted.stderr).toContain(
        `dsop-guard check: keys.refresh_failed jwks ${base}/jwk: DEPTH_ZERO_SELF_SIGNED_CERT (issuer ${issuer}, via proxy ${tunnel.url})\n`,
      );
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });

  it('a proxy given without a scheme is http, as curl reads it', async () => {
    const before = tunnel.targets.length;
    const run = await check({ HTTP_PROXY: `127.0.0.1:${tunnel.port}` });
    expect(run.code).toBe(0);
    expect(tunnel.targets.length).toBeGreaterThan(before);
  });

  it('a bad proxy setting is a usage error naming where it came from, never echoing it', async () => {
    const run = await check({ HTTPS_PROXY: 'ftp://u:pw-in-url@proxy' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('HTTPS_PROXY: give the proxy as http://host:port or https://host:port');
    expect(run.stderr).not.toContain('pw-in-url');
  });
});

/** A check as Envoy sends it (its own path and method are the original ones; Lånekassen takes the raw token). */
async function ask(serve: ServeProcess): Promise<{ status: number; body: string }> {
  // serve judges at the wall clock: tokens of this moment (the check tests before may have taken minutes).
  const fresh = createTokenFactory({
    maskinportenKeys: mpKeys,
    altinnKeys,
    now: Math.floor(Date.now() / 1000),
  });
  const response = await fetch(`${serve.url}/saldo/v1/Accounts`, {
    headers: {
      authorization: fresh.direct(),
      'consent-id': fresh.altinn2Consent(),
      'psu-id': fresh.person,
    },
  });
  return { status: response.status, body: await response.text() };
}

type Failed = {
  type: string;
  url: string;
  stage: string;
  cause: string;
  status?: number;
  proxy?: string;
  reason: string;
};

/** The `keys.refresh_failed` event lines serve wrote for the Maskinporten keys. */
function failedLines(serve: ServeProcess): Failed[] {
  return serve
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"keys.refresh_failed"'))
    .map((l) => JSON.parse(l) as Failed)
    .filter((e) => e.url === mpUrl);
}

describe('serve fetches its keys through the egress proxy', { timeout: 60_000 }, () => {
  const started: ServeProcess[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop('SIGKILL')));
  });
  const serveWith = async (
    env: Record<string, string>,
    extra: readonly string[] = [],
  ): Promise<ServeProcess> => {
    const s = await startServe(
      [...lanekassen, ...keyFlags(), '--gateway', 'envoy', '--workers', '1', ...extra],
      env,
    );
    started.push(s);
    return s;
  };

  it('through the proxy: allowed, and it says at start where each key set comes from and through which proxy', async () => {
    const serve = await serveWith({ HTTP_PROXY: tunnel.url, NO_PROXY: 'internal.example' });
    const text = serve.stderr();
    expect(text).toContain('dsop-guard serve: decision log: none (no --audit)\n');
    expect(text).toContain(
      `dsop-guard serve: keys maskinporten: ${mpUrl} (jwks, via ${tunnel.url}; issuer ${issuer})\n`,
    );
    expect(text).toContain(`dsop-guard serve: keys consent: ${altinnUrl} (jwks, via ${tunnel.url}; issuer`);
    expect(text).toContain(
      `dsop-guard serve: egress: https via ${tunnel.url} (HTTP_PROXY), http via ${tunnel.url} (HTTP_PROXY); direct to internal.example (NO_PROXY)\n`,
    );
    expect(text).not.toContain('secret-query');
    const before = seenFrom.length;
    const answer = await ask(serve);
    expect(answer.status).toBe(200);
    expect(tunnel.targets).toContain(`127.0.0.1:${keyServerPort()}`);
    const fresh = seenFrom.slice(before);
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    for (const port of fresh) expect(tunnel.upstreamPorts.has(port)).toBe(true);
    const ready = (await (await fetch(`${serve.adminUrl}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({
      ready: true,
      keys: { maskinporten: { from: mpUrl, kind: 'jwks', proxy: tunnel.url, issuer, failing: false } },
    });
    expect(JSON.stringify(ready)).not.toContain('lastFailure');
  });

  it.each([
    ['refuses connections', () => `http://127.0.0.1:${refused}`, 'ECONNREFUSED', undefined],
    ['answers CONNECT with 403', () => deny.url, 'proxy_status', 403],
    ['never answers', () => hang.url, 'timeout', undefined],
  ])('a proxy that %s: 503 keys_unavailable, the event line and /readyz name URL, cause and proxy', async (_, proxy, cause, status) => {
    const serve = await serveWith({ HTTP_PROXY: proxy() });
    const started = Date.now();
    const answer = await ask(serve);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer.status).toBe(503);
    expect(answer.body).toContain('keys_unavailable');
    await serve.waitFor(/"keys\.refresh_failed"/);
    const [event] = failedLines(serve);
    expect(event).toMatchObject({ stage: 'jwks', url: mpUrl, cause, proxy: proxy() });
    expect(event?.status).toBe(status);
    expect(event?.reason).toBe(`jwks ${mpUrl}: ${cause}${status === undefined ? '' : ` ${status}`}`);
    const readyz = await fetch(`${serve.adminUrl}/readyz`);
    expect(readyz.status).toBe(503);
    const ready = (await readyz.json()) as {
      keys: Record<string, { failing?: boolean; lastFailure?: Record<string, unknown> }>;
    };
    expect(ready.keys['maskinporten']?.failing).toBe(true);
    expect(ready.keys['maskinporten']?.lastFailure).toMatchObject({
      stage: 'jwks',
      cause,
      url: mpUrl,
      proxy: proxy(),
      ...(status === undefined ? {} : { status }),
    });
    expect(Date.parse(String(ready.keys['maskinporten']?.lastFailure?.['at']))).toBeGreaterThan(
      started - 60_000,
    );
    expect(serve.stderr()).not.toContain('secret-query');
  });
});

/** `dsop-guard inspect --port 0` (the built CLI) in the environment `env`, until the test stops it. */
async function startInspect(
  env: Record<string, string>,
  extra: readonly string[] = [],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(built[0] as string, [built[1] as string, 'inspect', '--port', '0', ...extra], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const found = /dsop-guard inspect: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (found !== null) resolve(found[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`inspect exited (${code}) before listening: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe("inspect's issuer-key fetch goes through the egress proxy", { timeout: 60_000 }, () => {
  // The published locations (test.maskinporten.no, platform.tt02.altinn.no) are https: the proxy sees the CONNECT
  // target, and answers 403, so no request ever leaves the machine; the page's /jwks answers 502.
  const ask = async (base: string, issuer: string): Promise<number> =>
    (await fetch(`${base}jwks?issuer=${issuer}&env=test`)).status;

  it.each([
    ['HTTPS_PROXY', (proxy: string) => ({ env: { HTTPS_PROXY: proxy }, extra: [] })],
    [
      '--proxy',
      (proxy: string) => ({ env: { HTTPS_PROXY: 'http://127.0.0.1:1' }, extra: ['--proxy', proxy] }),
    ],
  ])('%s: the fetch of the metadata and of the consent JWKS is a CONNECT to the proxy', async (_, setup) => {
    const { env, extra } = setup(deny.url);
    const inspect = await startInspect(env, extra);
    try {
      const asked = deny.targets.length;
      expect(await ask(inspect.url, 'maskinporten')).toBe(502);
      expect(await ask(inspect.url, 'altinn')).toBe(502);
      const seen = deny.targets.slice(asked);
      expect(seen).toEqual(['test.maskinporten.no:443', expect.stringMatching(/altinn\.no:443$/)]);
      expect(deny.methods.slice(asked)).toEqual(['CONNECT', 'CONNECT']);
    } finally {
      await inspect.stop();
    }
  });

  it('NO_PROXY names the issuer: the fetch goes direct, the proxy is never asked', async () => {
    const inspect = await startInspect({ HTTPS_PROXY: deny.url, NO_PROXY: '.maskinporten.no' });
    try {
      const asked = deny.targets.length;
      // Direct: whatever the network here answers (nothing, offline: 502), the proxy saw none of it.
      expect([200, 502]).toContain(await ask(inspect.url, 'maskinporten'));
      expect(deny.targets.length).toBe(asked);
      // Another host is still proxied: the exception is NO_PROXY's hosts only.
      expect(await ask(inspect.url, 'altinn')).toBe(502);
      expect(deny.targets.slice(asked)).toEqual([expect.stringMatching(/altinn\.no:443$/)]);
    } finally {
      await inspect.stop();
    }
  });
});
