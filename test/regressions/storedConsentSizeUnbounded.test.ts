import { createGuard } from '@dsop-guard/adapters';
import { redisConsentStore } from '@dsop-guard/adapters/redis';
import type { StoredConsent } from '@dsop-guard/core';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi, redisAvailable, redisMissing, redisUrl } from '../adapters/redisUrl.js';
import { consentStoreKey, guardOptions, now, tokens } from '../adapters/table.js';

// Issue 26, defect 3: the Redis store wrote and read values of any size: a planted 1 MiB entry was read whole,
// parsed and served. Now what the store writes and reads is capped (`maxValueBytes`, default 64 KiB): a larger
// value is not written, and an entry read back larger than the cap is `consent_store_tampered`, having read at
// most the cap and one byte more (GETRANGE).

const prefix = `dsop-guard-regression:${process.pid}:${Date.now()}:size:`;
const sealKey = 'regression-seal-key-of-32-bytes!';
// Redis expires entries by its own clock: an expiry from the wall clock, not from `now` (the time table.ts was
// loaded, which in a long-lived test process, such as the mutation run's, is minutes or hours ago).
const inTenMinutes = (): number => Math.floor(Date.now() / 1000) + 600;
const big: StoredConsent = {
  coveredBy: tokens.consumer,
  handledBy: undefined,
  validTo: now + 86_400,
  consentedAt: now - 60,
  services: ['5498_1', '5498_1_Navn=Testbanken', ...Array.from({ length: 8000 }, (_, i) => `x_${i}`)],
  rights: [],
  origin: 'altinn2',
};

describe('regression: the Redis store reads at most its cap and a byte', () => {
  it('asks Redis for bytes 0 to maxValueBytes of an entry, never the whole of it', async () => {
    const asked: unknown[][] = [];
    const client = {
      getRange: async (...args: unknown[]) => {
        asked.push(args);
        return '';
      },
      set: async () => 'OK',
    };
    await redisConsentStore({ client, prefix: 'p:', sealKey }).get('k');
    await redisConsentStore({ client, prefix: 'p:', sealKey, maxValueBytes: 1000 }).get('k');
    expect(asked).toEqual([
      ['p:k', 0, 65_536],
      ['p:k', 0, 1000],
    ]);
  });
});

describe.skipIf(!redisAvailable && !inCi)('regression: stored consents are capped in size', () => {
  let client: ReturnType<typeof createClient>;
  const url = redisUrl ?? 'redis://127.0.0.1:1';
  const reader = redisConsentStore({ url, prefix, sealKey, timeoutMs: 5000 });
  const writer = redisConsentStore({ url, prefix, sealKey, maxValueBytes: 1 << 20, timeoutMs: 5000 });
  beforeAll(async () => {
    if (!redisAvailable) throw new Error(redisMissing);
    client = createClient({ url: redisUrl as string });
    await client.connect();
  });
  afterAll(async () => {
    for (const key of await client.keys(`${prefix}*`)) await client.del(key);
    await client.close();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('a value over the cap is not written', async () => {
    await reader.set('big', big, inTenMinutes());
    expect(await client.exists(`${prefix}big`)).toBe(0);
    expect(await reader.get('big')).toBeUndefined();
  });

  it('a sealed entry over the cap, read back, is tampered (oversized)', async () => {
    await writer.set('big', big, inTenMinutes());
    expect(Number(await client.strLen(`${prefix}big`))).toBeGreaterThan(65_536);
    expect(await writer.get('big')).toMatchObject({ services: big.services });
    expect(await reader.get('big')).toEqual({ tampered: 'oversized' });
  });

  it('through the guard: a planted 1 MiB entry is consent_store_tampered', async () => {
    const guard = createGuard(guardOptions({ consentStore: { store: reader, key: consentStoreKey } }));
    const request = {
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
    };
    expect((await guard.check(request)).decision).toBe('allow');
    const [key] = await client.keys(`${prefix}*`).then((keys) => keys.filter((k) => k !== `${prefix}big`));
    const planted = { ...big, services: [...big.services, 'y'.repeat(1 << 20)] };
    await client.set(key as string, JSON.stringify(planted));
    const verdict = await guard.check({ maskinportenToken: tokens.direct(), person: tokens.person });
    expect(verdict.reasons).toEqual(['consent_store_tampered']);
  });
});
