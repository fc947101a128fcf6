import { createGuard } from '@dsop-guard/adapters';
import { redisConsentStore } from '@dsop-guard/adapters/redis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi, redisAvailable, redisMissing, redisUrl } from '../adapters/redisUrl.js';
import { consentStoreKey, guardOptions, otherPerson, tokens } from '../adapters/table.js';

// Issue 26, defect 2: the Redis store threw on an entry it could not parse, so the breaker counted one corrupt
// entry as a store failure: five requests for that one person opened it, and every other person's stored consent
// was `consent_store_unavailable` (503) for ten seconds. Now a corrupt entry is a value (`consent_store_tampered`
// for that request only); only the store's own failures count toward the breaker.

const prefix = `dsop-guard-regression:${process.pid}:${Date.now()}:breaker:`;

describe.skipIf(!redisAvailable && !inCi)(
  'regression: one corrupt stored consent does not open the breaker',
  () => {
    let client: ReturnType<typeof createClient>;
    const store = redisConsentStore({
      url: redisUrl ?? 'redis://127.0.0.1:1',
      prefix,
      sealKey: 'regression-seal-key-of-32-bytes!',
      timeoutMs: 5000, // the first connection on a busy machine
    });
    const guard = createGuard(guardOptions({ consentStore: { store, key: consentStoreKey } }));
    const reasons = async (person: string) =>
      (await guard.check({ maskinportenToken: tokens.direct(), person })).reasons;
    let keyOfA = '';

    beforeAll(async () => {
      if (!redisAvailable) throw new Error(redisMissing);
      client = createClient({ url: redisUrl as string });
      await client.connect();
      for (const person of [tokens.person, otherPerson]) {
        const consentToken = tokens.altinn2Consent({ claims: { OfferedBy: person } });
        const verdict = await guard.check({ maskinportenToken: tokens.direct(), consentToken, person });
        expect(verdict.decision).toBe('allow');
        if (person === tokens.person) keyOfA = (await client.keys(`${prefix}*`))[0] ?? '';
      }
    });
    afterAll(async () => {
      for (const key of await client.keys(`${prefix}*`)) await client.del(key);
      await client.close();
      await store.close();
    });

    it.each([
      ['text that is not JSON', (key: string) => client.set(key, 'not json')],
      ['JSON of the wrong shape', (key: string) => client.set(key, '{"coveredBy":7}')],
      ['a hash, not a string (WRONGTYPE)', (key: string) => client.hSet(key, 'a', 'b')],
    ])('%s under one person’s key, read 20 times, leaves the other person served', async (_name, corrupt) => {
      await client.del(keyOfA);
      await corrupt(keyOfA);
      const corrupted: (readonly string[])[] = [];
      for (let i = 0; i < 20; i += 1) corrupted.push(await reasons(tokens.person));
      expect(await reasons(otherPerson)).toEqual([]);
      expect(new Set(corrupted.map((r) => r.join()))).toEqual(new Set(['consent_store_tampered']));
    });
  },
);
