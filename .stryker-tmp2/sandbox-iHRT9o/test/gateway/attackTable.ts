// @ts-nocheck
// The attack table every real gateway is run against (test/gateway/attacks.test.ts), as data: requests that try
// to make the upstream serve a person the consent does not cover. `{A}` is the person the consent covers, `{B}`
// another; the service reads the person from path segment 2 (`--person-from-path 2`) or from `PSU-ID`, and the
// upstream serves the person it finds, reading the raw path (split on `/`, then decoded, and decoded, then split)
// or every person header line. A row holds when the gateway refused the request and the upstream never saw it,
// or the upstream served {A} and nobody else.

/** Where the service and the upstream read the person: path segment 2, or the `PSU-ID` header. */
export type PersonIn = 'path' | 'header';

/**
 * What must happen: `refused` (a 4xx or 5xx, or no HTTP answer at all, and the upstream never reached),
 * `served` (the upstream served {A}), or `either` (a gateway may refuse it or pass it on as it is judged).
 * Every row, whatever it expects, fails when the upstream serves anyone but {A}.
 */
export type Outcome = 'refused' | 'served' | 'either';

export interface AttackRow {
  readonly name: string;
  /** The request target exactly as sent, `{A}`/`{B}` replaced by the persons. */
  readonly target: string;
  /** The method; default GET. */
  readonly method?: string;
  /** Header lines added to the tokens (and, for a header person, to `PSU-ID: {A}`), in order. */
  readonly headers?: readonly (readonly [string, string])[];
  /** For a header person: these person header lines instead of `PSU-ID: {A}`. */
  readonly personHeaders?: readonly (readonly [string, string])[];
  /** Send no tokens. */
  readonly noTokens?: true;
  /** The expected outcome, for both kinds of person or each. */
  readonly expected: Outcome | Readonly<Record<PersonIn, Outcome>>;
}

const valid = '/api/{A}/oppgave';
/** `{A}` with its first digit percent-encoded, and fully. */
const encodedA = (all: boolean) => (all ? '{A%}' : '{A%1}');

export const attackTable: readonly AttackRow[] = [
  { name: 'the plain valid request', target: valid, expected: 'served' },
  { name: 'a query string', target: `${valid}?aar=2026`, expected: 'served' },

  // Dot segments: an upstream splitting the raw path sees {B}, a parser removing them sees {A}.
  { name: '.. after the other person', target: '/api/{B}/../{A}/oppgave', expected: 'refused' },
  { name: '.. after the person', target: '/api/{A}/../{B}/oppgave', expected: 'refused' },
  { name: '. before the person', target: '/api/./{A}/oppgave', expected: 'refused' },
  { name: '%2e%2e', target: '/api/{B}/%2e%2e/{A}/oppgave', expected: 'refused' },
  { name: '%2E%2e', target: '/api/{B}/%2E%2e/{A}/oppgave', expected: 'refused' },
  { name: '.%2e', target: '/api/{B}/.%2e/{A}/oppgave', expected: 'refused' },
  { name: '%2e.', target: '/api/{B}/%2e./{A}/oppgave', expected: 'refused' },
  { name: '%2e', target: '/api/%2e/{A}/oppgave', expected: 'refused' },
  { name: 'a trailing ..', target: '/api/{A}/oppgave/..', expected: 'refused' },
  { name: 'a trailing .', target: '/api/{A}/oppgave/.', expected: 'refused' },
  { name: 'a trailing %2e%2e', target: '/api/{A}/oppgave/%2e%2e', expected: 'refused' },

  // Backslashes: the WHATWG parser reads them as `/`.
  { name: 'raw backslashes around ..', target: '/api/{B}\\..\\{A}/oppgave', expected: 'refused' },
  { name: 'a raw backslash', target: '/api\\{A}/oppgave', expected: 'refused' },
  { name: '%5c around ..', target: '/api/{B}%5c..%5c{A}/oppgave', expected: 'refused' },
  { name: '%5C', target: '/api/{B}%5C{A}/oppgave', expected: 'refused' },

  // Double slashes: `//host/…` is an authority to a URL parser.
  {
    name: 'a leading // naming the other person as host',
    target: '//{B}/api/{A}/oppgave',
    expected: 'refused',
  },
  { name: 'a leading //', target: '//api/{A}/oppgave', expected: 'refused' },
  { name: 'an inner // before the person', target: '/api//{A}/oppgave', expected: 'refused' },
  { name: 'an inner // after the person', target: '/api/{A}//oppgave', expected: 'refused' },

  // Encoded slashes: an upstream that decodes first splits there.
  { name: '%2f before the person', target: '/api%2f{B}/{A}/oppgave', expected: 'refused' },
  { name: '%2F in the person segment', target: '/api/{B}%2F{A}/oppgave', expected: 'refused' },

  // Control characters, raw (where the gateway lets them through) and encoded; the WHATWG parser strips
  // tabs and newlines, so `.<tab>.` is `..` to it.
  { name: 'a raw tab inside ..', target: '/api/{B}/.\t./{A}/oppgave', expected: 'refused' },
  { name: 'a raw CR inside ..', target: '/api/{B}/.\r./{A}/oppgave', expected: 'refused' },
  { name: 'a raw LF inside ..', target: '/api/{B}/.\n./{A}/oppgave', expected: 'refused' },
  { name: 'a raw NUL', target: '/api/{A}\u0000/oppgave', expected: 'refused' },
  { name: '%09', target: '/api/{B}/.%09./{A}/oppgave', expected: 'refused' },
  { name: '%0d', target: '/api/{A}/oppgave%0d', expected: 'refused' },
  { name: '%0a', target: '/api/{A}/oppgave%0a', expected: 'refused' },
  { name: '%00', target: '/api/{A}%00/oppgave', expected: 'refused' },

  // The person written another way than 11 digits.
  {
    name: 'the person fully percent-encoded',
    target: `/api/${encodedA(true)}/oppgave`,
    expected: { path: 'refused', header: 'served' },
  },
  {
    name: 'one digit of the person percent-encoded',
    target: `/api/${encodedA(false)}/oppgave`,
    expected: { path: 'refused', header: 'served' },
  },
  // nginx and Caddy pass the origin form on to the service and the upstream alike; HAProxy passes the absolute
  // form on as it came, and the service refuses it.
  { name: 'the absolute form', target: 'http://127.0.0.1/api/{A}/oppgave', expected: 'either' },

  // Headers the client must not choose.
  {
    name: 'X-Original-URI naming the person on a request for the other',
    target: '/api/{B}/oppgave',
    headers: [['X-Original-URI', valid]],
    expected: { path: 'refused', header: 'served' },
  },
  {
    name: 'X-Forwarded-Uri naming the person on a request for the other',
    target: '/api/{B}/oppgave',
    headers: [['X-Forwarded-Uri', valid]],
    expected: { path: 'refused', header: 'served' },
  },
  {
    name: 'X-Original-URI and X-Forwarded-Uri naming the other person on a valid request',
    target: valid,
    headers: [
      ['X-Original-URI', '/api/{B}/oppgave'],
      ['X-Forwarded-Uri', '/api/{B}/oppgave'],
    ],
    expected: 'served',
  },
  {
    name: 'repeated X-Original-URI and X-Forwarded-Uri',
    target: valid,
    headers: [
      ['X-Original-URI', valid],
      ['X-Original-URI', '/api/{B}/oppgave'],
      ['X-Forwarded-Uri', valid],
      ['X-Forwarded-Uri', '/api/{B}/oppgave'],
    ],
    expected: 'served',
  },
  {
    name: 'X-Original-Method and X-Forwarded-Method',
    target: valid,
    headers: [
      ['X-Original-Method', 'DELETE'],
      ['X-Forwarded-Method', 'DELETE'],
    ],
    expected: 'served',
  },
  {
    name: 'X-Dsop-* headers of the client on a valid request',
    target: valid,
    headers: [
      ['X-Dsop-Decision', 'deny'],
      ['X-Dsop-Consumer', '0192:999999999'],
      ['X-Dsop-Supplier', '0192:999999999'],
      ['X-Dsop-Delegation', 'supplier'],
      ['X-Dsop-Decision-Id', 'forged'],
      ['X-Dsop-Status', '200'],
      ['X-Dsop-Problem', '{}'],
      ['X-Dsop-Person', '{B}'],
    ],
    expected: 'served',
  },
  {
    name: 'X-Dsop-Decision: allow without a token',
    target: valid,
    noTokens: true,
    headers: [
      ['X-Dsop-Decision', 'allow'],
      ['X-Dsop-Status', '200'],
      ['X-Dsop-Problem-Headers', '0'],
    ],
    expected: 'refused',
  },
  {
    name: 'PSU-ID of the other person beside a path person',
    target: valid,
    headers: [['PSU-ID', '{B}']],
    expected: { path: 'served', header: 'refused' },
  },
  {
    name: 'two PSU-ID lines',
    target: valid,
    personHeaders: [
      ['PSU-ID', '{A}'],
      ['PSU-ID', '{B}'],
    ],
    expected: { path: 'served', header: 'refused' },
  },
  {
    name: 'PSU-ID and PSU_ID',
    target: valid,
    personHeaders: [
      ['PSU-ID', '{A}'],
      ['PSU_ID', '{B}'],
    ],
    // nginx drops a header with an underscore (ignore_invalid_headers) for the service and the upstream alike.
    expected: { path: 'served', header: 'either' },
  },
  {
    name: 'two persons in one PSU-ID line',
    target: valid,
    personHeaders: [['PSU-ID', '{A}, {B}']],
    expected: { path: 'served', header: 'refused' },
  },
  {
    name: 'the person percent-encoded in PSU-ID',
    target: valid,
    personHeaders: [['PSU-ID', `${encodedA(true)}`]],
    expected: { path: 'served', header: 'refused' },
  },
];

/** `template` with `{A}`, `{B}`, `{A%}` (A fully percent-encoded) and `{A%1}` (its first digit) replaced. */
export function personsIn(template: string, a: string, b: string): string {
  const all = [...a].map((d) => `%3${d}`).join('');
  return template
    .replaceAll('{A%}', all)
    .replaceAll('{A%1}', `%3${a[0]}${a.slice(1)}`)
    .replaceAll('{A}', a)
    .replaceAll('{B}', b);
}
