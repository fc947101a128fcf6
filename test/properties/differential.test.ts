import { localKeySet, verifyToken } from '@dsop-guard/core';
import { signToken } from '@dsop-guard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Pins private jwt/ steps on purpose: the differential laws compare each step with jose's.
import { findDuplicateMember } from '../../packages/core/src/jwt/findDuplicateMember.js';
import { parseCompact } from '../../packages/core/src/jwt/parseCompact.js';
import { verifySignature } from '../../packages/core/src/jwt/verifySignature.js';
import { fcOptions, propertyTimeout } from '../arbitraries/index.js';
import { propertyKeys } from './support/keys.js';
import { textbookRsaVerify } from './support/textbookRsa.js';

// Differential: core's verification (node:crypto `verify` with imported KeyObjects) against an independent
// verifier written here (its own segment checks and a BigInt RSASSA-PKCS1-v1_5 from RFC 8017), on generated
// tokens and on tampered ones: bits flipped in the header, payload or
// signature bytes, characters replaced in the compact text, keys swapped, algorithms changed.

const keys = propertyKeys();
const now = 1_764_000_000;
const HASH: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
const ALGS = ['RS256', 'RS384', 'RS512'] as const;
// The JWK of createTestKeys pins alg RS256; publish it without `alg` so that RS384 and RS512 can be tried too.
const { alg: _pinned, ...unpinned } = keys.maskinporten.publicJwk;
const keySet = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: { keys: [unpinned] } });
const publicJwk = unpinned as { n: string; e: string };
const timeout = propertyTimeout(10);

/** The issuer the key set binds: a token that says another is refused whatever its signature. */
const ISSUER = 'https://test.maskinporten.no/';

/** The payload's `iss` as JSON says it, or `undefined` when the payload is no JSON object. */
function issuerOf(segment: string): unknown {
  try {
    return (JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as { iss?: unknown } | null)?.iss;
  } catch {
    return undefined;
  }
}

/**
 * The independent verdict: three canonical base64url segments, JSON object header naming our kid and an RS* alg,
 * a good signature, and the key set's issuer.
 */
function independentlyValid(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [h, p, s] = parts as [string, string, string];
  const canonical = (x: string) =>
    /^[A-Za-z0-9_-]+$/.test(x) && Buffer.from(x, 'base64url').toString('base64url') === x;
  if (!canonical(h) || !canonical(p) || !canonical(s)) return false;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (typeof header !== 'object' || header === null) return false;
  const { alg, kid } = header as { alg?: unknown; kid?: unknown };
  const hash = HASH[String(alg)];
  if (hash === undefined || kid !== keys.maskinporten.kid) return false;
  if (!textbookRsaVerify(hash, Buffer.from(`${h}.${p}`), publicJwk, Buffer.from(s, 'base64url')))
    return false;
  return issuerOf(p) === ISSUER;
}

type Tamper =
  | { readonly kind: 'none' }
  | { readonly kind: 'flip'; readonly segment: 0 | 1 | 2; readonly byte: number; readonly bit: number }
  | { readonly kind: 'char'; readonly at: number; readonly to: string }
  | { readonly kind: 'rogue-key' }
  | { readonly kind: 'alg'; readonly alg: string };

const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      segment: fc.constantFrom(0 as const, 1 as const, 2 as const),
      byte: fc.nat(),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('char' as const),
      at: fc.nat(),
      to: fc.constantFrom('A', 'B', '_', '-', '0', '=', '+', '/', ' ', '.'),
    }),
  },
  fc.constant({ kind: 'rogue-key' as const }),
  fc.record({ kind: fc.constant('alg' as const), alg: fc.constantFrom('RS256', 'RS384', 'RS512') }),
);

function apply(token: string, t: Tamper, payload: Record<string, unknown>, alg: string): string {
  switch (t.kind) {
    case 'none':
      return token;
    case 'rogue-key':
      return signToken({
        keys: keys.rogueMaskinporten,
        header: { alg, kid: keys.maskinporten.kid },
        payload,
      });
    case 'alg': {
      const [, p, s] = token.split('.') as [string, string, string];
      const h = Buffer.from(JSON.stringify({ alg: t.alg, kid: keys.maskinporten.kid, typ: 'JWT' })).toString(
        'base64url',
      );
      return `${h}.${p}.${s}`;
    }
    case 'char': {
      const i = t.at % token.length;
      return `${token.slice(0, i)}${t.to}${token.slice(i + 1)}`;
    }
    case 'flip': {
      const parts = token.split('.');
      const bytes = Buffer.from(parts[t.segment] as string, 'base64url');
      if (bytes.length === 0) return token;
      const i = t.byte % bytes.length;
      bytes[i] = (bytes[i] as number) ^ (1 << t.bit);
      parts[t.segment] = bytes.toString('base64url');
      return parts.join('.');
    }
  }
}

const claims = fc.record({
  iss: fc.constantFrom('https://test.maskinporten.no/', 'x'),
  scope: fc.string(),
  jti: fc.uuid(),
  n: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  nested: fc.jsonValue({ maxDepth: 2 }),
});

describe('differential: verifyToken (node:crypto) agrees with an independent textbook RSA verifier', () => {
  it('verifyToken accepts a token exactly when the independent verifier does', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(claims, fc.constantFrom(...ALGS), tamper, async (extra, alg, t) => {
        const payload = { ...extra, exp: now + 60, iat: now - 5 };
        const token = apply(
          signToken({ keys: keys.maskinporten, header: { alg, kid: keys.maskinporten.kid }, payload }),
          t,
          payload,
          alg,
        );
        const production = await verifyToken(token, { keys: keySet, now });
        const independent = independentlyValid(token);
        expect(production.isOk()).toBe(independent);
        if (t.kind === 'none') expect(production.isOk()).toBe(extra.iss === ISSUER);
      }),
      fcOptions(),
    );
  });

  it(
    'verifySignature and the textbook RSA verifier agree on every token parseCompact accepts',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          claims,
          fc.constantFrom(...ALGS),
          tamper,
          fc.constantFrom(...ALGS),
          async (extra, alg, t, verifyAs) => {
            const payload = { ...extra, exp: now + 60, iat: now - 5 };
            const token = apply(
              signToken({ keys: keys.maskinporten, header: { alg, kid: keys.maskinporten.kid }, payload }),
              t,
              payload,
              alg,
            );
            const parsed = parseCompact(token, 'token');
            fc.pre(parsed.isOk());
            if (parsed.isErr()) return;
            const key = await keySet.resolve({ kid: keys.maskinporten.kid, x5t: undefined, alg: verifyAs });
            if (key.isErr()) throw new Error('key did not resolve');
            const ours = await verifySignature(parsed.value, verifyAs, key.value);
            const theirs = textbookRsaVerify(
              HASH[verifyAs] as string,
              Buffer.from(parsed.value.signingInput),
              publicJwk,
              parsed.value.signature,
            );
            expect(ours).toBe(theirs);
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'parseCompact reads a segment exactly when TextDecoder (fatal) reads it as UTF-8 JSON: invalid bytes, BOMs',
    { timeout },
    async () => {
      const strict = new TextDecoder('utf-8', { fatal: true });
      // Sequences next to UTF-8's edges: a U+FFFD written as such, a surrogate, overlong forms, past U+10FFFF,
      // cut short, stray continuation bytes.
      const edges = [
        [0xef, 0xbf, 0xbd],
        [0xed, 0xa0, 0x80],
        [0xed, 0x9f, 0xbf],
        [0xc0, 0x80],
        [0xc1, 0xbf],
        [0xe0, 0x80, 0xaf],
        [0xf0, 0x8f, 0xbf, 0xbf],
        [0xf4, 0x90, 0x80, 0x80],
        [0xf4, 0x8f, 0xbf, 0xbf],
        [0xe2, 0x82],
        [0xf0, 0x9f, 0x98],
        [0x80],
        [0xbf, 0xbf],
        [0xfe],
        [0xff],
        [0xc3, 0xa6],
      ];
      const inString = fc
        .array(
          fc.oneof(
            fc.constantFrom(...edges),
            fc.uint8Array({ maxLength: 3 }).map((b) => [...b]),
          ),
          {
            maxLength: 4,
          },
        )
        .map((parts) => Buffer.concat([Buffer.from('{"t":"'), Buffer.from(parts.flat()), Buffer.from('"}')]))
        .map((b) => new Uint8Array(b));
      const bytes = fc.oneof(
        fc.uint8Array({ maxLength: 12 }),
        fc
          .string({ unit: 'binary', maxLength: 6 })
          .map((t) => new Uint8Array(Buffer.from(JSON.stringify({ t })))),
        inString,
      );
      await fc.assert(
        fc.property(fc.boolean(), bytes, (bom, body) => {
          const raw = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), body]);
          fc.pre(raw.length > 0);
          let expected: boolean;
          try {
            const value = JSON.parse(strict.decode(raw));
            expected = typeof value === 'object' && value !== null && !Array.isArray(value);
          } catch {
            expected = false;
          }
          const token = `${raw.toString('base64url')}.e30.`;
          const parsed = parseCompact(token, 'token');
          expect(parsed.isOk()).toBe(expected);
        }),
        fcOptions(),
      );
    },
  );

  it(
    'findDuplicateMember reports a repeated member name exactly when the JSON text has one, at any depth',
    { timeout },
    async () => {
      const doc = fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
      await fc.assert(
        fc.property(doc, fc.nat(), fc.boolean(), (value, at, duplicate) => {
          const text = JSON.stringify({ wrap: [value, { inner: value }], ...value });
          // JSON.stringify never repeats a member: same names at other depths or in other objects are no duplicates.
          expect(findDuplicateMember(text)).toBeUndefined();
          const names = Object.keys(value);
          if (!duplicate || names.length === 0) return;
          const name = names[at % names.length] as string;
          const withDuplicate = `${text.slice(0, -1)},${JSON.stringify(name)}:0}`;
          expect(findDuplicateMember(withDuplicate)).toBe(name);
        }),
        fcOptions(),
      );
    },
  );
});
