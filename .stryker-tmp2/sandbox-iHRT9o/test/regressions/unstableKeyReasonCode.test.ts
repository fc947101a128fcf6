// @ts-nocheck
import { type KeySet, remoteKeySet } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 11, defect 3: when a refresh failed, only the request that started it got keys_unavailable (503); its
// waiters and every request in the following cooldown got key_unknown (401) for the same genuine kid. Now the
// same state gives the same code: while the last fetch failed, a kid the cache lacks is keys_unavailable.

describe('regression: one key-set state, one reason code', () => {
  const old = sharedKeys('unstableCode#1', { kid: 'mp-old' });
  let server: KeyServer;
  let down = false;
  let release = (): void => {};
  beforeAll(async () => {
    server = await startKeyServer();
    server.route('/jwk', async () => {
      if (!down) return { body: JSON.stringify(old.jwks) };
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { status: 503, body: '{}' };
    });
  });
  afterAll(async () => {
    release();
    await server.close();
  });

  const codeOf = async (set: KeySet, kid: string) => {
    const r = await set.resolve({ kid, x5t: undefined, alg: 'RS256' });
    return r.isOk() ? 'ok' : r.error;
  };

  it('the request that starts the failing fetch, its waiters and the requests in the cooldown all get keys_unavailable', async () => {
    let now = 1_000_000;
    const set = remoteKeySet({
      issuer: 'i',
      jwksUri: `${server.url}jwk`,
      cooldownMs: 30_000,
      clock: () => now,
    });
    expect(await codeOf(set, 'mp-old')).toBe('ok');
    down = true;
    const first = codeOf(set, 'mp-new');
    while (server.hits.get('/jwk') !== 2) await new Promise((r) => setTimeout(r, 1));
    const waiters = [codeOf(set, 'mp-new'), codeOf(set, 'mp-new')];
    release();
    expect(await Promise.all([first, ...waiters])).toEqual([
      'keys_unavailable',
      'keys_unavailable',
      'keys_unavailable',
    ]);
    now += 10_000;
    expect(await codeOf(set, 'mp-new')).toBe('keys_unavailable');
    expect(await codeOf(set, 'mp-old')).toBe('ok');
    expect(server.hits.get('/jwk')).toBe(2);
  });
});
