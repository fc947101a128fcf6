// Real servers on 127.0.0.1 for each HTTP adapter. On allow the route answers 200 with the verdict it was
// handed, so a test sees exactly what a route handler sees.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpGuardOptions } from '@dsop-guard/adapters';
import { expressGuard } from '@dsop-guard/adapters/express';
import type { FastifyGuardOptions } from '@dsop-guard/adapters/fastify';
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import { fetchGuard } from '@dsop-guard/adapters/fetch';
import express from 'express';
import express4 from 'express4';
import Fastify from 'fastify';

export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

export type Start = (options: HttpGuardOptions) => Promise<Running>;

function listening(server: ReturnType<typeof createServer>): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/accounts`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

export const startExpress: Start = async (options) => {
  const app = express();
  app.get('/accounts', expressGuard(options), (req, res) => {
    res.json(req.dsopVerdict);
  });
  return listening(createServer(app));
};

export const startFastify = async (options: FastifyGuardOptions): Promise<Running> => {
  const app = Fastify();
  await app.register(fastifyGuard, options);
  app.get('/accounts', async (request) => request.dsopVerdict);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${address}/accounts`, close: () => app.close() };
};

/** The same middleware in an Express 4 app (`express4` is npm:express@^4.21.0): the peer range covers both. */
export const startExpress4: Start = async (options) => {
  const app = express4();
  // The workspace's types are Express 5's; an Express 4 app's own @types/express@4 types the middleware there.
  const guard = expressGuard(options) as unknown as express4.RequestHandler;
  app.get('/accounts', guard, (req, res) => {
    res.json(req.dsopVerdict);
  });
  return listening(createServer(app));
};

/** The Fetch handler behind a minimal Node bridge, as Hono's or Next.js's servers would call it. */
export const startFetch: Start = async (options) => {
  const guard = fetchGuard(options);
  const handler = async (request: Request): Promise<Response> => {
    const verdict = await guard(request);
    return verdict instanceof Response ? verdict : Response.json(verdict);
  };
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    }
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, { headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return listening(server);
};

export const httpAdapters: readonly (readonly [string, Start])[] = [
  ['express', startExpress],
  ['express 4', startExpress4],
  ['fastify', startFastify],
  ['fetch', startFetch],
];
