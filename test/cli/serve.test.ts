// `dsop-guard serve` as a process: the shared table through it, answered exactly as the HTTP adapters answer;
// its health, readiness and metrics endpoints on the admin port, the check port judging those paths too, and
// `--admin-port same`; a killed worker replaced; SIGTERM with a check in flight; configuration errors before any
// worker starts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionRecord } from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startFetch } from '../adapters/servers.js';
import {
  altinnKeys,
  guardOptions,
  mpKeys,
  requestIdOf,
  type TableInput,
  table,
  now as tableNow,
  tokens,
} from '../adapters/table.js';
import { recordsOf, tempDir, verify } from '../audit/support.js';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { restampToken } from '../fixtures/restampTokens.js';
import { runCli } from '../fixtures/runCli.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

const lanekassen = ['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'envoy'];

/** The headers a client following the Lånekassen transport sends. */
function headersOf(input: TableInput): Record<string, string> {
  const h: Record<string, string> = {};
  if (input.maskinportenToken !== undefined) h['Authorization'] = input.maskinportenToken;
  if (input.consentToken !== undefined) h['Consent-ID'] = input.consentToken;
  if (input.person !== undefined) h['PSU-ID'] = input.person;
  if (input.requestId !== undefined) h['X-Request-Id'] = input.requestId;
  return h;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The answer, without the framing headers every Node server adds on its own. */
async function ask(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const headers = Object.fromEntries(
    [...response.headers].filter(
      ([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name),
    ),
  );
  return { status: response.status, headers, body: await response.text() };
}

/** What /readyz says about readiness; the policy it names is `serveReload.test.ts`'s. */
/** /readyz's readiness, its policy checked apart (its key section is tested in test/cli/egressProxy.test.ts). */
function readinessOf(body: string): { ready: unknown; checks: unknown } {
  const { ready, checks, policy } = JSON.parse(body) as { ready: unknown; checks: unknown; policy: unknown };
  expect(policy).toMatchObject({ id: 'lanekassen-saldo/test', version: expect.any(String) });
  return { ready, checks };
}

let dir: string;
let serve: ServeProcess;
let fetchServer: Running;
let auditFile: string;

// serve judges at the wall clock, and a long file on a loaded machine outlasts a token (115 s; a consent token
// 25 s): every check here sends tokens minted when it is made, never ones minted when the file loaded.
const wallClock = (): number => Math.floor(Date.now() / 1000);

/** Every Maskinporten token `valid()` minted: none may show in a decision log. */
const sent: string[] = [];

/** The table's valid request, its tokens minted now. */
function valid(): TableInput {
  const issued = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now: wallClock() });
  const maskinportenToken = issued.direct();
  sent.push(maskinportenToken);
  return { maskinportenToken, consentToken: issued.altinn2Consent(), person: issued.person };
}

/** Every key the table signs with: its own, and its forger's (the same sites, so the same keys). */
const tableSigners = [
  mpKeys,
  altinnKeys,
  sharedKeys('table#3', { kid: 'mp-1' }),
  sharedKeys('table#4', { x5t: true }),
];

/** A row's request as it would have been minted now: each token's times moved to the wall clock, same signer. */
function mintedNow(input: TableInput): TableInput {
  const shift = wallClock() - tableNow;
  return {
    ...input,
    maskinportenToken: restampToken(input.maskinportenToken, shift, tableSigners),
    consentToken: restampToken(input.consentToken, shift, tableSigners),
  };
}

/** The table's guard options without the consent store, at the wall clock as serve: serve runs here without one. */
const { consentStore: _, ...withoutStore } = guardOptions({ clock: wallClock });

beforeAll(async () => {
  dir = tempDir();
  writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
  auditFile = join(dir, 'decisions.jsonl');
  const keys = ['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')];
  [serve, fetchServer] = await Promise.all([
    startServe([...lanekassen, ...keys, '--workers', '2', '--audit', auditFile]),
    startFetch(withoutStore),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([serve?.stop('SIGKILL'), fetchServer?.close()]);
});

describe('dsop-guard serve: the shared table', { timeout: 60_000 }, () => {
  const rows = table.filter((row) => row.before === undefined);
  it.each(rows.map((row) => [row.name, row] as const))('%s: as the Fetch adapter answers', async (_, row) => {
    const headers = headersOf({ ...mintedNow(row.input), requestId: requestIdOf(row) });
    const [served, adapter] = await Promise.all([
      ask(`${serve.url}/saldo/v1/Accounts`, { headers }),
      ask(fetchServer.url, { headers }),
    ]);
    expect(served.status).toBe(row.expected.status);
    if (row.expected.decision === 'deny') {
      // One code path: status, headers and problem body byte for byte.
      expect(served).toEqual(adapter);
      expect(JSON.parse(served.body).reasons).toEqual(row.expected.reasons);
    } else {
      expect(served.body).toBe('');
      expect(served.headers['x-dsop-decision']).toBe('allow');
      expect(served.headers['x-request-id']).toBe(requestIdOf(row));
    }
    for (const value of Object.values(served.headers)) expect(value).not.toContain(tokens.person);
  });
});

describe('dsop-guard serve', { timeout: 60_000 }, () => {
  it('allow: 200 with the consumer, the delegation and the decision id of the audit record, and nothing personal', async () => {
    const allowed = valid();
    const answer = await ask(`${serve.url}/saldo/v1/Accounts?x=1`, {
      method: 'POST',
      headers: { ...headersOf(allowed), 'X-Request-Id': 'allow-1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-dsop-decision']).toBe('allow');
    expect(answer.headers['x-dsop-consumer']).toMatch(/^0192:\d{9}$/);
    expect(answer.headers['x-dsop-delegation']).toBe('direct');
    expect(answer.headers['x-dsop-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(answer)).not.toContain(tokens.person);
    expect(JSON.stringify(answer)).not.toContain(allowed.maskinportenToken);
  });

  it('the check port judges every path: GET and HEAD of /healthz, /readyz and /metrics without tokens are denies, as any other path', async () => {
    for (const method of ['GET', 'HEAD']) {
      const paths = ['/saldo/v1/Accounts', '/healthz', '/readyz', '/metrics'];
      const answers = await Promise.all(paths.map((p) => ask(`${serve.url}${p}`, { method })));
      const [control, ...admin] = answers as [Answer, ...Answer[]];
      expect(control.status).toBeGreaterThanOrEqual(400);
      expect(control.headers['x-dsop-decision']).toBeUndefined();
      for (const answer of admin) expect(answer).toEqual(control);
      if (method === 'GET')
        for (const answer of answers) expect(JSON.parse(answer.body).reasons).toEqual(['token_missing']);
    }
  });

  it('the admin port: GET and HEAD of /healthz and /readyz; any other request there is a 404, never a check', async () => {
    const [health, ready, head, post, other, query] = await Promise.all([
      ask(`${serve.adminUrl}/healthz`),
      ask(`${serve.adminUrl}/readyz`),
      ask(`${serve.adminUrl}/healthz`, { method: 'HEAD' }),
      ask(`${serve.adminUrl}/healthz`, { method: 'POST' }),
      ask(`${serve.adminUrl}/saldo/v1/Accounts`, { headers: headersOf(valid()) }),
      ask(`${serve.adminUrl}/healthz?probe`),
    ]);
    expect(serve.adminUrl).not.toBe(serve.url);
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
    expect([ready.status, readinessOf(ready.body)]).toEqual([
      200,
      { ready: true, checks: { maskinportenKeys: 'ok', consentKeys: 'ok' } },
    ]);
    // Issue 25: each key set's source, here two files.
    expect(JSON.parse(ready.body).keys).toEqual({
      maskinporten: { issuer: 'https://test.maskinporten.no/', from: join(dir, 'mp.json'), kind: 'file' },
      consent: { issuer: 'altinn.no', from: join(dir, 'altinn.json'), kind: 'file' },
    });
    expect([head.status, head.body]).toEqual([200, '']);
    for (const answer of [post, other, query]) {
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.headers['x-dsop-decision']).toBeUndefined();
      expect(JSON.parse(answer.body).status).toBe(404);
    }
  });

  it('odd requests are denies, never a 5xx: repeated headers, junk, a huge header', async () => {
    const repeated = await ask(`${serve.url}/`, {
      headers: [
        ['PSU-ID', tokens.person],
        ['PSU-ID', tokens.person],
        ['Authorization', 'x'],
      ],
    });
    expect([repeated.status, JSON.parse(repeated.body).reasons]).toEqual([400, ['input_malformed']]);
    const junk = await ask(`${serve.url}/%ff%fe?%%`, {
      headers: { Authorization: '\u00ff\u00fe', 'Consent-ID': '"', 'X-Original-URI': '%%%' },
    });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(junk.status).toBeLessThan(500);
    const big = await ask(`${serve.url}/`, { headers: { Authorization: 'a'.repeat(20_000) } });
    expect(big.status).toBeGreaterThanOrEqual(400);
    expect(big.status).toBeLessThan(500);
  });

  it('/metrics, on the admin port, is the sum over both workers', async () => {
    const before = await ask(`${serve.adminUrl}/metrics`);
    const count = (text: string): number =>
      [...text.matchAll(/^dsop_guard_deny_reasons_total\{reason="token_missing"\} (\d+)$/gm)].reduce(
        (sum, m) => sum + Number(m[1]),
        0,
      );
    await Promise.all(Array.from({ length: 20 }, () => ask(`${serve.url}/metrics-probe`)));
    const after = await ask(`${serve.adminUrl}/metrics`);
    expect(after.status).toBe(200);
    expect(after.headers['content-type']).toContain('text/plain');
    expect(count(after.body) - count(before.body)).toBe(20);
    expect(after.body).toMatch(/^dsop_guard_checks_total\{decision="allow",status="200"\} \d+$/m);
    expect(after.body).not.toContain(tokens.person);
  });

  it('SIGUSR2 with a preset: loaded again, unchanged, nothing switches; a worker given SIGUSR2 ignores it', async () => {
    const [one] = serve.workers();
    process.kill(one as number, 'SIGUSR2');
    serve.child.kill('SIGUSR2');
    await serve.waitFor(
      /policy reload \(SIGUSR2\): unchanged, lanekassen-saldo\/test version \S+ sha256 [0-9a-f]{12}…/,
    );
    expect(serve.workers()).toContain(one);
    expect(serve.stderr()).not.toMatch(/worker \d exited/);
    const answer = await ask(`${serve.url}/`);
    expect(JSON.parse(answer.body).reasons).toEqual(['token_missing']);
  });

  it('a killed worker is replaced and the service goes on answering', async () => {
    const [first, ...others] = serve.workers();
    expect(others.length).toBe(1);
    process.kill(first as number, 'SIGKILL');
    await serve.waitFor(/worker \d exited \(SIGKILL\); starting a new one/);
    await expect.poll(() => serve.workers().length, { timeout: 30_000 }).toBe(2);
    expect(serve.workers()).not.toContain(first);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => ask(`${serve.url}/x`, { headers: headersOf(valid()) })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
  });
});

describe('dsop-guard serve: unavailable keys, SIGTERM', { timeout: 90_000 }, () => {
  let keyServer: KeyServer;
  let slow: ServeProcess;
  let slowAudit: string;
  let delayMs = 0;
  beforeAll(async () => {
    keyServer = await startKeyServer();
    keyServer.route('/jwks', async () => {
      await new Promise((r) => setTimeout(r, delayMs));
      return { body: JSON.stringify(mpKeys.jwks) };
    });
    slowAudit = join(dir, 'slow.jsonl');
    slow = await startServe([
      ...lanekassen,
      '--maskinporten-jwks',
      `${keyServer.url}jwks`,
      '--altinn-jwks',
      'http://127.0.0.1:9/jwk',
      '--workers',
      '1',
      '--audit',
      slowAudit,
      '--chain-id',
      'slow',
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([slow?.stop('SIGKILL'), keyServer?.close()]);
  });

  it('consent keys that cannot be fetched: /readyz 503 saying which, a check 503 keys_unavailable with Retry-After', async () => {
    const ready = await ask(`${slow.adminUrl}/readyz`);
    expect([ready.status, readinessOf(ready.body)]).toEqual([
      503,
      { ready: false, checks: { maskinportenKeys: 'ok', consentKeys: 'unavailable' } },
    ]);
    // Issue 25: which URL failed, and why, with no query and no token.
    expect(JSON.parse(ready.body).keys.consent).toMatchObject({
      from: 'http://127.0.0.1:9/jwk',
      kind: 'jwks',
      lastFailure: { stage: 'jwks', url: 'http://127.0.0.1:9/jwk', cause: expect.any(String) },
    });
    const check = await ask(`${slow.url}/`, { headers: headersOf(valid()) });
    expect([check.status, JSON.parse(check.body).reasons]).toEqual([503, ['keys_unavailable']]);
    expect(check.headers['retry-after']).toBe('30');
    expect(slow.stderr()).toContain('"type":"keys.refresh_failed"');
    expect(slow.stderr()).not.toContain(tokens.person);
  });

  it('SIGTERM: the check in flight is answered, the decision log flushed and whole, exit 0', async () => {
    // A kid the cached keys lack makes the worker fetch the keys again, which now takes a second.
    const other = createTokenFactory({
      maskinportenKeys: sharedKeys('serve#kid', { kid: 'mp-2' }),
      altinnKeys,
      now: Math.floor(Date.now() / 1000),
    });
    delayMs = 1500;
    const hitsBefore = keyServer.hits.get('/jwks') ?? 0;
    const inFlight = ask(`${slow.url}/`, {
      headers: {
        ...headersOf({ ...valid(), maskinportenToken: other.direct() }),
        'X-Request-Id': 'in-flight',
      },
    });
    await expect
      .poll(() => keyServer.hits.get('/jwks') ?? 0, { timeout: 10_000 })
      .toBeGreaterThan(hitsBefore);
    const exit = slow.stop('SIGTERM');
    const answer = await inFlight;
    expect([answer.status, JSON.parse(answer.body).reasons]).toEqual([401, ['key_unknown']]);
    expect(await exit).toBe(0);
    expect(slow.stderr()).toMatch(/dsop-guard serve: stopped\n/);
    const file = join(dir, 'slow-w1.jsonl');
    const records = recordsOf(file) as DecisionRecord[];
    expect(records.at(-1)?.requestId).toBe('in-flight');
    expect(records.at(-1)?.transport.adapter).toBe('serve');
    const report = verify([file]);
    expect(report.whole).toBe(true);
    expect(report.chains.map((c) => c.id)).toEqual(['slow/w1']);
  });
});

describe('dsop-guard serve: a consent store that cannot be reached', { timeout: 90_000 }, () => {
  let store: ServeProcess;
  beforeAll(async () => {
    store = await startServe(
      [
        ...lanekassen,
        ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
        ...['--consent-store', 'redis://127.0.0.1:9', '--workers', '1'],
      ],
      { DSOP_GUARD_CONSENT_STORE_KEY: 'serve-test-consent-store-key-of-32-bytes' },
    );
  }, 90_000);
  afterAll(async () => {
    await store?.stop();
  });

  it('/readyz 503 naming the consent store; a check that needs it 503 consent_store_unavailable', async () => {
    const ready = await ask(`${store.adminUrl}/readyz`);
    expect([ready.status, readinessOf(ready.body)]).toEqual([
      503,
      { ready: false, checks: { maskinportenKeys: 'ok', consentKeys: 'ok', consentStore: 'unavailable' } },
    ]);
    const check = await ask(`${store.url}/`, {
      headers: headersOf({ maskinportenToken: valid().maskinportenToken, person: tokens.person }),
    });
    expect([check.status, JSON.parse(check.body).reasons]).toEqual([503, ['consent_store_unavailable']]);
    expect(store.stderr()).toContain('"type":"consent_store.unavailable"');
  });
});

describe('dsop-guard serve --admin-port same', { timeout: 90_000 }, () => {
  let same: ServeProcess;
  beforeAll(async () => {
    same = await startServe([
      ...lanekassen,
      ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
      ...['--workers', '1', '--admin-port', 'same'],
    ]);
  }, 90_000);
  afterAll(async () => {
    await same?.stop();
  });

  it('GET and HEAD of exactly /healthz, /readyz, /metrics answer on the check port; any other method or path is a check', async () => {
    const [health, head, ready, metrics, post, query] = await Promise.all([
      ask(`${same.url}/healthz`),
      ask(`${same.url}/healthz`, { method: 'HEAD' }),
      ask(`${same.url}/readyz`),
      ask(`${same.url}/metrics`),
      ask(`${same.url}/healthz`, { method: 'POST' }),
      ask(`${same.url}/healthz?probe`),
    ]);
    expect(same.adminUrl).toBe(same.url);
    expect(same.stderr()).toContain('(the check port: --admin-port same)');
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
    expect(head.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(metrics.body).toMatch(/^dsop_guard_checks_total/m);
    expect([post.status, JSON.parse(post.body).reasons]).toEqual([400, ['token_missing']]);
    expect([query.status, JSON.parse(query.body).reasons]).toEqual([400, ['token_missing']]);
  });
});

describe('dsop-guard serve: decision logs of the workers', { timeout: 90_000 }, () => {
  it('each worker its own file and chain; the decision id sent on allow is the record id', async () => {
    // Tokens issued now: the table's were issued when the file loaded, and live two minutes, which a loaded
    // machine can spend on the tests before this one.
    const issued = createTokenFactory({
      maskinportenKeys: mpKeys,
      altinnKeys,
      now: Math.floor(Date.now() / 1000),
    });
    const now = {
      maskinportenToken: issued.direct(),
      consentToken: issued.altinn2Consent(),
      person: issued.person,
    };
    const answer = await ask(`${serve.url}/`, { headers: { ...headersOf(now), 'X-Request-Id': 'logged' } });
    expect(answer.status).toBe(200);
    const id = answer.headers['x-dsop-decision-id'];
    await expect
      .poll(
        () =>
          ['decisions-w1.jsonl', 'decisions-w2.jsonl']
            .flatMap((f) => recordsOf(join(dir, f)))
            .some((r) => r.kind === 'decision' && r.id === id),
        // The record is written before the answer is sent; reading both files takes long on a loaded machine.
        { timeout: 10_000 },
      )
      .toBe(true);
    const run = await runCli([
      'audit',
      'verify',
      join(dir, 'decisions-w1.jsonl'),
      join(dir, 'decisions-w2.jsonl'),
    ]);
    expect(run.code).toBe(0);
    for (const f of ['decisions-w1.jsonl', 'decisions-w2.jsonl']) {
      const text = JSON.stringify(recordsOf(join(dir, f)));
      expect(text).not.toContain(tokens.person);
      for (const token of sent) expect(text).not.toContain(token);
      expect(text).not.toContain(now.maskinportenToken);
    }
  });
});

describe(
  'dsop-guard serve: configuration errors exit 2 before any worker starts',
  { timeout: 60_000 },
  () => {
    it.each([
      [
        'no policy',
        ['serve', '--gateway', 'nginx'],
        'give --preset <name> --env <test|prod>, or --policy <file>',
      ],
      [
        'no gateway',
        ['serve', '--preset', 'lanekassen-saldo', '--env', 'test'],
        'give --gateway nginx|haproxy|traefik|caddy|envoy (the gateway that sends the checks), or --uri-header and --method-header',
      ],
      [
        '--uri-header without --method-header',
        ['serve', '--preset', 'lanekassen-saldo', '--env', 'test', '--uri-header', 'x-original-uri'],
        'or --uri-header and --method-header',
      ],
      [
        'an unknown gateway',
        ['serve', '--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'kong'],
        '--gateway: give one of nginx|haproxy|traefik|caddy|envoy (got "kong")',
      ],
      [
        '--headers-timeout 0',
        ['serve', ...lanekassen, '--headers-timeout', '0'],
        '--headers-timeout: give a whole number from 1 to 300',
      ],
      [
        '--max-connections 0',
        ['serve', ...lanekassen, '--max-connections', '0'],
        '--max-connections: give a whole number from 1 to 100000',
      ],
      [
        'a header name that is none',
        ['serve', ...lanekassen, '--uri-header', 'x original'],
        '--uri-header: give a header name',
      ],
      [
        '--watch-policy with a preset',
        ['serve', ...lanekassen, '--watch-policy'],
        '--watch-policy goes with --policy <file>: a preset is no file (SIGUSR2 reloads it)',
      ],
      [
        'a misspelt flag',
        ['serve', ...lanekassen, '--wokers', '2'],
        'unknown option --wokers; did you mean --workers?',
      ],
      [
        'an unknown preset',
        ['serve', '--preset', 'lanekassen', '--env', 'test', '--gateway', 'envoy'],
        'unknown preset "lanekassen"; presets: lanekassen-saldo',
      ],
      [
        '--workers 0',
        ['serve', ...lanekassen, '--workers', '0'],
        '--workers: give a whole number from 1 to 256',
      ],
      [
        '--port 70000',
        ['serve', ...lanekassen, '--port', '70000'],
        '--port: give a whole number from 0 to 65535',
      ],
      [
        '--admin-port equal to --port',
        ['serve', ...lanekassen, '--port', '8080', '--admin-port', '8080'],
        '--admin-port: 8080 is the check port; give another port, or same',
      ],
      [
        '--admin-port 70000',
        ['serve', ...lanekassen, '--admin-port', '70000'],
        '--admin-port: give a whole number from 0 to 65535, or same (got "70000")',
      ],
      [
        '--admin-port not a number',
        ['serve', ...lanekassen, '--admin-port', 'admin'],
        '--admin-port: give a whole number from 0 to 65535, or same (got "admin")',
      ],
      [
        '--port 65535 without --admin-port',
        ['serve', ...lanekassen, '--port', '65535'],
        '--port 65535: give --admin-port too',
      ],
      [
        'an unreadable JWKS',
        ['serve', ...lanekassen, '--maskinporten-jwks', '/nonexistent.json'],
        '--maskinporten-jwks: cannot read',
      ],
      [
        '--chain-id without --audit',
        ['serve', ...lanekassen, '--chain-id', 'x'],
        '--chain-id goes with --audit',
      ],
    ])('%s', async (_, args, message) => {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain("See 'dsop-guard serve --help'.");
      expect(run.stderr).not.toContain('listening');
    });

    it('a port in use: exit 2 saying so', async () => {
      const port = new URL(serve.url).port;
      const run = await runCli([
        'serve',
        ...lanekassen,
        '--port',
        port,
        '--workers',
        '1',
        '--host',
        '127.0.0.1',
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('could not start');
    });

    it('an admin port in use: exit 2 saying which port', async () => {
      const adminPort = new URL(serve.adminUrl).port;
      const run = await runCli([
        'serve',
        ...lanekassen,
        ...['--port', '0', '--admin-port', adminPort, '--workers', '1', '--host', '127.0.0.1'],
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/could not start: admin port: (listen|bind) EADDRINUSE/);
      expect(run.stderr).not.toContain('listening on');
    });
  },
);
