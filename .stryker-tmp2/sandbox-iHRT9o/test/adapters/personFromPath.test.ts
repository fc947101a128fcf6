// @ts-nocheck
// Skatteetaten's inntekt API carries the person in the URL path, not a header: each HTTP adapter takes a
// `person` reader for that, and a reader that throws refuses the request instead of guessing.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressGuard } from '@dsop-guard/adapters/express';
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import { fetchGuard } from '@dsop-guard/adapters/fetch';
import { localKeySet } from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { preset } from '@dsop-guard/rules';
import express from 'express';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, now } from './table.js';

const skatteetaten = preset('skatteetaten-inntekt', 'test');
const tokens = createTokenFactory({
  maskinportenKeys: mpKeys,
  altinnKeys,
  now,
  scope: 'skatteetaten:inntekt',
  services: ['4804_210607', '4804_210607_fraOgMed=2026-01', '4804_210607_tilOgMed=2026-06'],
});
const options = {
  preset: skatteetaten,
  keys: {
    maskinporten: localKeySet({ issuer: skatteetaten.issuer, jwks: mpKeys.jwks }),
    consent: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }),
  },
  clock: () => now,
};
const consentToken = tokens.altinn2Consent({
  claims: { DelegatedDate: now - 86_400, ValidToDate: now + 5 * 86_400 },
});
const headers = { authorization: `Bearer ${tokens.direct()}`, altinnsamtykke: consentToken };
const lastSegment = (url: string): string => new URL(url, 'http://x').pathname.split('/').at(-1) as string;

type Server = { url: string; close: () => Promise<void> };
const listen = (server: ReturnType<typeof createServer>): Promise<Server> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inntekt/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );

const adapters: readonly [string, (reader: 'path' | 'throws') => Promise<Server>][] = [
  [
    'express',
    (reader) => {
      const app = express();
      const person =
        reader === 'path'
          ? (req: express.Request) => req.params['pid']
          : () => {
              throw new Error('x');
            };
      app.get('/inntekt/:pid', expressGuard({ ...options, person }), (req, res) => res.json(req.dsopVerdict));
      return listen(createServer(app));
    },
  ],
  [
    'fastify',
    async (reader) => {
      const app = Fastify();
      await app.register(fastifyGuard, {
        ...options,
        person:
          reader === 'path'
            ? (r) => (r.params as { pid: string }).pid
            : () => {
                throw new Error('x');
              },
      });
      app.get('/inntekt/:pid', async (request) => request.dsopVerdict);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: `${address}/inntekt/`, close: () => app.close() };
    },
  ],
  [
    'fetch',
    (reader) => {
      const guard = fetchGuard({
        ...options,
        person:
          reader === 'path'
            ? (r) => lastSegment(r.url)
            : () => {
                throw new Error('x');
              },
      });
      return listen(
        createServer(async (req, res) => {
          const result = await guard(
            new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }),
          );
          const response = result instanceof Response ? result : Response.json(result);
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(Buffer.from(await response.arrayBuffer()));
        }),
      );
    },
  ],
];

describe.each(adapters)('%s: the person from the URL path', (_name, start) => {
  let byPath: Server;
  let broken: Server;
  beforeAll(async () => {
    [byPath, broken] = await Promise.all([start('path'), start('throws')]);
  });
  afterAll(() => Promise.all([byPath.close(), broken.close()]));

  it('allows the consenting person named in the path', async () => {
    const response = await fetch(`${byPath.url}${tokens.person}`, { headers });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { decision: string }).decision).toBe('allow');
  });

  it('denies another person named in the path (person_mismatch, 403)', async () => {
    const response = await fetch(`${byPath.url}02095302184`, { headers });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { reasons: string[] }).reasons).toEqual(['person_mismatch']);
  });

  it('a reader that throws refuses the request (400 input_malformed)', async () => {
    const response = await fetch(`${broken.url}${tokens.person}`, { headers });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { reasons: string[] }).reasons).toEqual(['input_malformed']);
  });
});
