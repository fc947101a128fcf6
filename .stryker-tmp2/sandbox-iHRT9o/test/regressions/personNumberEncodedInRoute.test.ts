// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckServer,
  inntektHeaders,
  inntektTokens,
  startCheckServer,
} from '../fixtures/checkServer.js';

// Issue 21, finding 1: the decision record's route was the original path as the gateway sent it, and the
// record masks runs of 11 digits, so a person number written with percent-escapes (`%30%31…`, any case, or
// only some digits escaped) reached the record in clear. Fix: the route is the path percent-decoded, and the
// record's masking runs over that.

const A = inntektTokens.person;
const escaped = (digits: string, every = 1) =>
  [...digits].map((d, i) => (i % every === 0 ? `%3${d}` : d)).join('');

describe('regression: a person number in the route is masked in any encoding', () => {
  let guard: CheckServer;
  beforeAll(async () => {
    guard = await startCheckServer({ original: { uri: 'x-original-uri', method: 'x-original-method' } });
  });
  afterAll(() => guard.close());

  it.each([
    ['as written', A],
    ['every digit escaped', escaped(A)],
    ['every other digit escaped', escaped(A, 2)],
    ['upper-case escapes of a separator', `${escaped(A.slice(0, 6))}%2D${A.slice(6)}`],
    ['an escaped space between six and five', `${A.slice(0, 6)}%20${A.slice(6)}`],
  ])('%s: the record holds no person number, and says where one was', async (_name, written) => {
    const before = guard.records.length;
    await fetch(`${guard.url}/check`, {
      headers: { ...inntektHeaders, 'x-original-uri': `/saldo/${written}/x`, 'x-original-method': 'GET' },
    });
    await expect.poll(() => guard.records.length).toBe(before + 1);
    const route = guard.records.at(-1)?.transport.route as string;
    expect(route).toMatch(/\*{6}[ -]?\*{3}57|\*{9}57/);
    expect(decodeURIComponent(route).replace(/[^0-9]/g, '')).not.toContain(A.slice(0, 9));
  });
});
