// @ts-nocheck
import { remoteKeySet } from '@dsop-guard/core';
import { type MockIssuer, startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Found while killing mutants in jwt/remoteKeySet.ts: once the cached keys were older than maxAgeMs and the
// issuer could not be reached, the old keys went on verifying tokens indefinitely, so an unreachable key set
// never came to a deny. Fix: keys past maxAgeMs are not used; while no fetch succeeds the answer is
// keys_unavailable, and the fetch is retried once per cooldown.

describe('regression: keys past maxAgeMs are not trusted while the issuer is unreachable', () => {
  const keys = sharedKeys('staleKeysAfterMaxAge#1', { kid: 'mp-stale' });
  const selector = { kid: 'mp-stale', x5t: undefined, alg: 'RS256' } as const;
  let issuer: MockIssuer;
  beforeAll(async () => {
    issuer = await startMockIssuer({ keys: [keys] });
  });
  afterAll(() => issuer.close());

  it('fresh keys verify; past maxAgeMs with the issuer down, keys_unavailable; back up, keys again', async () => {
    let now = 1_000_000;
    const set = remoteKeySet({
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      maxAgeMs: 60_000,
      cooldownMs: 1_000,
      clock: () => now,
    });
    issuer.setMode('ok');
    expect((await set.resolve(selector)).isOk()).toBe(true);
    issuer.setMode('down');
    now += 60_000;
    expect((await set.resolve(selector)).isOk()).toBe(true);
    now += 1;
    expect((await set.resolve(selector))._unsafeUnwrapErr()).toBe('keys_unavailable');
    now += 500;
    expect((await set.resolve(selector))._unsafeUnwrapErr()).toBe('keys_unavailable');
    issuer.setMode('ok');
    now += 1_000;
    expect((await set.resolve(selector)).isOk()).toBe(true);
  });
});
