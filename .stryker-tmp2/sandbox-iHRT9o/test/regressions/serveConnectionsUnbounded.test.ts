// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLanekassenServe } from '../fixtures/lanekassenServe.js';
import { type RawSocket, rawSocket } from '../fixtures/rawSocket.js';
import type { ServeProcess } from '../fixtures/serveProcess.js';

// Issue 21, finding 7: `dsop-guard serve` took any number of open connections, so idle or slow clients could use
// up the worker's sockets and memory. Fix: --max-connections (default 1024 per worker); a connection beyond it is
// closed at once, unanswered, and the ones open go on being served.

const check = 'GET /saldo HTTP/1.1\r\nHost: x\r\n\r\n';

describe('regression: open connections are capped', { timeout: 90_000 }, () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startLanekassenServe(['--max-connections', '2']);
  }, 90_000);
  afterAll(async () => {
    await serve?.stop('SIGKILL');
  });

  it('a third connection is closed unanswered; the two open ones are answered; one closed makes room', async () => {
    const open: RawSocket[] = [];
    for (let i = 0; i < 2; i += 1) {
      const client = await rawSocket(serve.url, check);
      expect(await client.until(/\r\n\r\n/)).toMatch(/^HTTP\/1\.1 400 /);
      open.push(client);
    }
    const third = await rawSocket(serve.url, check);
    expect(await third.closed).toBe('');
    for (const client of open) {
      client.socket.write(check);
      expect(await client.until(/HTTP\/1\.1 400 [\s\S]*HTTP\/1\.1 400 /)).toMatch(/400/);
    }
    open[0]?.socket.destroy();
    await open[0]?.closed;
    await expect
      .poll(async () => {
        const next = await rawSocket(serve.url, check);
        const answer = await next.until(/\r\n\r\n/);
        next.socket.destroy();
        return answer.slice(0, 12);
      })
      .toBe('HTTP/1.1 400');
    open[1]?.socket.destroy();
  }, 30_000);
});
