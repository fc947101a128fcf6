// @ts-nocheck
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherPerson } from '../adapters/table.js';
import {
  type CheckServer,
  inntektHeaders,
  inntektTokens,
  startCheckServer,
} from '../fixtures/checkServer.js';

// Issue 21, finding 1: `dsop-guard serve --person-from-path` read the original URI with the WHATWG URL parser,
// which removes dot segments (`..`, `%2e%2e`, `.%2e`, any case), turns `\` into `/` and reads `//a/b` as host
// `a`. nginx passes the raw URI upstream, and Node upstreams (Express, Fastify, node:http) do not normalise. With
// a consent for person A, `/inntekt/B/../A/oppgave` was allowed with `--person-from-path 2`: the upstream served
// B and the decision record named A. Fix: serve/readOriginalTarget.ts takes the segments from the raw path and
// refuses (400 input_malformed) every target a parser would rewrite; the person segment must be the 11 digits
// as written.

const A = inntektTokens.person;
const B = otherPerson;

describe('regression: the person judged is the person served', () => {
  let guard: CheckServer;
  beforeAll(async () => {
    guard = await startCheckServer({
      personSegment: 2,
      original: { uri: 'x-original-uri', method: 'x-original-method' },
    });
  });
  afterAll(() => guard.close());

  const ask = async (uri: string) => {
    const response = await fetch(`${guard.url}/check`, {
      headers: { ...inntektHeaders, 'x-original-uri': uri, 'x-original-method': 'GET' },
    });
    const body = await response.text();
    return { status: response.status, reasons: body === '' ? [] : JSON.parse(body).reasons };
  };

  it('the control: A in the path as written is allowed, B denied', async () => {
    expect(await ask(`/inntekt/${A}/oppgave`)).toEqual({ status: 200, reasons: [] });
    expect(await ask(`/inntekt/${B}/oppgave`)).toEqual({ status: 403, reasons: ['person_mismatch'] });
  });

  it.each([
    `/inntekt/${B}/../${A}/oppgave`,
    `/inntekt/${B}/%2e%2e/${A}/oppgave`,
    `/inntekt/${B}/%2E%2E/${A}/oppgave`,
    `/inntekt/${B}/.%2e/${A}/oppgave`,
    `/inntekt/${B}/%2e./${A}/oppgave`,
    `/inntekt/${B}\\..\\${A}/oppgave`,
    `/inntekt/${B}/..\\${A}/oppgave`,
    `/inntekt/${B}%5c..%5c${A}/oppgave`,
    `/inntekt/./${A}/oppgave`,
    `//${B}/inntekt/${A}/oppgave`,
    `/inntekt/${B}%2f..%2f${A}/oppgave`,
  ])('%s: refused 400 input_malformed, never judged as A', async (uri) => {
    expect(await ask(uri)).toEqual({ status: 400, reasons: ['input_malformed'] });
  });

  it.each([
    ['percent-escaped digits', [...A].map((d) => `%3${d}`).join(''), 'input_malformed'],
    ['one escaped digit', `%3${A[0]}${A.slice(1)}`, 'input_malformed'],
    ['an escaped space', `${A.slice(0, 6)}%20${A.slice(6)}`, 'input_malformed'],
    ['nothing', '', 'input_malformed'],
    ['a separator', `${A.slice(0, 6)}-${A.slice(6)}`, 'person_invalid'],
    ['a matrix parameter', `${A};x=1`, 'person_invalid'],
    ['a trailing character', `${A}x`, 'person_invalid'],
  ])('a person segment with %s is a 400 deny (%s), never an allow', async (_name, segment, reason) => {
    expect(await ask(`/inntekt/${segment}/oppgave`)).toEqual({ status: 400, reasons: [reason] });
  });

  it('a path without the segment is refused', async () => {
    expect(await ask('/inntekt')).toEqual({ status: 400, reasons: ['input_malformed'] });
  });
});
