// @ts-nocheck
import fc from 'fast-check';

const B64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64urlChars = fc.constantFrom(...B64URL_CHARS);
const b64 = (value: string | Uint8Array): string => Buffer.from(value).toString('base64url');

/** A string of base64url characters, possibly non-canonical (stray bits, length ≡ 1 mod 4). */
export function base64urlSegment(maxLength = 64): fc.Arbitrary<string> {
  return fc.string({ unit: b64urlChars, maxLength });
}

/** Arbitrary JSON text: a value, or an object with odd members (`__proto__`, huge numbers, nested arrays). */
export function jsonText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constantFrom(
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{}}}',
      '{"exp":1e400,"iat":-1e400}',
      '{"exp":-0,"iat":-0}',
      '{"a":1,"a":2}',
      '{"\\u0061":1,"a":2}',
      '[1,2,3]',
      '"eyJhbGciOiJSUzI1NiJ9"',
      'null',
      '{',
      '\ufeff{}',
    ),
  );
}

/** A header object that claims to be a signed JWS, with odd members. */
export function jwsHeader(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      alg: fc.oneof(
        fc.constantFrom('RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'HS256', 'none', 'None', 'rs256', ''),
        fc.jsonValue(),
      ),
      kid: fc.oneof(fc.constantFrom('mp-1', 'altinn-1', '', '../../etc/passwd'), fc.jsonValue()),
      x5t: fc.string(),
      typ: fc.constantFrom('JWT', 'at+jwt'),
      crit: fc.constant(['b64']),
      b64: fc.boolean(),
      jku: fc.webUrl(),
    },
    { requiredKeys: ['alg'] },
  );
}

/**
 * Anything that might arrive where a token is expected: a header's text (`Bearer …`, quoted, with whitespace),
 * random strings and bytes, three base64url segments of junk, JSON of every shape in the header and payload,
 * or no string at all (numbers, objects, arrays, null, big ints).
 *
 * @example
 * ```ts
 * fc.asyncProperty(tokenLike(), async (t) => (await engine.evaluate({ maskinportenToken: t })).decision === 'deny');
 * ```
 */
export function tokenLike(): fc.Arbitrary<unknown> {
  tokenLikeArbitrary ??= buildTokenLike();
  return tokenLikeArbitrary;
}

// Built once per process: fast-check builds a lookup table over all of Unicode the first time a
// `unit: 'binary'` string arbitrary generates (about 2 s here), and keeps it in the arbitrary instance. A fresh
// instance per test paid that again for every test run, and for every mutant under StrykerJS.
let tokenLikeArbitrary: fc.Arbitrary<unknown> | undefined;

function buildTokenLike(): fc.Arbitrary<unknown> {
  const segments = fc
    .tuple(base64urlSegment(), base64urlSegment(200), base64urlSegment(400), fc.constantFrom('.', '..', ''))
    .map(([h, p, s, extra]) => `${h}.${p}.${s}${extra}`);
  const jsonSegments = fc
    .tuple(
      fc.oneof(
        jwsHeader().map((h) => JSON.stringify(h)),
        jsonText(),
      ),
      jsonText(),
      fc.uint8Array({ maxLength: 300 }),
    )
    .map(([h, p, s]) => `${b64(h)}.${b64(p)}.${b64(s)}`);
  const headerText = fc
    .tuple(
      fc.constantFrom('Bearer ', 'bearer ', 'Basic ', '"', ' ', ''),
      fc.oneof(segments, jsonSegments),
      fc.constantFrom('', '"', ' ', '\r\n'),
    )
    .map(([pre, t, post]) => `${pre}${t}${post}`);
  return fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    segments,
    jsonSegments,
    headerText,
    fc
      .tuple(base64urlSegment(16), fc.integer({ min: 16_000, max: 17_000 }))
      .map(([s, n]) => `eyJ${s}.${'A'.repeat(n)}.${s}`),
    fc.anything(),
    fc.bigInt(),
    fc.uint8Array({ maxLength: 64 }),
  );
}

/** An object whose every read throws: the worst thing a caller can hand the engine. */
export function hostile(): fc.Arbitrary<unknown> {
  return fc.constantFrom(
    new Proxy(
      {},
      {
        get: () => {
          throw new Error('hostile get');
        },
      },
    ),
    Object.defineProperty({}, 'maskinportenToken', {
      get: () => {
        throw new Error('hostile getter');
      },
      enumerable: true,
    }),
    Object.defineProperty({}, 'now', {
      get: () => {
        throw new Error('hostile now');
      },
      enumerable: true,
    }),
    {
      toString: () => {
        throw new Error('hostile toString');
      },
      valueOf: () => {
        throw new Error('hostile valueOf');
      },
    },
  );
}
