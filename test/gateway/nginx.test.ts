// A real nginx in front of a small upstream, with `dsop-guard serve` as its auth_request target: allowed requests
// reach the upstream with the allow headers; each deny class comes back with its status, challenge and problem
// body; a guard that is down or slower than nginx's timeout makes nginx refuse, and the upstream never sees it.
// The configuration is the one docs/gateways.md shows (gateways.ts), started three times: in front of the
// guard, of a slow one, and of none.

import { writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys } from '../adapters/table.js';
import { recordsOf, tempDir } from '../audit/support.js';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';
import { gatewayKinds, type RunningGateway } from './gateways.js';
import { freePort, inCi, nginxAvailable, nginxMissing } from './nginx.js';

const nginxKind = gatewayKinds.find((k) => k.name === 'nginx') as (typeof gatewayKinds)[number];

if (!nginxAvailable) {
  if (inCi) throw new Error(nginxMissing);
  console.warn(`SKIPPED test/gateway: ${nginxMissing}`);
}

// serve judges at the wall clock, and a long run on a loaded machine outlasts a token minted when the file
// loaded (115 s; a consent token 25 s): every request here carries tokens minted when it is made.
const wallClock = (): number => Math.floor(Date.now() / 1000);
const now = wallClock();
/** Skatteetaten's inntekt API: `Authorization: Bearer`, the consent in `AltinnSamtykke`, the person in the path. */
const skatt = {
  maskinportenKeys: mpKeys,
  altinnKeys,
  now,
  scope: 'skatteetaten:inntekt',
  services: ['4804_210607', '4804_210607_fraOgMed=2026-01', '4804_210607_tilOgMed=2026-06'],
};
const tokens = createTokenFactory(skatt);
const forger = createTokenFactory({
  ...skatt,
  maskinportenKeys: sharedKeys('nginx#forger', { kid: 'mp-1' }),
});
const otherScope = createTokenFactory({ ...skatt, scope: 'skatteetaten:noe-annet' });
/** An Altinn 2 consent minted now, valid five days (or `validFor` seconds; negative: expired). */
const consent = (o: { validFor?: number } = {}) => {
  const at = wallClock();
  return tokens.altinn2Consent({
    now: at,
    claims: { DelegatedDate: at - 86_400, ValidToDate: at + (o.validFor ?? 5 * 86_400) },
  });
};
const path = (person: string) => `/api/inntekt/v1/sbl/${person}`;
/** A valid pair minted now. */
const valid = (): Record<string, string> => ({
  Authorization: `Bearer ${tokens.direct({ now: wallClock() })}`,
  AltinnSamtykke: consent(),
});
/** Lånekassen's tokens (the shared table's keys) minted now. */
const lanekassenNow = () => createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now: wallClock() });

interface Seen {
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

let dir: string;
let seen: Seen[] = [];
let upstream: ReturnType<typeof createServer>;
let guard: ServeProcess;
let slowGuard: ServeProcess;
let keyServer: KeyServer;
type Docs = RunningGateway & { readonly url: string };
let nginx: Docs;
let slowNginx: Docs;
let downNginx: Docs;
let delayMs = 0;

beforeAll(async () => {
  if (!nginxAvailable) return;
  dir = tempDir();
  writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
  upstream = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"upstream":true}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  keyServer = await startKeyServer();
  keyServer.route('/jwks', async () => {
    await new Promise((r) => setTimeout(r, delayMs));
    return { body: JSON.stringify(mpKeys.jwks) };
  });
  [guard, slowGuard] = await Promise.all([
    startServe([
      ...['--preset', 'skatteetaten-inntekt', '--env', 'test', '--workers', '1', '--person-from-path=-1'],
      ...['--gateway', 'nginx'],
      ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
      ...['--audit', join(dir, 'decisions.jsonl')],
    ]),
    startServe([
      ...['--preset', 'lanekassen-saldo', '--env', 'test', '--workers', '1', '--gateway', 'nginx'],
      ...['--maskinporten-jwks', `${keyServer.url}jwks`, '--altinn-jwks', 'http://127.0.0.1:9/jwk'],
    ]),
  ]);
  const api = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const at = (s: ServeProcess) => new URL(s.url).host;
  // The docs' configuration three times: before the guard, before the slow one, and before none at all.
  const start = async (guardAt: string) => {
    const port = await freePort();
    return { url: `http://127.0.0.1:${port}`, ...(await nginxKind.start({ port, guard: guardAt, api })) };
  };
  [nginx, slowNginx, downNginx] = await Promise.all([
    start(at(guard)),
    start(at(slowGuard)),
    start('127.0.0.1:9'),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([
    nginx?.stop(),
    slowNginx?.stop(),
    downNginx?.stop(),
    guard?.stop(),
    slowGuard?.stop(),
    keyServer?.close(),
    upstream === undefined ? undefined : new Promise((r) => upstream.close(r)),
  ]);
});

async function get(url: string, headers: Record<string, string> = {}, through: Docs = nginx) {
  seen = [];
  const response = await fetch(`${through.url}${url}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    text: await response.text(),
  };
}

describe.skipIf(!nginxAvailable)('nginx auth_request → dsop-guard serve', { timeout: 60_000 }, () => {
  it('a valid pair reaches the upstream with the allow headers, and none a client made up', async () => {
    const answer = await get(path(tokens.person), {
      ...valid(),
      'X-Dsop-Consumer': '0192:000000000',
      Korrelasjonsid: 'nginx-allow-1',
    });
    expect([answer.status, answer.text]).toEqual([200, '{"upstream":true}']);
    expect(seen).toHaveLength(1);
    const headers = seen[0]?.headers ?? {};
    expect(seen[0]?.url).toBe(path(tokens.person));
    expect(headers['x-dsop-decision']).toBe('allow');
    expect(headers['x-dsop-consumer']).toBe(`0192:${tokens.consumer}`);
    expect(headers['x-dsop-delegation']).toBe('direct');
    expect(headers['x-dsop-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
    const logged = recordsOf(join(dir, 'decisions-w1.jsonl')).find(
      (r) => r.kind === 'decision' && r.id === headers['x-dsop-decision-id'],
    );
    expect(logged).toMatchObject({
      decision: 'allow',
      requestId: 'nginx-allow-1',
      transport: { adapter: 'serve', method: 'GET' },
    });
    // The person is in the path: the record's route masks it.
    expect(JSON.stringify(logged)).not.toContain(tokens.person);
    expect(headers['x-dsop-supplier']).toBeUndefined();
  });

  it.each([
    ['no token: 400, no challenge', () => ({}), path(tokens.person), 400, ['token_missing'], null],
    [
      'a path whose last segment is no person: 400',
      valid,
      '/api/inntekt/v1/sbl',
      400,
      ['person_invalid'],
      null,
    ],
    [
      'a forged token: 401 invalid_token',
      () => ({ ...valid(), Authorization: `Bearer ${forger.direct({ now: wallClock() })}` }),
      path(tokens.person),
      401,
      ['signature_invalid'],
      'Bearer error="invalid_token", error_description="The access token is not valid"',
    ],
    [
      'another scope: 403 insufficient_scope naming the scope',
      () => ({ ...valid(), Authorization: `Bearer ${otherScope.direct({ now: wallClock() })}` }),
      path(tokens.person),
      403,
      ['scope_missing'],
      'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="skatteetaten:inntekt"',
    ],
    [
      'an expired consent: 403',
      () => ({ ...valid(), AltinnSamtykke: consent({ validFor: -60 }) }),
      path(tokens.person),
      403,
      ['consent_expired'],
      null,
    ],
    ['another person in the path: 403', valid, path('02095302184'), 403, ['person_mismatch'], null],
  ] as const)('%s, with the problem body; the upstream never sees it', async (_, headers, url, status, reasons, challenge) => {
    const answer = await get(url, headers());
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('www-authenticate')).toBe(challenge);
    const body = JSON.parse(answer.text) as { status: number; reasons: string[]; type: string };
    expect(body.type).toBe('about:blank');
    expect(body.status).toBe(status);
    expect(body.reasons).toEqual(expect.arrayContaining([...reasons]));
    expect(answer.text).not.toContain(tokens.person);
    expect(seen).toEqual([]);
  });

  it("a guard slower than nginx's timeout: nginx refuses with 503, the upstream never sees it", async () => {
    delayMs = 3000;
    const issued = lanekassenNow();
    const answer = await get(
      '/saldo/v1/Accounts',
      { Authorization: issued.direct(), 'PSU-ID': issued.person },
      slowNginx,
    );
    delayMs = 0;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).detail).toBe('The authorization service could not be reached.');
    expect(seen).toEqual([]);
    expect(slowNginx.log()).toMatch(/upstream timed out/);
  });

  it('keys the guard cannot fetch: its 503 with Retry-After and the problem body come through', async () => {
    // Wait, past nginx, for the slow key fetch of the test before to end: /readyz waits for it.
    expect((await fetch(`${slowGuard.adminUrl}/readyz`)).status).toBe(503);
    const issued = lanekassenNow();
    const answer = await get(
      '/saldo/v1/Accounts',
      {
        Authorization: issued.direct(),
        'Consent-ID': issued.altinn2Consent(),
        'PSU-ID': issued.person,
      },
      slowNginx,
    );
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(JSON.parse(answer.text).reasons).toEqual(['keys_unavailable']);
    expect(seen).toEqual([]);
  });

  it('a guard that is down: nginx refuses with 503, the upstream never sees it', async () => {
    const answer = await get('/anything', valid(), downNginx);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.text).title).toBe('Service Unavailable');
    expect(seen).toEqual([]);
    expect(downNginx.log()).toMatch(/connect\(\) failed/);
  });

  it('the auth location is internal: a client cannot call it', async () => {
    const answer = await get('/_dsop_guard', valid());
    expect(answer.status).toBe(404);
    expect(seen).toEqual([]);
  });
});
