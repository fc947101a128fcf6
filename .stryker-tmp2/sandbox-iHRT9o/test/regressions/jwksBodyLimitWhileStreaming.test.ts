// @ts-nocheck
import { gzipSync } from 'node:zlib';
import { remoteKeySet } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 11, defect 5: the 1 MiB JWKS limit was checked after the whole body was in memory, so a 498 KiB gzip
// body decoded to 500 MiB and ran past the timeout; and the timeout covered each request, not a whole refresh.
// Now the limit counts decoded bytes as they stream in, and one time limit covers metadata and JWKS together.

describe('regression: JWKS limits are enforced while streaming, within one time limit', () => {
  const keys = sharedKeys('bodyLimit#1', { kid: 'mp-bl' });
  let server: KeyServer;
  beforeAll(async () => {
    server = await startKeyServer();
    // The key, then 64 MiB of spaces: valid JSON, 64 KiB on the wire.
    const padded = `${JSON.stringify(keys.jwks).slice(0, -1)}${' '.repeat(64 * 1024 * 1024)}}`;
    const bomb = gzipSync(padded);
    server.route('/bomb', () => ({ body: bomb, headers: { 'content-encoding': 'gzip' } }));
    const small = gzipSync(JSON.stringify(keys.jwks));
    server.route('/gzip', () => ({ body: small, headers: { 'content-encoding': 'gzip' } }));
    server.route('/slow-metadata', async () => {
      await new Promise((r) => setTimeout(r, 150));
      return { body: JSON.stringify({ issuer: 'i', jwks_uri: `${server.url}slow-jwk` }) };
    });
    server.route('/slow-jwk', async () => {
      await new Promise((r) => setTimeout(r, 150));
      return { body: JSON.stringify(keys.jwks) };
    });
  });
  afterAll(() => server.close());

  it('a gzip body that decodes past 1 MiB is refused (keys_unavailable), though it holds the key', async () => {
    const control = remoteKeySet({ issuer: 'i', jwksUri: `${server.url}gzip` });
    expect((await control.resolve({ kid: 'mp-bl', x5t: undefined, alg: 'RS256' })).isOk()).toBe(true);
    const set = remoteKeySet({ issuer: 'i', jwksUri: `${server.url}bomb` });
    expect((await set.resolve({ kid: 'mp-bl', x5t: undefined, alg: 'RS256' }))._unsafeUnwrapErr()).toBe(
      'keys_unavailable',
    );
  });

  it('metadata and JWKS each within the limit but together past it → keys_unavailable', async () => {
    const set = remoteKeySet({ issuer: 'i', metadataUrl: `${server.url}slow-metadata`, timeoutMs: 250 });
    expect((await set.resolve({ kid: 'mp-bl', x5t: undefined, alg: 'RS256' }))._unsafeUnwrapErr()).toBe(
      'keys_unavailable',
    );
    const generous = remoteKeySet({
      issuer: 'i',
      metadataUrl: `${server.url}slow-metadata`,
      timeoutMs: 2_000,
    });
    expect((await generous.resolve({ kid: 'mp-bl', x5t: undefined, alg: 'RS256' })).isOk()).toBe(true);
  });
});
