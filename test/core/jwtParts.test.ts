import { ConfigError, localKeySet } from '@dsop-guard/core';
import { signToken } from '@dsop-guard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Pins the jwt/ parts on purpose: each step of the strict parse (segments, duplicate members, the key index)
// is stated as a law on its own, beside verifyToken's tests through the public API.
import { decodeSegment } from '../../packages/core/src/jwt/decodeSegment.js';
import { findDuplicateMember } from '../../packages/core/src/jwt/findDuplicateMember.js';
import { indexJwks, selectJwk } from '../../packages/core/src/jwt/jwksIndex.js';
import { parseCompact } from '../../packages/core/src/jwt/parseCompact.js';
import { fcOptions } from '../arbitraries/fcOptions.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// The pieces under verifyToken, each against its own contract: parseCompact's strict compact form (with the exact
// violation, path and expectation it reports), the duplicate-member scanner on nested JSON, and the JWKS index
// behind localKeySet (which keys count, how a selector finds one, and the configuration errors).

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const H = b64('{"alg":"RS256","kid":"k"}');
const P = b64('{"iss":"x"}');
const S = b64('signature bytes');

describe('parseCompact: the compact form, violation by violation', () => {
  it('splits a well-formed token into its parts', () => {
    const parsed = parseCompact(`${H}.${P}.${S}`, 'maskinporten')._unsafeUnwrap();
    expect(parsed).toEqual({
      header: { alg: 'RS256', kid: 'k' },
      payload: { iss: 'x' },
      signingInput: `${H}.${P}`,
      encodedHeader: H,
      encodedPayload: P,
      encodedSignature: S,
      signature: Buffer.from('signature bytes'),
    });
  });

  it('an empty signature parses as no bytes (so that alg none is reported as such)', () => {
    expect(parseCompact(`${H}.${P}.`, 'token')._unsafeUnwrap().signature).toHaveLength(0);
  });

  it.each([
    ['not a string', 42, { path: 'mp', expected: 'a compact JWS string' }],
    ['undefined', undefined, { path: 'mp', expected: 'a compact JWS string' }],
    ['empty', '', { path: 'mp', expected: 'a compact JWS string' }],
    ['two segments', `${H}.${P}`, { path: 'mp', expected: 'three segments' }],
    ['four segments', `${H}.${P}.${S}.${S}`, { path: 'mp', expected: 'three segments' }],
    ['an empty header', `.${P}.${S}`, { path: 'mp.header', expected: 'canonical base64url' }],
    ['an empty payload', `${H}..${S}`, { path: 'mp.payload', expected: 'canonical base64url' }],
    [
      'a padded header',
      `${b64('{"alg":"RS256"}')}=.${P}.${S}`,
      { path: 'mp.header', expected: 'canonical base64url' },
    ],
    ['a one-character payload', `${H}.A.${S}`, { path: 'mp.payload', expected: 'canonical base64url' }],
    [
      'a standard-alphabet signature',
      `${H}.${P}.ab+c`,
      { path: 'mp.signature', expected: 'canonical base64url' },
    ],
    ['a signature with a space', `${H}.${P}.ab c`, { path: 'mp.signature', expected: 'canonical base64url' }],
    ['a header that is not JSON', `${b64('{alg')}.${P}.${S}`, { path: 'mp.header', expected: 'UTF-8 JSON' }],
    [
      'a payload that is not UTF-8',
      `${H}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${S}`,
      { path: 'mp.payload', expected: 'UTF-8 JSON' },
    ],
    ['a header that is a number', `${b64('1')}.${P}.${S}`, { path: 'mp.header', expected: 'a JSON object' }],
    ['a header that is null', `${b64('null')}.${P}.${S}`, { path: 'mp.header', expected: 'a JSON object' }],
    [
      'a payload that is a string',
      `${H}.${b64('"x"')}.${S}`,
      { path: 'mp.payload', expected: 'a JSON object' },
    ],
    [
      'a payload that is an array',
      `${H}.${b64('[{}]')}.${S}`,
      { path: 'mp.payload', expected: 'a JSON object' },
    ],
  ])('%s → token_malformed with its path and expectation', (_name, token, violation) => {
    expect(parseCompact(token, 'mp')._unsafeUnwrapErr()).toEqual({ code: 'token_malformed', ...violation });
  });

  it('accepts exactly maxLength characters and refuses one more', () => {
    const token = `${H}.${P}.${S}`;
    expect(parseCompact(token, 'mp', token.length).isOk()).toBe(true);
    expect(parseCompact(token, 'mp', token.length - 1)._unsafeUnwrapErr()).toEqual({
      code: 'token_malformed',
      path: 'mp',
      expected: `at most ${token.length - 1} characters`,
    });
  });

  it('the default longest token is 16 384 characters', () => {
    const long = `${H}.${b64(JSON.stringify({ pad: 'x'.repeat(16_384) }))}.${S}`;
    expect(parseCompact(long, 'mp')._unsafeUnwrapErr()).toEqual({
      code: 'token_malformed',
      path: 'mp',
      expected: 'at most 16384 characters',
    });
  });

  it('a repeated member name → token_duplicate_member, the name cut to 64 characters', () => {
    const name = 'n'.repeat(100);
    const header = b64(`{"alg":"RS256","${name}":1,"${name}":2}`);
    expect(parseCompact(`${header}.${P}.${S}`, 'mp')._unsafeUnwrapErr()).toEqual({
      code: 'token_duplicate_member',
      path: 'mp.header',
      actual: 'n'.repeat(64),
    });
    const payload = b64('{"scope":"a","scope":"b"}');
    expect(parseCompact(`${H}.${payload}.${S}`, 'mp')._unsafeUnwrapErr()).toEqual({
      code: 'token_duplicate_member',
      path: 'mp.payload',
      actual: 'scope',
    });
  });
});

describe('parseCompact: a header seen before is decoded once, and shared frozen', () => {
  it('a token parses the same the first time its header is seen and every time after', () => {
    const header = b64('{"alg":"RS256","kid":"seen-once","nested":{"a":[1]}}');
    const token = `${header}.${P}.${S}`;
    const first = parseCompact(token, 'mp')._unsafeUnwrap();
    const again = parseCompact(token, 'consent')._unsafeUnwrap();
    expect(again).toEqual(first);
    expect(again.header).toBe(first.header);
  });

  it('the shared header cannot be changed through one token: it is frozen to the bottom', () => {
    const header = b64('{"alg":"RS256","kid":"frozen","nested":{"a":[1]}}');
    const parsed = parseCompact(`${header}.${P}.${S}`, 'mp')._unsafeUnwrap();
    const nested = parsed.header['nested'] as { a: number[] };
    expect(() => {
      (parsed.header as Record<string, unknown>)['kid'] = 'other';
    }).toThrow(TypeError);
    expect(() => nested.a.push(2)).toThrow(TypeError);
    expect(parseCompact(`${header}.${b64('{"iss":"y"}')}.${S}`, 'mp')._unsafeUnwrap().header).toEqual({
      alg: 'RS256',
      kid: 'frozen',
      nested: { a: [1] },
    });
  });

  it('a header that failed is not remembered: it fails again with the path of each token', () => {
    const header = b64('{"alg":"RS256","alg":"none"}');
    for (const path of ['mp', 'consent']) {
      expect(parseCompact(`${header}.${P}.${S}`, path)._unsafeUnwrapErr()).toEqual({
        code: 'token_duplicate_member',
        path: `${path}.header`,
        actual: 'alg',
      });
    }
  });

  it('more distinct headers than the cache holds still parse, each as itself', () => {
    for (let i = 0; i < 200; i += 1) {
      const header = b64(`{"alg":"RS256","kid":"k-${i % 100}"}`);
      expect(parseCompact(`${header}.${P}.${S}`, 'mp')._unsafeUnwrap().header['kid']).toBe(`k-${i % 100}`);
    }
  });
});

describe('findDuplicateMember: a repeated name within one object, at any depth, and nothing else', () => {
  it.each([
    ['a flat object', '{"a":1,"b":2}'],
    ['a scalar document', '"a"'],
    ['a string document that looks like an object', '"{\\"a\\":1,\\"a\\":2}"'],
    ['an array of strings that repeat', '{"k":["x","a","a"]}'],
    ['an array holding a member name as a string', '{"a":["x","a"]}'],
    ['the same name in a nested object and after it', '{"a":{"c":1},"c":2}'],
    ['the same name in sibling objects in an array', '[{"a":1},{"a":2}]'],
    ['the same name in an array of objects and after it', '{"l":[{"x":1},{"x":2}],"x":3}'],
    ['values that repeat a name', '{"a":"a","b":"a"}'],
    ['an escaped quote inside a name', '{"a\\"":1,"a":2}'],
  ])('no duplicate in %s', (_name, text) => {
    expect(findDuplicateMember(text)).toBeUndefined();
  });

  it.each([
    ['a flat object', '{"a":1,"a":2}', 'a'],
    ['after an array value', '{"a":[1],"b":1,"b":2}', 'b'],
    ['after a nested object', '{"o":{"p":1},"b":1,"b":2}', 'b'],
    ['inside a nested object', '{"o":{"p":1,"p":2}}', 'p'],
    ['inside an object in an array', '{"l":[1,{"p":1,"p":2}]}', 'p'],
    ['written with an escape', '{"scope":"x","\\u0073cope":"y"}', 'scope'],
  ])('reports the duplicate %s', (_name, text, name) => {
    expect(findDuplicateMember(text)).toBe(name);
  });
});

const keys = sharedKeys('jwtParts#1', { kid: 'k-1' });
const { n, e } = keys.publicJwk as { n: string; e: string };
const rsa = (extra: Record<string, unknown> = {}) => ({ kty: 'RSA', n, e, ...extra });
// A well-formed EC JWK whose point is not on the curve: it is indexed, but jose refuses to import it.
const badEc = { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'ec-1' };

/** The ConfigError thrown by `build`, as `{ field, message }`. */
function configError(build: () => unknown): { field: string; message: string } {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('localKeySet: configuration errors name the field', () => {
  it.each([
    ['no issuer', { jwks: keys.jwks }],
    ['an empty issuer', { issuer: '', jwks: keys.jwks }],
    ['an issuer that is not a string', { issuer: 42, jwks: keys.jwks }],
  ])('%s → ConfigError issuer', (_name, options) => {
    const error = configError(() => localKeySet(options as never));
    expect(error.field).toBe('issuer');
    expect(error.message).toMatch(/non-empty string/);
  });

  it('no options → ConfigError options', () => {
    const error = configError(() => localKeySet(undefined as never));
    expect([error.field, error.message]).toEqual(['options', 'options: must be an object']);
  });

  it.each([
    ['null', null, /must be an object/],
    ['a number', 42, /must be an object/],
    ['undefined', undefined, /must be an object/],
    ['an object without keys', {}, /"keys" array/],
    ['keys not an array', { keys: rsa() }, /"keys" array/],
    ['no keys', { keys: [] }, /no public RSA or EC signature key/],
    ['only entries that are not objects', { keys: [null, 42, 'RSA'] }, /no public RSA or EC signature key/],
    ['only an encryption key', { keys: [rsa({ use: 'enc' })] }, /no public RSA or EC signature key/],
    [
      'only a key for encrypt operations',
      { keys: [rsa({ key_ops: ['encrypt'] })] },
      /no public RSA or EC signature key/,
    ],
    ['key_ops not an array', { keys: [rsa({ key_ops: 'verify' })] }, /no public RSA or EC signature key/],
    ['only an RSA key without e', { keys: [{ kty: 'RSA', n }] }, /no public RSA or EC signature key/],
    [
      'only an RSA key whose e is a number',
      { keys: [{ kty: 'RSA', n, e: 65537 }] },
      /no public RSA or EC signature key/,
    ],
    [
      'only an EC key without y',
      { keys: [{ kty: 'EC', crv: 'P-256', x: 'AA' }] },
      /no public RSA or EC signature key/,
    ],
    [
      'only a key whose kty is not a string',
      { keys: [{ ...rsa(), kty: ['RSA'] }] },
      /no public RSA or EC signature key/,
    ],
    ['only a key with an empty kty', { keys: [{ ...rsa(), kty: '' }] }, /no public RSA or EC signature key/],
  ])('a JWKS that is %s → ConfigError jwks', (_name, jwks, reason) => {
    const error = configError(() => localKeySet({ issuer: 'x', jwks }));
    expect(error.field).toBe('jwks');
    expect(error.message).toMatch(reason);
  });

  it('a symmetric key (its secret k) in a local JWKS is refused, not skipped', () => {
    const error = configError(() =>
      localKeySet({ issuer: 'x', jwks: { keys: [rsa(), { kty: 'oct', k: 'c2VjcmV0' }] } }),
    );
    expect([error.field, error.message]).toEqual([
      'jwks.keys[1]',
      "jwks.keys[1]: holds private key material (k): configure the issuer's public JWKS only",
    ]);
  });

  it('skips unusable entries and keeps the usable ones', async () => {
    const set = localKeySet({
      issuer: 'x',
      jwks: {
        keys: [
          null,
          7,
          { kty: 'oct' },
          rsa({ use: 'enc', kid: 'k-1' }),
          rsa({ kid: 'k-1', key_ops: ['verify'] }),
        ],
      },
    });
    expect((await set.resolve({ kid: 'k-1', x5t: undefined, alg: 'RS256' })).isOk()).toBe(true);
  });
});

describe('jwksIndex: how a selector finds a key', () => {
  const index = (jwks: unknown) => {
    const result = indexJwks(jwks);
    if (typeof result === 'string') throw new Error(result);
    return result;
  };

  it('counts only the usable keys', () => {
    expect(index({ keys: [rsa({ kid: 'a' }), rsa({ kid: 'b' }), { kty: 'oct' }, null] }).size).toBe(2);
  });

  it.each([
    ['by kid', { kid: 'k-1', x5t: undefined, alg: 'RS256' }, false, 'key'],
    ['by kid, ignoring x5t', { kid: 'k-1', x5t: 'other', alg: 'RS256' }, true, 'key'],
    ['an unknown kid', { kid: 'nope', x5t: 'x5-1', alg: 'RS256' }, true, 'key_unknown'],
    ['no kid, x5t not allowed', { kid: undefined, x5t: 'x5-1', alg: 'RS256' }, false, 'kid_missing'],
    ['no kid, x5t allowed', { kid: undefined, x5t: 'x5-1', alg: 'RS256' }, true, 'key'],
    ['no kid, unknown x5t', { kid: undefined, x5t: 'nope', alg: 'RS256' }, true, 'key_unknown'],
    ['no kid and no x5t', { kid: undefined, x5t: undefined, alg: 'RS256' }, true, 'kid_missing'],
    ['an EC alg for an RSA key', { kid: 'k-1', x5t: undefined, alg: 'ES256' }, false, 'key_unknown'],
  ])('selects %s', (_name, selector, matchX5t, expected) => {
    const idx = index({ keys: [rsa({ kid: 'k-1', x5t: 'x5-1' })] });
    const found = selectJwk(idx, selector, matchX5t);
    expect(typeof found === 'string' ? found : 'key').toBe(expected);
  });

  it('a kid or x5t shared by two keys finds neither', () => {
    const idx = index({ keys: [rsa({ kid: 'k-1', x5t: 'x' }), rsa({ kid: 'k-1', x5t: 'x' })] });
    expect(selectJwk(idx, { kid: 'k-1', x5t: undefined, alg: 'RS256' }, false)).toBe('key_unknown');
    expect(selectJwk(idx, { kid: undefined, x5t: 'x', alg: 'RS256' }, true)).toBe('key_unknown');
  });

  it('a key pinned to one alg is not found for another; an unpinned one is', () => {
    const idx = index({ keys: [rsa({ kid: 'pinned', alg: 'RS512' }), rsa({ kid: 'free' })] });
    expect(selectJwk(idx, { kid: 'pinned', x5t: undefined, alg: 'RS256' }, false)).toBe('key_unknown');
    expect(selectJwk(idx, { kid: 'pinned', x5t: undefined, alg: 'RS512' }, false)).not.toBeTypeOf('string');
    expect(selectJwk(idx, { kid: 'free', x5t: undefined, alg: 'RS384' }, false)).not.toBeTypeOf('string');
  });

  it('an empty kid or x5t on a key indexes nothing: a token with an empty kid finds no key', async () => {
    const set = localKeySet({ issuer: 'x', jwks: { keys: [rsa({ kid: '', x5t: '' })] }, matchX5t: true });
    expect((await set.resolve({ kid: '', x5t: undefined, alg: 'RS256' }))._unsafeUnwrapErr()).toBe(
      'key_unknown',
    );
    expect((await set.resolve({ kid: undefined, x5t: '', alg: 'RS256' }))._unsafeUnwrapErr()).toBe(
      'key_unknown',
    );
  });
});

describe('localKeySet.resolve', () => {
  it('resolves a key by kid, and by x5t only when matchX5t is set', async () => {
    const altinn = sharedKeys('jwtParts#2', { x5t: true });
    const strict = localKeySet({ issuer: 'altinn.no', jwks: altinn.jwks });
    const lenient = localKeySet({ issuer: 'altinn.no', jwks: altinn.jwks, matchX5t: true });
    const byX5t = { kid: undefined, x5t: altinn.x5t, alg: 'RS256' };
    expect((await strict.resolve(byX5t))._unsafeUnwrapErr()).toBe('kid_missing');
    expect((await lenient.resolve(byX5t)).isOk()).toBe(true);
    expect(strict.issuer).toBe('altinn.no');
  });

  it('a key jose cannot import → key_unknown', async () => {
    const set = localKeySet({ issuer: 'x', jwks: { keys: [badEc] } });
    expect((await set.resolve({ kid: 'ec-1', x5t: undefined, alg: 'ES256' }))._unsafeUnwrapErr()).toBe(
      'key_unknown',
    );
  });

  it('the same key resolves again, for each algorithm it allows', async () => {
    const set = localKeySet({ issuer: 'x', jwks: { keys: [rsa({ kid: 'k-1' })] } });
    for (const alg of ['RS256', 'RS256', 'RS512', 'PS256']) {
      const key = (await set.resolve({ kid: 'k-1', x5t: undefined, alg }))._unsafeUnwrap();
      expect(key.type).toBe('public');
    }
  });

  it('a resolved key verifies the tokens it signed', async () => {
    const set = localKeySet({ issuer: 'x', jwks: keys.jwks });
    const { verifyToken } = await import('@dsop-guard/core');
    const token = signToken({ keys, payload: { iss: 'x', exp: 2_000_000_000, iat: 1_700_000_000 } });
    expect((await verifyToken(token, { keys: set, now: 1_764_000_000 })).isOk()).toBe(true);
  });
});

describe('decodeSegment: canonical base64url exactly as the alphabet, length and last-character rules say', () => {
  // The reference: the regular expression it replaced, the length rule and a re-encoding round trip.
  const reference = (segment: string): Buffer | undefined => {
    if (!/^[A-Za-z0-9_-]+$/.test(segment) || segment.length % 4 === 1) return undefined;
    const bytes = Buffer.from(segment, 'base64url');
    return bytes.toString('base64url') === segment ? bytes : undefined;
  };
  const agree = (segment: string) => {
    const got = decodeSegment(segment);
    const want = reference(segment);
    expect(got === undefined ? undefined : [...got]).toEqual(want === undefined ? undefined : [...want]);
  };

  it('every UTF-16 code unit, at the start, in the middle and at the end of segments of each length class', () => {
    const bases = ['', 'eyJh', 'eyJhb', 'eyJhbG', 'eyJhbGci', b64('{"alg":"RS256"}')];
    for (let code = 0; code < 0x10000; code += 1) {
      const c = String.fromCharCode(code);
      for (const base of bases) {
        agree(c + base);
        agree(base + c);
        agree(base.slice(0, 2) + c + base.slice(2));
      }
    }
  }, 120_000); // 65 536 code units × 18 segments: about 15 s on an idle core, over the default 30 s under load

  it('random strings over the alphabet, its near misses and padding', () => {
    const unit = fc.constantFrom(...'AZaz09-_+/= .\n\u00e5\u2028'.split(''), 'A', 'b', '9');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 24 }), (units) => agree(units.join(''))),
      fcOptions(50),
    );
  });
});
