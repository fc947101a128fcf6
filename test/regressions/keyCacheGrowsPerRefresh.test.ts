import { createPublicKey, generateKeyPairSync } from 'node:crypto';

/**
 * A new P-256 public JWK. Through DER and a KeyObject of its own: exporting the generated KeyObject itself
 * deadlocks Node 20 now and then (the export holds the key's mutex, a GC during it runs the finished key-pair
 * job's destructor, which takes the same mutex; seen as a hung CI run).
 */
function freshEcJwk() {
  const { publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  return createPublicKey({ key: publicKey, format: 'der', type: 'spki' }).export({ format: 'jwk' });
}

import { remoteKeySet } from '@dsop-guard/core';
import { type MockIssuer, startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyCache,
  importPublicJwk,
  indexJwks,
  KEY_CACHE_SIZE,
  selectJwk,
} from '../../packages/core/src/jwt/jwksIndex.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 10: the imported-key cache was keyed by each fetch's JWK objects and never evicted, so every refresh
// added one entry per key, and an outsider could force a refresh every cooldown with a token naming an unknown
// kid: the cache grew without bound. Fix: keys are imported once per key material (a hash of the canonical
// public members) into a bounded LRU (KEY_CACHE_SIZE entries per key set).

describe('regression: the imported-key cache grows with every refresh', () => {
  const keys = sharedKeys('keyCacheGrowsPerRefresh#1', { kid: 'mp-cache' });
  const known = { kid: 'mp-cache', x5t: undefined, alg: 'RS256' } as const;
  const unknown = { kid: 'no-such-kid', x5t: undefined, alg: 'RS256' } as const;
  let issuer: MockIssuer;
  beforeAll(async () => {
    issuer = await startMockIssuer({ keys: [keys] });
  });
  afterAll(() => issuer.close());

  it('refreshes forced by unknown kids leave one imported key for one key material', async () => {
    let now = 1_000_000;
    let refreshes = 0;
    const set = remoteKeySet({
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      cooldownMs: 1_000,
      clock: () => now,
      onEvent: (event) => {
        if (event.type === 'keys.refreshed') refreshes += 1;
      },
    });
    const first = (await set.resolve(known))._unsafeUnwrap();
    for (let i = 0; i < 50; i += 1) {
      now += 1_001;
      expect((await set.resolve(unknown))._unsafeUnwrapErr()).toBe('key_unknown');
      expect((await set.resolve(known))._unsafeUnwrap()).toBe(first);
    }
    expect(refreshes).toBe(51);
  });

  it('the cache holds at most KEY_CACHE_SIZE keys, however many distinct keys pass through it', () => {
    const cache = createKeyCache();
    for (let i = 0; i < KEY_CACHE_SIZE * 3; i += 1) {
      const jwk = { ...freshEcJwk(), kid: 'k' };
      const index = indexJwks({ keys: [jwk] });
      if (typeof index === 'string') throw new Error(index);
      const selected = selectJwk(index, { kid: 'k', x5t: undefined, alg: 'ES256' }, false);
      if (typeof selected === 'string') throw new Error(selected);
      expect(importPublicJwk(selected, 'ES256', cache)).toBeDefined();
      expect(cache.size()).toBeLessThanOrEqual(KEY_CACHE_SIZE);
    }
    expect(cache.size()).toBe(KEY_CACHE_SIZE);
  });
});
