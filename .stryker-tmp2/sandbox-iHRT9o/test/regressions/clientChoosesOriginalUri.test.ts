// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherPerson } from '../adapters/table.js';
import {
  type CheckServer,
  inntektHeaders,
  inntektTokens,
  startCheckServer,
} from '../fixtures/checkServer.js';

// Issue 21, finding 2: `dsop-guard serve` took the original URI from the first present of X-Original-URI and
// X-Forwarded-Uri (and the method likewise). Traefik's ForwardAuth copies the client's headers, so a client's own
// X-Original-URI beat the X-Forwarded-Uri Traefik set: the client chose the URI judged. A repeated or unparseable
// URI header was an allow with route null. Fix: the service reads the headers of one named gateway kind
// (`--gateway`, or `--uri-header`/`--method-header`); another known URI or method header with a different value,
// the header given twice, an unparseable one, or none at all is a 400 input_malformed.

const A = inntektTokens.person;
const B = otherPerson;
const traefik = { uri: 'x-forwarded-uri', method: 'x-forwarded-method' };

describe('regression: the client does not choose which URI is judged', () => {
  let guard: CheckServer;
  beforeAll(async () => {
    guard = await startCheckServer({ personSegment: 2, original: traefik });
  });
  afterAll(() => guard.close());

  const ask = async (headers: [string, string][]) => {
    const response = await fetch(`${guard.url}/check`, {
      headers: [...Object.entries(inntektHeaders), ...headers],
    });
    const body = await response.text();
    return { status: response.status, reasons: body === '' ? [] : JSON.parse(body).reasons };
  };
  const served = (uri: string): [string, string][] => [
    ['X-Forwarded-Uri', uri],
    ['X-Forwarded-Method', 'GET'],
  ];
  const malformed = { status: 400, reasons: ['input_malformed'] };

  it("the control: Traefik's X-Forwarded-Uri with A is allowed, with B denied", async () => {
    expect(await ask(served(`/inntekt/${A}/oppgave`))).toEqual({ status: 200, reasons: [] });
    expect(await ask(served(`/inntekt/${B}/oppgave`))).toEqual({ status: 403, reasons: ['person_mismatch'] });
  });

  it.each([
    ['X-Original-URI', `/inntekt/${A}/oppgave`],
    ['X-Original-URL', `/inntekt/${A}/oppgave`],
    ['X-Rewrite-URL', `/inntekt/${A}/oppgave`],
  ])("a client's own %s beside Traefik's is refused", async (name, uri) => {
    expect(await ask([[name, uri], ...served(`/inntekt/${B}/oppgave`)])).toEqual(malformed);
  });

  it('another URI header with the same value is no conflict', async () => {
    const uri = `/inntekt/${A}/oppgave`;
    expect(await ask([['X-Original-URI', uri], ...served(uri)])).toEqual({ status: 200, reasons: [] });
  });

  it.each([
    [
      'the URI header twice, with equal values',
      [...served(`/inntekt/${A}/oppgave`), ['X-Forwarded-Uri', `/inntekt/${A}/oppgave`]],
    ],
    [
      'the URI header twice, with other values',
      [...served(`/inntekt/${A}/oppgave`), ['X-Forwarded-Uri', `/inntekt/${B}/oppgave`]],
    ],
    ['an unparseable URI', served('%%%')],
    ['an absolute URI', served(`http://api/inntekt/${A}/oppgave`)],
    ['no URI header', [['X-Forwarded-Method', 'GET']]],
    ['no method header', [['X-Forwarded-Uri', `/inntekt/${A}/oppgave`]]],
    ['the method header twice', [...served(`/inntekt/${A}/oppgave`), ['X-Forwarded-Method', 'GET']]],
    [
      'another method header with another value',
      [...served(`/inntekt/${A}/oppgave`), ['X-Original-Method', 'DELETE']],
    ],
    [
      'a method that is not a token',
      [
        ['X-Forwarded-Uri', `/inntekt/${A}/oppgave`],
        ['X-Forwarded-Method', 'G T'],
      ],
    ],
  ] as [string, [string, string][]][])('%s: 400 input_malformed', async (_name, headers) => {
    expect(await ask(headers)).toEqual(malformed);
  });

  it('without --person-from-path a repeated or missing URI header is refused too, never an allow with no route', async () => {
    const plain = await startCheckServer({ original: traefik });
    try {
      for (const headers of [
        [...served('/saldo'), ['X-Forwarded-Uri', '/saldo']],
        [['X-Forwarded-Method', 'GET']],
        served('%%%'),
      ] as [string, string][][]) {
        const response = await fetch(`${plain.url}/check`, {
          headers: [...Object.entries(inntektHeaders), ...headers],
        });
        expect(response.status).toBe(400);
        expect(JSON.parse(await response.text()).reasons).toEqual(['input_malformed']);
      }
      expect(plain.records.map((r) => r.transport.route)).toEqual([null, null, null]);
    } finally {
      await plain.close();
    }
  });
});
