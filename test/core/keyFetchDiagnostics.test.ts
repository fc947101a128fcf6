import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GuardEvent, remoteKeySet } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 25, diagnostics: a failed key fetch names the URL (origin and path, never the query), the stage and the
// cause, in the `keys.refresh_failed` event; the request is still a plain keys_unavailable. Every failure kind
// against a real server on loopback (a TLS one with a self-signed certificate made by openssl), or a real DNS miss.

type Failed = Extract<GuardEvent, { type: 'keys.refresh_failed' }>;
const keys = sharedKeys('keyFetchDiagnostics#1', { kid: 'k1' });
const issuer = 'https://test.maskinporten.no/';

let server: KeyServer;
let base: string;
beforeAll(async () => {
  server = await startKeyServer();
  base = server.url;
  const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
  server.route('/status', () => ({ status: 500, body: '{"secret":"not in any event"}' }));
  server.route('/big', () => ({ body: big }));
  server.route('/html', () => ({ body: '<html>proxy login</html>' }));
  server.route('/latin1', () => ({ body: Buffer.from([0x7b, 0xe6, 0x7d]) }));
  server.route('/redirect', () => ({ status: 302, headers: { location: `${base}jwk` } }));
  server.route('/empty', () => ({ body: '{"keys":[]}' }));
  server.route('/hang', () => new Promise(() => undefined));
  server.route('/jwk', () => ({ body: JSON.stringify(keys.jwks) }));
  server.route('/meta-array', () => ({ body: '[]' }));
  server.route('/meta-other', () => ({
    body: JSON.stringify({ issuer: 'https://evil/', jwks_uri: `${base}jwk` }),
  }));
  server.route('/meta-unsafe', () => ({
    body: JSON.stringify({ issuer, jwks_uri: 'http://example.com/jwk' }),
  }));
});
afterAll(() => server.close());

/** A port nothing listens on (a server opened and closed again). */
async function closedPort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function failureOf(source: { jwksUri: string } | { metadataUrl: string }): Promise<Failed> {
  const events: GuardEvent[] = [];
  const set = remoteKeySet({ issuer, ...source, timeoutMs: 300, onEvent: (e) => void events.push(e) });
  const resolved = await set.resolve({ kid: 'k1', x5t: undefined, alg: 'RS256' });
  expect(resolved.isErr() && resolved.error).toBe('keys_unavailable');
  const failed = events.filter((e): e is Failed => e.type === 'keys.refresh_failed');
  expect(failed).toHaveLength(1);
  const event = failed[0] as Failed;
  expect(JSON.stringify(event)).not.toContain('secret');
  expect(event.reason).toContain(event.url);
  expect(event.reason).toContain(event.cause);
  return event;
}

describe('a failed key fetch says which URL, which stage and why', () => {
  it.each([
    ['/status', 'http_status', 500],
    ['/big', 'body_too_large', undefined],
    ['/html', 'body_not_json', undefined],
    ['/latin1', 'body_not_utf8', undefined],
    ['/redirect', 'redirect_refused', undefined],
    ['/empty', 'no_usable_keys', undefined],
    ['/hang', 'timeout', undefined],
  ])('the JWKS at %s: %s', async (path, cause, status) => {
    const event = await failureOf({ jwksUri: `${base}${path.slice(1)}?token=abc` });
    expect(event).toMatchObject({ stage: 'jwks', url: `${base}${path.slice(1)}`, cause });
    expect(event.status).toBe(status);
    expect(event.reason).not.toContain('token=abc');
  });

  it.each([
    ['/meta-array', 'metadata_invalid'],
    ['/meta-other', 'metadata_issuer_mismatch'],
    ['/meta-unsafe', 'jwks_uri_unsafe'],
    ['/status', 'http_status'],
  ])('the metadata at %s: %s', async (path, cause) => {
    const event = await failureOf({ metadataUrl: `${base}${path.slice(1)}` });
    expect(event).toMatchObject({ stage: 'metadata', url: `${base}${path.slice(1)}`, cause });
  });

  it('a port nobody listens on: ECONNREFUSED', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/jwk`;
    expect(await failureOf({ jwksUri: url })).toMatchObject({ url, stage: 'jwks', cause: 'ECONNREFUSED' });
  });

  it('a host name that does not resolve: ENOTFOUND', async () => {
    const url = 'https://no-such-host.invalid/jwk';
    expect(await failureOf({ jwksUri: url })).toMatchObject({ url, cause: 'ENOTFOUND' });
  });

  it('a TLS certificate nobody vouches for: the TLS error code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const tls = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => res.end(JSON.stringify(keys.jwks)),
    );
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    try {
      const { port } = tls.address() as { port: number };
      const event = await failureOf({ jwksUri: `https://127.0.0.1:${port}/jwk` });
      expect(event).toMatchObject({
        url: `https://127.0.0.1:${port}/jwk`,
        cause: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      });
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });

  it('a URL with user info is bad configuration, refused when the key set is built', () => {
    expect(() => remoteKeySet({ issuer, jwksUri: 'https://user:pass@idp.example/jwk' })).toThrow(
      /jwksUri: must not hold user info/,
    );
  });
});
