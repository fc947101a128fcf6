// `pnpm bench http`'s server process: one of five servers (argv[2]) on loopback answering GET /saldo/v1/Accounts
// with {"ok":true} on an allow and 403 otherwise. The key sets' public halves come from the parent
// (BENCH_HTTP_KEYS), which mints the tokens. Tells the parent its URL; answers 'cpu' with process.cpuUsage(); exits on 'exit'.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressGuard } from '@dsop-guard/adapters/express';
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import { localKeySet } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import express from 'express';
import Fastify from 'fastify';
import { decodeVerified, handCheck } from './fixtures.js';

type Jwk = Readonly<Record<string, string>>;
interface PublicKeys {
  readonly mp: { readonly jwks: { keys: Jwk[] }; readonly publicJwk: Jwk };
  readonly altinn: { readonly jwks: { keys: Jwk[] }; readonly publicJwk: Jwk };
}

const kind = process.argv[2] as string;
const published = JSON.parse(process.env['BENCH_HTTP_KEYS'] ?? '{}') as PublicKeys;
const lanekassen = preset('lanekassen-saldo', 'test');
const guardOptions = {
  preset: lanekassen,
  keys: {
    maskinporten: localKeySet({ issuer: lanekassen.issuer, jwks: published.mp.jwks }),
    consent: localKeySet({ issuer: lanekassen.consentIssuer, jwks: published.altinn.jwks, matchX5t: true }),
  },
};
const keyOf = (jwk: Jwk): KeyObject => createPublicKey({ key: jwk as never, format: 'jwk' });
const mpKey = keyOf(published.mp.publicJwk);
const altinnKey = keyOf(published.altinn.publicJwk);

/** The hand-written floor: 2× node:crypto verify with cached KeyObjects, decode, the preset's conditions by hand. */
function allowedByHand(headers: IncomingHttpHeaders): boolean {
  const { authorization, 'consent-id': consent, 'psu-id': person } = headers;
  if (typeof authorization !== 'string' || typeof consent !== 'string' || typeof person !== 'string')
    return false;
  try {
    const mp = decodeVerified(authorization, mpKey);
    const claims = decodeVerified(consent, altinnKey);
    return mp !== undefined && handCheck(mp, claims, person, Math.floor(Date.now() / 1000));
  } catch {
    return false; // a malformed token: fail closed
  }
}

const FORBIDDEN = '{"type":"about:blank","status":403}';

async function listenExpress(guarded: boolean): Promise<number> {
  const app = express();
  const check = guarded
    ? expressGuard(guardOptions)
    : (req: express.Request, res: express.Response, next: express.NextFunction) => {
        if (allowedByHand(req.headers)) next();
        else res.status(403).type('application/problem+json').send(FORBIDDEN);
      };
  app.get('/saldo/v1/Accounts', check, (_req, res) => {
    res.json({ ok: true });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function listenFastify(guarded: boolean): Promise<number> {
  const app = Fastify();
  if (guarded) await app.register(fastifyGuard, guardOptions);
  else {
    app.addHook('onRequest', async (request, reply) => {
      if (!allowedByHand(request.headers)) {
        await reply.code(403).type('application/problem+json').send(FORBIDDEN);
      }
    });
  }
  app.get('/saldo/v1/Accounts', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

async function listenNode(): Promise<number> {
  const server = createServer((req, res) => {
    const ok = req.method === 'GET' && req.url === '/saldo/v1/Accounts' && allowedByHand(req.headers);
    res.writeHead(ok ? 200 : 403, { 'content-type': ok ? 'application/json' : 'application/problem+json' });
    res.end(ok ? '{"ok":true}' : FORBIDDEN);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const servers: Readonly<Record<string, () => Promise<number>>> = {
  'express-guard': () => listenExpress(true),
  'express-hand': () => listenExpress(false),
  'fastify-guard': () => listenFastify(true),
  'fastify-hand': () => listenFastify(false),
  'node-hand': listenNode,
};
const listen = servers[kind];
if (listen === undefined) throw new Error(`unknown server ${kind}`);
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (message === 'exit') process.exit(0); // a normal exit, so that --cpu-prof writes its profile
});
process.send?.({ url: `http://127.0.0.1:${await listen()}` });
