// @ts-nocheck
import { remoteKeySet } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 11, defect 2: while a key-set refresh was in flight, requests for cached, fresh keys waited for it, so one
// token with a random kid against a hanging issuer stalled all valid traffic for the whole timeout. Now cached
// keys answer at once; only the kid-miss waits.

describe('regression: a refresh in flight does not hold back cached keys', () => {
  const keys = sharedKeys('headOfLine#1', { kid: 'mp-hol' });
  let server: KeyServer;
  let hang = false;
  let release = (): void => {};
  beforeAll(async () => {
    server = await startKeyServer();
    server.route('/jwk', async () => {
      if (hang)
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      return { body: JSON.stringify(keys.jwks) };
    });
  });
  afterAll(async () => {
    release();
    await server.close();
  });

  it('a random kid waits for a hanging fetch; the cached kid, asked after it, answers before it ends', async () => {
    const set = remoteKeySet({ issuer: 'i', jwksUri: `${server.url}jwk`, timeoutMs: 10_000 });
    expect((await set.resolve({ kid: 'mp-hol', x5t: undefined, alg: 'RS256' })).isOk()).toBe(true);
    hang = true;
    let missSettled = false;
    const miss = Promise.resolve(set.resolve({ kid: 'random-kid', x5t: undefined, alg: 'RS256' })).then(
      (r) => {
        missSettled = true;
        return r;
      },
    );
    while (server.hits.get('/jwk') !== 2) await new Promise((r) => setTimeout(r, 1));
    // The cached kid answers at once, not even a promise: nothing waits behind the hanging fetch.
    const cached = set.resolve({ kid: 'mp-hol', x5t: undefined, alg: 'RS256' });
    expect(cached instanceof Promise).toBe(false);
    expect((await cached).isOk()).toBe(true);
    expect(missSettled).toBe(false);
    release();
    expect((await miss)._unsafeUnwrapErr()).toBe('key_unknown');
  });
});
