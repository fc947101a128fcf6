import { createServer } from 'node:net';
import { createGuard, verdictStatus } from '@dsop-guard/adapters';
import { redisConsentStore } from '@dsop-guard/adapters/redis';
import { ConfigError, type ConsentStore, memoryConsentStore, type StoredConsent } from '@dsop-guard/core';
import { createClient } from 'redis';
import { createClient as createClient6 } from 'redis6';
import { afterAll, describe, expect, it } from 'vitest';
import { inCi, redisAvailable, redisMissing, redisUrl } from './redisUrl.js';
import { consentStoreKey, guardOptions, table, tokens } from './table.js';

const consent: StoredConsent = {
  coveredBy: '910753614',
  handledBy: undefined,
  validTo: 1_900_000_000,
  consentedAt: 1_700_000_000,
  services: ['5498_1', '5498_1_Navn=Testbanken'],
  rights: [],
  origin: 'altinn2',
};
const seconds = (): number => Math.floor(Date.now() / 1000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** JSON drops `undefined` members: what a store gives back is the consent as JSON has it. */
const asJson = (value: StoredConsent): unknown => JSON.parse(JSON.stringify(value));

const prefix = `dsop-guard-test:${process.pid}:${Date.now()}:`;
const sealKey = 'adapters-test-consent-seal-key-32';
const redisStores: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(redisStores.map((s) => s.close()));
});
function redisStore(options: { prefix?: string; timeoutMs?: number; url?: string } = {}) {
  const store = redisConsentStore({
    url: options.url ?? (redisUrl as string),
    prefix: options.prefix ?? prefix,
    sealKey,
    ...options,
  });
  redisStores.push(store);
  return store;
}

/** Clients the caller made, one per supported node-redis major (`redis` is 5, `redis6` is npm:redis@^6). */
const givenClients = {
  5: () => createClient({ url: redisUrl as string }),
  6: () => createClient6({ url: redisUrl as string }),
} as const;
const connected = new Map<5 | 6, ReturnType<(typeof givenClients)[5 | 6]>>();
afterAll(async () => {
  await Promise.all([...connected.values()].map((c) => c.close()));
});
async function withClient(major: 5 | 6) {
  let client = connected.get(major);
  if (client === undefined) {
    client = givenClients[major]();
    connected.set(major, client);
    await client.connect();
  }
  return redisConsentStore({ client, prefix: `${prefix}v${major}:`, sealKey });
}

const stores: (readonly [string, () => ConsentStore | Promise<ConsentStore>, boolean])[] = [
  ['memoryConsentStore', () => memoryConsentStore(), true],
  [
    "redisConsentStore from a url (loads the adapters package's node-redis 6)",
    () => redisStore(),
    redisAvailable,
  ],
  ['redisConsentStore with a node-redis 5 client', () => withClient(5), redisAvailable],
  ['redisConsentStore with a node-redis 6 client', () => withClient(6), redisAvailable],
];

if (!redisAvailable) {
  if (inCi) {
    it('Redis is available (required when CI=true)', () => {
      throw new Error(redisMissing);
    });
  } else {
    console.warn(`\n  SKIPPING the Redis consent store tests. ${redisMissing}\n`);
  }
}

describe.each(stores)('%s: the shared store table', (_, make, available) => {
  it.skipIf(!available)('a key never set reads as undefined', async () => {
    expect(await (await make()).get('never-set')).toBeUndefined();
  });

  it.skipIf(!available)('what is set reads back; a second set replaces it', async () => {
    const store = await make();
    await store.set('k1', consent, seconds() + 60);
    expect(await store.get('k1')).toEqual(asJson(consent));
    const renewed = { ...consent, validTo: consent.validTo + 1, services: ['5498_1'] };
    await store.set('k1', renewed, seconds() + 60);
    expect(await store.get('k1')).toEqual(asJson(renewed));
  });

  it.skipIf(!available)('an entry set with a past expiresAt is never returned', async () => {
    const store = await make();
    await store.set('k2', consent, seconds() - 5);
    expect(await store.get('k2')).toBeUndefined();
  });

  it.skipIf(!available)('an entry is gone once its expiresAt has passed', async () => {
    const store = await make();
    await store.set('k3', consent, seconds() + 2);
    expect(await store.get('k3')).toEqual(asJson(consent));
    await sleep(2100);
    expect(await store.get('k3')).toBeUndefined();
  });

  it.skipIf(!available)(
    'through the guard: a consent stored after an allow serves a later call without one',
    async () => {
      const guard = createGuard(
        guardOptions({ consentStore: { store: await make(), key: consentStoreKey } }),
      );
      for (const row of table.filter((r) => r.before !== undefined)) {
        for (const step of row.before ?? []) expect((await guard.check(step)).decision).toBe('allow');
        const verdict = await guard.check(row.input);
        expect([verdict.decision, verdict.reasons, verdictStatus(verdict)]).toEqual([
          row.expected.decision,
          row.expected.reasons,
          row.expected.status,
        ]);
      }
    },
  );
});

describe('memoryConsentStore', () => {
  it('is bounded: past maxEntries the least recently used entry goes', async () => {
    const store = memoryConsentStore({ maxEntries: 2 });
    const later = seconds() + 60;
    await store.set('a', consent, later);
    await store.set('b', consent, later);
    await store.get('a');
    await store.set('c', consent, later);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([
      consent,
      undefined,
      consent,
    ]);
  });

  it('expires by its clock', async () => {
    let now = 1000;
    const store = memoryConsentStore({ clock: () => now });
    await store.set('a', consent, 1010);
    now = 1009;
    expect(await store.get('a')).toBe(consent);
    now = 1010;
    expect(await store.get('a')).toBeUndefined();
  });

  it('checks its options', () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => memoryConsentStore({ maxEntries })).toThrow(ConfigError);
    }
    expect(() => memoryConsentStore({ clock: 'now' as never })).toThrow(/clock/);
  });
});

describe('redisConsentStore', () => {
  it('checks its options', () => {
    const url = 'redis://127.0.0.1';
    expect(() => redisConsentStore({ sealKey })).toThrow(/client: give exactly one/);
    expect(() => redisConsentStore({ url: 'redis://x', client: {} as never, sealKey })).toThrow(/client/);
    expect(() => redisConsentStore({ client: { get: () => {} } as never, sealKey })).toThrow(/client/);
    expect(() => redisConsentStore({ url: 'http://127.0.0.1:6379', sealKey })).toThrow(/url/);
    expect(() => redisConsentStore({ url, sealKey, timeoutMs: 0 })).toThrow(/timeoutMs/);
    for (const bad of [undefined, '', 'x'.repeat(31), 'ø'.repeat(15), new Uint8Array(31), 32]) {
      expect(() => redisConsentStore({ url, sealKey: bad as never })).toThrow(
        'sealKey: must be a secret of at least 32 bytes',
      );
    }
    for (const ok of ['x'.repeat(32), 'ø'.repeat(16), new Uint8Array(32)]) {
      expect(() => redisConsentStore({ url, sealKey: ok })).not.toThrow();
    }
    for (const maxValueBytes of [0, -1, 1.5, Number.NaN, '64' as never]) {
      expect(() => redisConsentStore({ url, sealKey, maxValueBytes })).toThrow(/maxValueBytes/);
    }
    expect(() => redisConsentStore({ url, sealKey, clock: 5 as never })).toThrow(/clock/);
  });

  it('an unreachable Redis is consent_store_unavailable (503), promptly, never an allow', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const store = redisStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 200 });
    const guard = createGuard(guardOptions({ consentStore: { store, key: consentStoreKey } }));
    const started = Date.now();
    const verdict = await guard.check({ maskinportenToken: tokens.direct(), person: tokens.person });
    expect([verdict.reasons, verdictStatus(verdict)]).toEqual([['consent_store_unavailable'], 503]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  describe.skipIf(!redisAvailable)('against redis-server', () => {
    it('keeps sealed JSON under the prefix with a PXAT expiry, and nothing personal in clear', async () => {
      const own = `${prefix}inspect:`;
      const guard = createGuard(
        guardOptions({ consentStore: { store: redisStore({ prefix: own }), key: consentStoreKey } }),
      );
      const valid = {
        maskinportenToken: tokens.direct(),
        consentToken: tokens.altinn2Consent(),
        person: tokens.person,
      };
      expect((await guard.check(valid)).decision).toBe('allow');
      const client = createClient({ url: redisUrl as string });
      await client.connect();
      try {
        const keys = await client.keys(`${own}*`);
        expect(keys).toHaveLength(1);
        const key = keys[0] as string;
        const value = (await client.get(key)) as string;
        // `<seal>.<body>`: a 43-character base64url HMAC-SHA256, then the JSON of the consent and its expiry.
        expect(value).toMatch(/^[\w-]{43}\./);
        const body = JSON.parse(value.slice(44));
        expect(body.consent).toMatchObject({ coveredBy: tokens.consumer, origin: 'altinn2' });
        for (const text of [key, value]) expect(text).not.toContain(tokens.person);
        const expiresAtMs = Number(await client.pExpireTime(key));
        expect([expiresAtMs, body.expiresAt * 1000]).toEqual([body.consent.validTo * 1000, expiresAtMs]);
      } finally {
        await client.close();
      }
    });

    it.each([
      5, 6,
    ] as const)('works with a node-redis %i client you give, and leaves it open on close()', async (major) => {
      const client = givenClients[major]();
      await client.connect();
      try {
        const store = redisConsentStore({ client, prefix, sealKey });
        await store.set('given', consent, seconds() + 60);
        expect(await store.get('given')).toEqual(asJson(consent));
        await store.close();
        expect(client.isReady).toBe(true);
        await client.set(`${prefix}garbled`, 'not json');
        expect(await store.get('garbled')).toEqual({ tampered: 'malformed' });
      } finally {
        await client.close();
      }
    });
  });
});
