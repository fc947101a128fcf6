// @ts-nocheck
import { type GuardEvent, remoteKeySet } from '@dsop-guard/core';
import { type MockIssuer, startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

describe('remoteKeySet: stale-if-error window', () => {
  const keys = sharedKeys('staleIfError#1', { kid: 'mp-sie' });
  const selector = { kid: 'mp-sie', x5t: undefined, alg: 'RS256' } as const;
  let issuer: MockIssuer;
  beforeAll(async () => {
    issuer = await startMockIssuer({ keys: [keys] });
  });
  afterAll(() => issuer.close());

  it('past maxAgeMs with the issuer down, old keys serve as stale until the window ends, with events', async () => {
    let now = 1_000_000;
    const events: GuardEvent[] = [];
    const set = remoteKeySet({
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      maxAgeMs: 60_000,
      staleIfErrorMs: 30_000,
      cooldownMs: 1_000,
      clock: () => now,
      onEvent: (e) => events.push(e),
    });
    issuer.setMode('ok');
    expect((await set.resolve(selector)).isOk()).toBe(true);
    expect(set.state?.()).toEqual({ state: 'fresh', ageSeconds: 0 });
    expect(events.map((e) => e.type)).toEqual(['keys.refreshed']);

    issuer.setMode('down');
    now += 60_001;
    expect((await set.resolve(selector)).isOk()).toBe(true);
    expect(set.state?.()).toEqual({ state: 'stale', ageSeconds: 60 });
    expect(events.map((e) => e.type)).toEqual(['keys.refreshed', 'keys.refresh_failed', 'keys.stale']);
    expect(events[2]).toMatchObject({ issuer: issuer.issuer, ageSeconds: 60 });

    now += 30_000;
    expect((await set.resolve(selector))._unsafeUnwrapErr()).toBe('keys_unavailable');

    issuer.setMode('ok');
    now += 1_000;
    expect((await set.resolve(selector)).isOk()).toBe(true);
    expect(set.state?.()).toEqual({ state: 'fresh', ageSeconds: 0 });
  });

  it('a refresh that succeeds past maxAgeMs serves fresh keys, never stale', async () => {
    let now = 5_000_000;
    const set = remoteKeySet({
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      maxAgeMs: 60_000,
      staleIfErrorMs: 30_000,
      clock: () => now,
    });
    issuer.setMode('ok');
    await set.resolve(selector);
    now += 70_000;
    expect((await set.resolve(selector)).isOk()).toBe(true);
    expect(set.state?.()?.state).toBe('fresh');
  });

  it('a negative or non-finite window is a ConfigError', () => {
    for (const staleIfErrorMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(
        configErrorOf(() => remoteKeySet({ issuer: 'x', jwksUri: issuer.jwksUri, staleIfErrorMs })),
      ).toMatchObject({ field: 'staleIfErrorMs' });
    }
  });
});
