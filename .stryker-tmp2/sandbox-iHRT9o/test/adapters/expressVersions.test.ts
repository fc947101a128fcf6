// @ts-nocheck
// expressGuard under Express 4 and 5 alike, beyond the shared table (which both run in http.test.ts): a failure
// while answering reaches the error middleware, never an unhandled rejection, though Express 4 ignores promises.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressGuard } from '@dsop-guard/adapters/express';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { guardOptions } from './table.js';

type App = ReturnType<typeof express>;
const versions = [
  ['Express 5', () => express()],
  ['Express 4', () => express4() as unknown as App],
] as const;

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listen(app: App): Promise<string> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/accounts`;
}

describe.each(versions)('expressGuard on %s', (_, make) => {
  it('a deny that cannot be written (the response is already sent) goes to next(err), not unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const errors: unknown[] = [];
    let handled: () => void = () => {};
    const reached = new Promise<void>((resolve) => {
      handled = resolve;
    });
    const app = make();
    app.get(
      '/accounts',
      (_req, res, next) => {
        res.status(202).end();
        next();
      },
      expressGuard(guardOptions()),
    );
    app.use(((err, _req, _res, _next) => {
      errors.push(err);
      handled();
    }) as express.ErrorRequestHandler);
    try {
      const response = await fetch(await listen(app));
      expect(response.status).toBe(202);
      await Promise.race([reached, new Promise((resolve) => setTimeout(resolve, 2000))]);
      expect((errors[0] as NodeJS.ErrnoException).code).toBe('ERR_HTTP_HEADERS_SENT');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
