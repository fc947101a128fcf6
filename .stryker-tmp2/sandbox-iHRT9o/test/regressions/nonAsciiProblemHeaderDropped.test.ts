// @ts-nocheck
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckServer, startCheckServer } from '../fixtures/checkServer.js';

// Issue 21, finding 7: `dsop-guard serve` left X-Dsop-Problem out when the problem body held a character beyond
// ASCII (a request id with `é`), so nginx, which answers a deny from that header, answered its own 503 "could
// not be reached" instead of the 400. Fix: every header value the service writes is ASCII without control
// characters; in the problem header anything else is a JSON `\uXXXX` escape, so the header is the same JSON.

/** The raw answer to a raw request (header bytes as latin1, as a gateway may pass them on). */
function rawAsk(url: string, head: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(Buffer.from(head, 'latin1')));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('regression: a problem body beyond ASCII is escaped in X-Dsop-Problem, never dropped', () => {
  let guard: CheckServer;
  beforeAll(async () => {
    guard = await startCheckServer({ original: { uri: 'x-original-uri', method: 'x-original-method' } });
  });
  afterAll(() => guard.close());

  it.each([
    ['é', 'søknad-é-1'],
    ['a character beyond latin1', 'id-\u2028-x'],
  ])('a request id (Korrelasjonsid) with %s', async (_name, requestId) => {
    const answer = await rawAsk(
      guard.url,
      `GET /check HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Original-URI: /saldo\r\nX-Original-Method: GET\r\n` +
        `Korrelasjonsid: ${Buffer.from(requestId, 'utf8').toString('latin1')}\r\nX-Dsop-Problem-Headers: 1\r\n\r\n`,
    );
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    const lines = head.split('\r\n');
    expect(lines[0]).toMatch(/^HTTP\/1\.1 4\d\d /);
    for (const line of lines) expect(line).toMatch(/^[\x20-\x7e]*$/);
    const problem = lines.find((l) => l.toLowerCase().startsWith('x-dsop-problem:'));
    expect(problem).toBeDefined();
    expect(JSON.parse(Buffer.from(body, 'latin1').toString('utf8')).requestId).not.toBeNull();
    expect(JSON.parse((problem as string).slice('x-dsop-problem:'.length))).toEqual(
      JSON.parse(Buffer.from(body, 'latin1').toString('utf8')),
    );
  });
});
