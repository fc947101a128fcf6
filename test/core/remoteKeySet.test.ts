import { type KeySelector, type KeySet, remoteKeySet } from '@dsop-guard/core';
import { type MockIssuer, startMockIssuer } from '@dsop-guard/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { type KeyServer, type Reply, startKeyServer } from '../fixtures/keyServer.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// remoteKeySet against real HTTP servers on 127.0.0.1. Caching, the refetch cooldown and de-duplication are
// asserted by request counts, with the `clock` option as the time (no sleeping). Only the per-request time
// limit runs on real time (AbortSignal.timeout), with a 50 ms limit.

const keys = sharedKeys('remoteKeySet#1', { kid: 'mp-1' });
const rotated = sharedKeys('remoteKeySet#2', { kid: 'mp-2' });
const altinn = sharedKeys('remoteKeySet#3', { x5t: true });
const T0 = 1_764_000_000_000;

const kidOf = (kid: string | undefined, x5t?: string): KeySelector => ({ kid, x5t, alg: 'RS256' });

/** Waits (a bounded while) for something a background fetch does; the test then asserts it. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i += 1) await new Promise((r) => setTimeout(r, 2));
}

async function codeOf(set: KeySet, selector: KeySelector): Promise<string> {
  const r = await set.resolve(selector);
  return r.isOk() ? 'ok' : r.error;
}

describe('remoteKeySet refuses bad configuration by field, when it is built', () => {
  const jwksUri = 'https://test.maskinporten.no/jwk';
  it.each([
    ['options null', null, 'options', 'must be an object'],
    ['no issuer', { jwksUri }, 'issuer', 'must be a non-empty string'],
    ['an empty issuer', { issuer: '', jwksUri }, 'issuer', 'must be a non-empty string'],
    ['an issuer that is not a string', { issuer: 42, jwksUri }, 'issuer', 'must be a non-empty string'],
    ['neither URL', { issuer: 'i' }, 'metadataUrl', 'give exactly one of metadataUrl and jwksUri'],
    [
      'both URLs',
      {
        issuer: 'i',
        jwksUri,
        metadataUrl: 'https://test.maskinporten.no/.well-known/oauth-authorization-server',
      },
      'metadataUrl',
      'give exactly one of metadataUrl and jwksUri',
    ],
    [
      'a metadataUrl that is no URL',
      { issuer: 'i', metadataUrl: 'maskinporten' },
      'metadataUrl',
      'is not a URL: "maskinporten"',
    ],
    ['a jwksUri that is no URL', { issuer: 'i', jwksUri: '/jwk' }, 'jwksUri', 'is not a URL: "/jwk"'],
    [
      'a metadataUrl on plain http off loopback',
      { issuer: 'i', metadataUrl: 'http://test.maskinporten.no/.well-known/oauth-authorization-server' },
      'metadataUrl',
      'must be https (http only on loopback)',
    ],
    [
      'a jwksUri of another scheme',
      { issuer: 'i', jwksUri: 'ftp://127.0.0.1/jwk' },
      'jwksUri',
      'must be https (http only on loopback)',
    ],
    [
      'a jwksUri that is a data: URL',
      { issuer: 'i', jwksUri: 'data:application/json,{"keys":[]}' },
      'jwksUri',
      'must be https (http only on loopback)',
    ],
    ['timeoutMs 0', { issuer: 'i', jwksUri, timeoutMs: 0 }, 'timeoutMs', 'must be a positive number'],
    [
      'timeoutMs NaN',
      { issuer: 'i', jwksUri, timeoutMs: Number.NaN },
      'timeoutMs',
      'must be a positive number',
    ],
    [
      'cooldownMs negative',
      { issuer: 'i', jwksUri, cooldownMs: -1 },
      'cooldownMs',
      'must be a positive number',
    ],
    ['cooldownMs 0', { issuer: 'i', jwksUri, cooldownMs: 0 }, 'cooldownMs', 'must be a positive number'],
    [
      'maxAgeMs infinite',
      { issuer: 'i', jwksUri, maxAgeMs: Number.POSITIVE_INFINITY },
      'maxAgeMs',
      'must be a positive number',
    ],
    ['maxAgeMs 0', { issuer: 'i', jwksUri, maxAgeMs: 0 }, 'maxAgeMs', 'must be a positive number'],
  ])('%s → ConfigError on %s', (_name, options, field, message) => {
    expect(configErrorOf(() => remoteKeySet(options as never))).toEqual({ field, message });
  });

  it.each([
    ['https off loopback', { jwksUri }],
    [
      'https metadata',
      { metadataUrl: 'https://test.maskinporten.no/.well-known/oauth-authorization-server' },
    ],
    ['http on 127.0.0.1', { jwksUri: 'http://127.0.0.1:8080/jwk' }],
    ['http on localhost', { jwksUri: 'http://localhost:8080/jwk' }],
    ['http on [::1]', { metadataUrl: 'http://[::1]:8080/.well-known/oauth-authorization-server' }],
    ['the smallest positive numbers', { jwksUri, timeoutMs: 0.5, cooldownMs: 0.5, maxAgeMs: 0.5 }],
  ])('builds with %s, without fetching anything', (_name, options) => {
    expect(remoteKeySet({ issuer: 'https://test.maskinporten.no/', ...options }).issuer).toBe(
      'https://test.maskinporten.no/',
    );
  });
});

describe('remoteKeySet over HTTP: every failure is keys_unavailable', () => {
  let server: KeyServer;
  beforeEach(async () => {
    server = await startKeyServer();
  });
  afterEach(() => server.close());

  const jwks = (value: unknown = keys.jwks): Reply => ({ body: JSON.stringify(value) });
  const setFor = (path: string, extra: Record<string, unknown> = {}) =>
    remoteKeySet({ issuer: 'i', jwksUri: `${server.url}${path.slice(1)}`, ...extra });

  it('asks for JSON (Accept: application/json) and uses what a negotiating server sends for it', async () => {
    server.route('/jwk', (req) =>
      (req.headers.accept ?? '').includes('application/json')
        ? jwks()
        : { body: '<html>keys</html>', headers: { 'content-type': 'text/html' } },
    );
    expect(await codeOf(setFor('/jwk'), kidOf('mp-1'))).toBe('ok');
  });

  it.each([
    201, 203, 404, 500,
  ])('an answer with status %i is refused even when its body is a JWKS', async (status) => {
    server.route('/jwk', () => ({ ...jwks(), status }));
    expect(await codeOf(setFor('/jwk'), kidOf('mp-1'))).toBe('keys_unavailable');
  });

  it('an answer without a body (204) → keys_unavailable', async () => {
    server.route('/jwk', () => ({ status: 204 }));
    expect(await codeOf(setFor('/jwk'), kidOf('mp-1'))).toBe('keys_unavailable');
  });

  it('a redirect is not followed, not even to a JWKS on the same host', async () => {
    server.route('/jwk', () => ({ status: 302, headers: { location: `${server.url}real-jwk` } }));
    server.route('/real-jwk', () => jwks());
    expect(await codeOf(setFor('/jwk'), kidOf('mp-1'))).toBe('keys_unavailable');
    expect(server.hits.get('/real-jwk')).toBeUndefined();
  });

  it('a JWKS body over 1 MiB is refused, even when it holds the key', async () => {
    server.route('/jwk', () => jwks({ ...keys.jwks, padding: 'x'.repeat(1_048_576) }));
    expect(await codeOf(setFor('/jwk'), kidOf('mp-1'))).toBe('keys_unavailable');
  });

  it('a JWKS without one usable signature key (only encryption keys) → keys_unavailable, not key_unknown', async () => {
    server.route('/jwk', () => jwks({ keys: [{ ...keys.publicJwk, use: 'enc' }] }));
    expect(await codeOf(setFor('/jwk'), kidOf('mp-1'))).toBe('keys_unavailable');
  });

  it('a 200 answer that is JSON but no JWKS is a failed fetch: retried after cooldownMs, then its keys are used', async () => {
    let now = T0;
    server.route('/jwk', () => ({ body: '{"error":"maintenance"}' }));
    const set = setFor('/jwk', { cooldownMs: 5_000, clock: () => now });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('keys_unavailable');
    server.route('/jwk', () => jwks());
    now = T0 + 4_999;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('keys_unavailable');
    expect(server.hits.get('/jwk')).toBe(1);
    now = T0 + 5_000;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(server.hits.get('/jwk')).toBe(2);
  });

  it('a slow server is given up on after timeoutMs', async () => {
    server.route('/jwk', () => new Promise<Reply>(() => {}));
    const started = performance.now();
    expect(await codeOf(setFor('/jwk', { timeoutMs: 50 }), kidOf('mp-1'))).toBe('keys_unavailable');
    // The default limit is 5 s: a result well before it shows the configured 50 ms was used.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a clock that throws → keys_unavailable, never a rejection', async () => {
    server.route('/jwk', () => jwks());
    const set = setFor('/jwk', {
      clock: () => {
        throw new Error('clock broke');
      },
    });
    await expect(set.resolve(kidOf('mp-1'))).resolves.toSatisfy(
      (r: Awaited<ReturnType<KeySet['resolve']>>) => r.isErr() && r.error === 'keys_unavailable',
    );
  });

  describe('metadata (RFC 8414)', () => {
    const metadataSet = (extra: Record<string, unknown> = {}) =>
      remoteKeySet({
        issuer: 'https://tt02.altinn.no/',
        metadataUrl: `${server.url}.well-known/oauth-authorization-server`,
        ...extra,
      });
    const metadata = (value: unknown) =>
      server.route('/.well-known/oauth-authorization-server', () => ({ body: JSON.stringify(value) }));

    it('the metadata issuer must be metadataIssuer when it is set (Altinn), else the issuer', async () => {
      server.route('/jwk', () => jwks());
      metadata({ issuer: 'https://tt02.altinn.no/', jwks_uri: `${server.url}jwk` });
      const altinnSet = (extra: Record<string, unknown>) =>
        remoteKeySet({
          issuer: 'altinn.no',
          metadataUrl: `${server.url}.well-known/oauth-authorization-server`,
          ...extra,
        });
      expect(await codeOf(altinnSet({ metadataIssuer: 'https://tt02.altinn.no/' }), kidOf('mp-1'))).toBe(
        'ok',
      );
      expect(await codeOf(altinnSet({}), kidOf('mp-1'))).toBe('keys_unavailable');
      expect(await codeOf(metadataSet(), kidOf('mp-1'))).toBe('ok');
    });

    it.each([
      ['null', null],
      ['an array', [{ issuer: 'https://tt02.altinn.no/' }]],
      ['a string', 'https://tt02.altinn.no/'],
      ['a number', 42],
    ])('metadata that is %s, not an object → keys_unavailable', async (_name, value) => {
      server.route('/jwk', () => jwks());
      metadata(value);
      expect(await codeOf(metadataSet(), kidOf('mp-1'))).toBe('keys_unavailable');
      expect(server.hits.get('/jwk')).toBeUndefined();
    });

    it('a jwks_uri that is neither https nor loopback http is never fetched, even a data: URL carrying the key', async () => {
      const inline = `data:application/json,${encodeURIComponent(JSON.stringify(keys.jwks))}`;
      metadata({ issuer: 'https://tt02.altinn.no/', jwks_uri: inline });
      expect(await codeOf(metadataSet(), kidOf('mp-1'))).toBe('keys_unavailable');
    });
  });

  it('a published key the crypto library refuses (an EC point off the curve) → key_unknown', async () => {
    server.route('/jwk', () => jwks({ keys: [{ kty: 'EC', crv: 'P-256', kid: 'ec-1', x: 'AA', y: 'AA' }] }));
    expect(await codeOf(setFor('/jwk'), { kid: 'ec-1', x5t: undefined, alg: 'ES256' })).toBe('key_unknown');
  });

  it('a token naming no kid → kid_missing; its x5t names the key only with matchX5t', async () => {
    server.route('/jwk', () => jwks(altinn.jwks));
    const byX5t = kidOf(undefined, altinn.x5t);
    expect(await codeOf(setFor('/jwk'), kidOf(undefined))).toBe('kid_missing');
    expect(await codeOf(setFor('/jwk'), byX5t)).toBe('kid_missing');
    expect(await codeOf(setFor('/jwk', { matchX5t: true }), byX5t)).toBe('ok');
  });
});

describe('remoteKeySet caching, refetch cooldown and de-duplication (request counts, injected clock)', () => {
  let issuer: MockIssuer;
  let now = T0;
  const clock = () => now;
  beforeEach(async () => {
    now = T0;
    issuer = await startMockIssuer({ keys: [keys] });
  });
  afterEach(() => issuer.close());

  it('with the defaults: a new kid is fetched at once, then at most once per 30 s; keys refresh in the background every 5 min', async () => {
    const set = remoteKeySet({
      issuer: issuer.issuer,
      metadataUrl: issuer.metadataUrl,
      clock,
      random: () => 0,
    });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(issuer.hits).toEqual({ metadata: 1, jwks: 1 });
    // A key published right after start is found at once: no 30 s blackout (issue 11, new-key blackout).
    issuer.rotate([keys, rotated]);
    now = T0 + 1;
    expect(await codeOf(set, kidOf('mp-2'))).toBe('ok');
    expect(issuer.hits).toEqual({ metadata: 2, jwks: 2 });
    // A second unknown kid within 30 s of that fetch waits for the cooldown.
    now = T0 + 29_999;
    expect(await codeOf(set, kidOf('nope'))).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(2);
    now = T0 + 30_001;
    expect(await codeOf(set, kidOf('nope'))).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(3);
    // Background refresh: the request at 5 min answers from the cache and starts a fetch it does not wait for.
    const fetchedAt = T0 + 30_001;
    now = fetchedAt + 300_000;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(issuer.hits.jwks).toBe(3);
    now = fetchedAt + 300_001;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    await until(() => issuer.hits.jwks === 4);
    expect(issuer.hits.jwks).toBe(4);
  });

  it('keys are used for maxAgeMs without a request, however often they are asked for, then fetched again', async () => {
    const set = remoteKeySet({
      issuer: 'i',
      jwksUri: issuer.jwksUri,
      maxAgeMs: 60_000,
      cooldownMs: 1_000,
      clock,
    });
    for (const t of [0, 0, 1, 999, 1_000, 30_000, 60_000]) {
      now = T0 + t;
      expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    }
    expect(issuer.hits.jwks).toBe(1);
    now = T0 + 60_001;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(issuer.hits.jwks).toBe(2);
  });

  it('after maxAgeMs the refetched keys are the ones used: a key that was rotated out is unknown', async () => {
    const set = remoteKeySet({
      issuer: 'i',
      jwksUri: issuer.jwksUri,
      maxAgeMs: 60_000,
      cooldownMs: 1_000,
      clock,
    });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    issuer.rotate([rotated]);
    now = T0 + 60_001;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('key_unknown');
    expect(await codeOf(set, kidOf('mp-2'))).toBe('ok');
    // The refetch at maxAgeMs, then the one fetch the unknown kid may make right after it.
    expect(issuer.hits.jwks).toBe(3);
  });

  it('an unknown kid fetches at once; the next unknown kid fetches once cooldownMs has passed since, not before', async () => {
    const set = remoteKeySet({ issuer: 'i', jwksUri: issuer.jwksUri, cooldownMs: 5_000, clock });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(await codeOf(set, kidOf('nope'))).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(2);
    issuer.rotate([keys, rotated]);
    now = T0 + 4_999;
    expect(await codeOf(set, kidOf('mp-2'))).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(2);
    now = T0 + 5_000;
    expect(await codeOf(set, kidOf('mp-2'))).toBe('ok');
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(issuer.hits.jwks).toBe(3);
  });

  it('an unknown kid that the refetched key set lacks too → key_unknown, and the next refetch waits for the cooldown', async () => {
    const set = remoteKeySet({ issuer: 'i', jwksUri: issuer.jwksUri, cooldownMs: 5_000, clock });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    now = T0 + 5_000;
    expect(await codeOf(set, kidOf('nope'))).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(2);
    now = T0 + 9_999;
    expect(await codeOf(set, kidOf('nope'))).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(2);
  });

  it('an unknown kid while the issuer is down → keys_unavailable; known kids still resolve from the cache', async () => {
    const set = remoteKeySet({ issuer: 'i', jwksUri: issuer.jwksUri, cooldownMs: 5_000, clock });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    issuer.setMode('down');
    now = T0 + 5_000;
    expect(await codeOf(set, kidOf('mp-2'))).toBe('keys_unavailable');
    expect(issuer.hits.jwks).toBe(2);
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(issuer.hits.jwks).toBe(2);
  });

  it('a failed fetch is retried only after cooldownMs', async () => {
    issuer.setMode('down');
    const set = remoteKeySet({ issuer: 'i', jwksUri: issuer.jwksUri, cooldownMs: 5_000, clock });
    expect(await codeOf(set, kidOf('mp-1'))).toBe('keys_unavailable');
    issuer.setMode('ok');
    now = T0 + 4_999;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('keys_unavailable');
    expect(issuer.hits.jwks).toBe(1);
    now = T0 + 5_000;
    expect(await codeOf(set, kidOf('mp-1'))).toBe('ok');
    expect(issuer.hits.jwks).toBe(2);
  });

  it('concurrent first lookups share one fetch, and all get the key', async () => {
    const set = remoteKeySet({ issuer: issuer.issuer, metadataUrl: issuer.metadataUrl, clock });
    const codes = await Promise.all([1, 2, 3, 4, 5].map(() => codeOf(set, kidOf('mp-1'))));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(issuer.hits).toEqual({ metadata: 1, jwks: 1 });
  });

  it('a lookup during a fetch waits for it, even once the cooldown has passed, and makes no second request', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startKeyServer();
    try {
      server.route('/jwk', async () => {
        await gate;
        return { body: JSON.stringify(keys.jwks) };
      });
      const set = remoteKeySet({ issuer: 'i', jwksUri: `${server.url}jwk`, cooldownMs: 1_000, clock });
      const first = codeOf(set, kidOf('mp-1'));
      while (server.hits.get('/jwk') !== 1) await new Promise((r) => setTimeout(r, 1));
      now = T0 + 1_000;
      const second = codeOf(set, kidOf('mp-1'));
      release();
      expect(await Promise.all([first, second])).toEqual(['ok', 'ok']);
      expect(server.hits.get('/jwk')).toBe(1);
    } finally {
      release();
      await server.close();
    }
  });
});
