// @ts-nocheck
// `pnpm load`'s gateway process: an Express or a Fastify example gateway (argv[2]) with the Lånekassen TEST
// preset's policy, key sets fetched from the parent's JWKS server (argv[3], refreshed every 5 s so restarts are
// felt), a memory consent store. Tells the parent its URL, then its heap (after gc) when asked.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressGuard } from '@dsop-guard/adapters/express';
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import { type GuardEvent, remoteKeySet } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import express from 'express';
import Fastify from 'fastify';

const [kind, mpMetadataUrl, altinnJwksUri] = process.argv.slice(2) as [string, string, string];
const lanekassen = preset('lanekassen-saldo', 'test');
const events = new Map<string, number>();
const onEvent = (e: GuardEvent): void => void events.set(e.type, (events.get(e.type) ?? 0) + 1);
const keyTimes = { refreshIntervalMs: 5_000, cooldownMs: 1_000, timeoutMs: 1_000, onEvent };
const options = {
  policy: lanekassen.policy,
  transport: lanekassen.transport,
  keys: {
    maskinporten: remoteKeySet({ issuer: lanekassen.issuer, metadataUrl: mpMetadataUrl, ...keyTimes }),
    consent: remoteKeySet({
      issuer: lanekassen.consentIssuer,
      jwksUri: altinnJwksUri,
      matchX5t: true,
      ...keyTimes,
    }),
  },
  onEvent,
};

async function start(): Promise<string> {
  if (kind === 'express') {
    const app = express();
    app.get('/saldo/v1/Accounts', expressGuard(options), (_req, res) => {
      res.json({ ok: true });
    });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const app = Fastify();
  await app.register(fastifyGuard, options);
  app.get('/saldo/v1/Accounts', async () => ({ ok: true }));
  return app.listen({ port: 0, host: '127.0.0.1' });
}

const heap = (): number => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

process.on('message', (message) => {
  if (message === 'heap') process.send?.({ heap: heap(), events: Object.fromEntries(events) });
});
process.send?.({ url: await start() });
