import { createEngine, definePolicy, defineRule, localKeySet, pass } from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// The verified-token cache's admission, seen from outside: a cached token's claims are the very object the cache
// keeps, so the same object twice means a cache hit. (That the cache never changes a decision is the law in
// test/properties/verifiedTokenCache.test.ts.)

const now = 1_764_000_000;
const mpKeys = sharedKeys('tokenCache#1', { kid: 'mp' });
const altinnKeys = sharedKeys('tokenCache#2', { kid: 'altinn', x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
const engine = (tokenCacheSize?: number) =>
  createEngine({
    policy: definePolicy({ id: 'p', version: '1', rule: defineRule({ id: 'any', check: () => pass() }) }),
    maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
    clock: () => now,
    ...(tokenCacheSize === undefined ? {} : { tokenCacheSize }),
  });
const claimsOf = async (e: ReturnType<typeof engine>, token: string) =>
  (await e.decide({ maskinportenToken: token, now })).claims.maskinporten;

describe('verified-token cache admission', () => {
  it('a token is kept from its second use on: its third use is served from the cache', async () => {
    const e = engine();
    const token = tokens.direct();
    const [first, second, third, fourth] = [
      await claimsOf(e, token),
      await claimsOf(e, token),
      await claimsOf(e, `${token}`.slice(0)),
      await claimsOf(e, token.slice(0, 10) + token.slice(10)),
    ];
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    expect(fourth).toBe(second);
  });

  it('tokens used once are never kept, however many', async () => {
    const e = engine(4);
    const once = Array.from({ length: 20 }, () => tokens.direct());
    for (const t of once) await claimsOf(e, t);
    const reused = tokens.direct();
    const [a, b, c] = [await claimsOf(e, reused), await claimsOf(e, reused), await claimsOf(e, reused)];
    expect(b).not.toBe(a);
    expect(c).toBe(b);
  });

  it('a token used again only after many more others than the cache holds starts over as a first use', async () => {
    const e = engine(4); // remembers first uses in 16 slots
    const token = tokens.direct();
    await claimsOf(e, token);
    for (let i = 0; i < 200; i += 1) await claimsOf(e, tokens.direct());
    const [again, second, third] = [
      await claimsOf(e, token),
      await claimsOf(e, token),
      await claimsOf(e, token),
    ];
    expect(second).not.toBe(again);
    expect(third).toBe(second);
  });

  it("a cached token's facts are protected in every verdict, not only the first", async () => {
    const e = engine();
    const token = tokens.direct({ claims: { jti: `id-${tokens.person}` } });
    for (let i = 0; i < 4; i += 1) {
      const { verdict } = await e.decide({ maskinportenToken: token, now });
      expect(verdict.tokens.maskinporten?.jti).toBe(`id-*********${tokens.person.slice(-2)}`);
      expect(JSON.stringify(verdict)).not.toContain(tokens.person);
    }
  });

  it('tokenCacheSize 0: nothing is kept', async () => {
    const e = engine(0);
    const token = tokens.direct();
    const seen = [await claimsOf(e, token), await claimsOf(e, token), await claimsOf(e, token)];
    expect(new Set(seen).size).toBe(3);
  });
});
