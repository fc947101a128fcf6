import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
// Pins serve's private sendAnswer on purpose: the header escaping is shown byte by byte.
import { sendAnswer } from '../../packages/cli/src/serve/sendAnswer.js';

// dsop-guard serve writes every answer through sendAnswer: an answer that cannot be made is a 500 problem, one
// that cannot be written (a header value Node refuses) cuts the connection; neither is an allow, and the promise
// never rejects (an unhandled rejection would take a worker down).

async function serveOnce(
  answer: () => Promise<{ status: number; headers: Record<string, string>; body: string }>,
) {
  const settled: Promise<void>[] = [];
  const server = createServer((req, res) => void settled.push(sendAnswer(req, res, answer())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    (e: Error) => ({ status: 0, body: e.message }),
  );
  await Promise.all(settled);
  await new Promise((resolve) => server.close(resolve));
  return response;
}

describe('sendAnswer fails closed and never rejects', () => {
  it('an answer that rejects is a 500 problem', async () => {
    const response = await serveOnce(() => Promise.reject(new Error('boom')));
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });

  it('an answer Node cannot write (a header name with a space) cuts the connection: no status reaches the client', async () => {
    const response = await serveOnce(() =>
      Promise.resolve({ status: 200, headers: { 'x-dsop decision': 'allow' }, body: '' }),
    );
    expect(response.status).toBe(0);
  });

  it('a header value with a newline or beyond ASCII is written escaped, \\uXXXX: no header is injected', async () => {
    const server = createServer((req, res) =>
      sendAnswer(
        req,
        res,
        Promise.resolve({ status: 403, headers: { 'x-dsop-problem': '"é\r\nx-evil: 1"' }, body: '' }),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sent = (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).headers;
    await new Promise((resolve) => server.close(resolve));
    expect(sent.get('x-evil')).toBeNull();
    expect(sent.get('x-dsop-problem')).toBe('"\\u00e9\\u000d\\u000ax-evil: 1"');
    expect(JSON.parse(sent.get('x-dsop-problem') as string)).toBe('é\r\nx-evil: 1');
  });
});
