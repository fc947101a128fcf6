import { createGuard, verdictStatus } from '@dsop-guard/adapters';
import { redisConsentStore } from '@dsop-guard/adapters/redis';
import type { GuardEvent } from '@dsop-guard/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi, redisAvailable, redisMissing, redisUrl } from '../adapters/redisUrl.js';
import { consentStoreKey, guardOptions, now, otherPerson, tokens } from '../adapters/table.js';

// Issue 26, defect 1: a Redis entry was served as a person's consent whatever it held and wherever it came from.
// A planted entry (valid to 2100, extra services, no TTL) and a genuine entry copied under another person's key
// were both allowed. Now every entry is sealed with an HMAC-SHA256 under the store's `sealKey` over its key, its
// expiry and every field; an entry that fails the seal, does not parse, or is still there after its expiry is
// a deny with `consent_store_tampered` (403) and a `consent_store.tampered` operator event.

const sealKey = 'regression-seal-key-of-32-bytes!';
const prefix = `dsop-guard-regression:${process.pid}:${Date.now()}:unsealed:`;

describe.skipIf(!redisAvailable && !inCi)('regression: a stored consent is sealed to its key', () => {
  let client: ReturnType<typeof createClient>;
  let storeNow = now;
  let guardNow = now;
  const events: GuardEvent[] = [];
  const store = redisConsentStore({
    url: redisUrl ?? 'redis://127.0.0.1:1',
    prefix,
    sealKey,
    timeoutMs: 5000, // the first connection on a busy machine
    clock: () => storeNow,
  });
  const guard = createGuard(
    guardOptions({
      consentStore: { store, key: consentStoreKey },
      clock: () => guardNow,
      onEvent: (e) => events.push(e),
    }),
  );
  const withToken = (person: string) => ({
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent({ claims: { OfferedBy: person } }),
    person,
  });
  const without = (person: string) => ({ maskinportenToken: tokens.direct({ now: guardNow }), person });
  const observed = async (person: string) => {
    const verdict = await guard.check(without(person));
    return [verdict.decision, verdict.reasons, verdictStatus(verdict)];
  };
  const tampered = ['deny', ['consent_store_tampered'], 403];
  /** Every key under the prefix. */
  const keys = async (): Promise<string[]> => (await client.keys(`${prefix}*`)).sort();
  let keyOfA = '';
  let keyOfB = '';

  beforeAll(async () => {
    if (!redisAvailable) throw new Error(redisMissing);
    client = createClient({ url: redisUrl as string });
    await client.connect();
    expect((await guard.check(withToken(tokens.person))).decision).toBe('allow');
    keyOfA = (await keys())[0] ?? '';
    expect((await guard.check(withToken(otherPerson))).decision).toBe('allow');
    keyOfB = (await keys()).find((k) => k !== keyOfA) ?? '';
    expect([keyOfA, keyOfB].every((k) => k.startsWith(prefix))).toBe(true);
  });
  afterAll(async () => {
    for (const key of await keys()) await client.del(key);
    await client.close();
    await store.close();
  });

  it('the genuine entries serve their own person', async () => {
    expect(await observed(tokens.person)).toEqual(['allow', [], 200]);
    expect(await observed(otherPerson)).toEqual(['allow', [], 200]);
  });

  it('a planted entry (valid to 2100, extra services, no TTL) is tampered, and an operator event says so', async () => {
    const saved = (await client.get(keyOfA)) as string;
    const ttl = Number(await client.pExpireTime(keyOfA));
    const planted = {
      coveredBy: tokens.consumer,
      validTo: 4_102_444_800,
      // within the preset's one-year period, so the rules alone would pass it
      consentedAt: 4_102_444_800 - 200 * 86_400,
      services: ['5498_1', '5498_1_Navn=Testbanken', '9999_1'],
      rights: [],
      origin: 'altinn2',
    };
    await client.set(keyOfA, JSON.stringify(planted));
    events.length = 0;
    expect(await observed(tokens.person)).toEqual(tampered);
    expect(events).toEqual([
      { type: 'consent_store.tampered', level: 'error', reason: 'malformed', requestId: null },
    ]);
    await client.set(keyOfA, saved, { expiration: { type: 'PXAT', value: ttl } });
    expect(await observed(tokens.person)).toEqual(['allow', [], 200]);
  });

  it('a genuine entry with one field changed and its seal kept is tampered', async () => {
    const saved = (await client.get(keyOfA)) as string;
    const ttl = Number(await client.pExpireTime(keyOfA));
    for (const edited of [
      saved.replace(/"validTo":\d+/, '"validTo":4102444800'),
      saved.replace('"5498_1"', '"9999_1"'),
    ]) {
      expect(edited).not.toBe(saved);
      await client.set(keyOfA, edited, { expiration: { type: 'PXAT', value: ttl } });
      expect(await observed(tokens.person)).toEqual(tampered);
    }
    await client.set(keyOfA, saved, { expiration: { type: 'PXAT', value: ttl } });
    expect(await observed(tokens.person)).toEqual(['allow', [], 200]);
  });

  it("a genuine entry copied under another person's key is tampered there", async () => {
    const savedB = (await client.get(keyOfB)) as string;
    await client.copy(keyOfA, keyOfB, { REPLACE: true });
    expect(await observed(otherPerson)).toEqual(tampered);
    expect(await observed(tokens.person)).toEqual(['allow', [], 200]);
    await client.set(keyOfB, savedB);
  });

  it('an entry whose TTL was removed is tampered once its consent has ended', async () => {
    await client.persist(keyOfA);
    expect(await client.pExpireTime(keyOfA)).toBe(-1);
    const validTo = now + 180 * 86_400;
    storeNow = validTo + 1;
    guardNow = validTo - 1; // even a guard whose clock is behind the store's is not served it
    try {
      expect(await observed(tokens.person)).toEqual(tampered);
      expect(events.at(-1)).toMatchObject({ type: 'consent_store.tampered', reason: 'expired' });
    } finally {
      storeNow = now;
      guardNow = now;
    }
  });
});
