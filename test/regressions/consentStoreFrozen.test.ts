import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { createGuard } from '@dsop-guard/adapters';
import { redisConsentStore } from '@dsop-guard/adapters/redis';
import type { ConsentStore } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inCi, redisAvailable, redisMissing } from '../adapters/redisUrl.js';
import { guardOptions, tokens } from '../adapters/table.js';

// Issue 11: when Redis was down at first use or frozen, every request waited the store's whole time limit (1 s).
// Now a circuit breaker fails fast after 5 failures in a row, for 10 s by default, then probes once. Shown on a
// real redis-server of the test's own, frozen with SIGSTOP; the store is counted, not timed.

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });

/** A store that counts the calls that reach it. */
function counted(store: ConsentStore): ConsentStore & { calls: number } {
  const c = {
    calls: 0,
    get: (key: string) => {
      c.calls += 1;
      return store.get(key);
    },
    set: (key: string, value: Parameters<ConsentStore['set']>[1], at: number) => {
      c.calls += 1;
      return store.set(key, value, at);
    },
  };
  return c;
}

describe.skipIf(!redisAvailable && !inCi)(
  'regression: a frozen consent store costs one time limit per breaker window, not per request',
  () => {
    let redis: ChildProcess;
    let url: string;
    beforeAll(async () => {
      if (!redisAvailable) throw new Error(redisMissing);
      const port = await freePort();
      url = `redis://127.0.0.1:${port}`;
      redis = spawn('redis-server', [
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
      for (let i = 0; i < 100 && !(await answers(port)); i += 1) await new Promise((r) => setTimeout(r, 50));
    });
    afterAll(() => {
      redis.kill('SIGCONT');
      redis.kill('SIGKILL');
    });

    it('after 5 failures the store is not asked again until the window ends; then one probe closes it', async () => {
      let now = 1_000_000;
      const real = redisConsentStore({ url, timeoutMs: 500, sealKey: 'a-consent-store-seal-key-of-32-b' });
      const store = counted(real);
      const guard = createGuard(
        guardOptions({
          consentStore: { store, key: 'a-consent-store-key-0123', breaker: { clock: () => now } },
        }),
      );
      const request = { maskinportenToken: tokens.direct(), person: tokens.person };
      const reasons = async () => (await guard.check(request)).reasons;
      // Warm up: the first connection may take longer than the time limit on a busy machine.
      let warm: readonly string[] = [];
      for (let i = 0; i < 5 && warm[0] !== 'consent_missing'; i += 1) warm = await reasons();
      expect(warm).toEqual(['consent_missing']);
      const before = store.calls;
      redis.kill('SIGSTOP');
      for (let i = 0; i < 5; i += 1) expect(await reasons()).toEqual(['consent_store_unavailable']);
      expect(store.calls).toBe(before + 5);
      for (let i = 0; i < 20; i += 1) expect(await reasons()).toEqual(['consent_store_unavailable']);
      expect(store.calls).toBe(before + 5);
      redis.kill('SIGCONT');
      // Each window ends in exactly one probe; the first that reaches the thawed store closes the breaker.
      let probes = 0;
      let after: readonly string[] = [];
      while (probes < 5 && after[0] !== 'consent_missing') {
        now += 10_000;
        probes += 1;
        after = await reasons();
      }
      expect(after).toEqual(['consent_missing']);
      expect(store.calls).toBe(before + 5 + probes);
      await real.close();
    });
  },
);
