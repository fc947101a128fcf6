import { ConfigError, localKeySet, verifyToken } from '@dsop-guard/core';
import { signToken } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
// Pins private jwt/ steps on purpose: edges no public call reaches alone (a parsed token verified with a
// given key, the option checks) are pinned here; verifyToken's public behaviour is in verifyToken.test.ts.
import { parseCompact } from '../../packages/core/src/jwt/parseCompact.js';
import { verifySignature } from '../../packages/core/src/jwt/verifySignature.js';
import { checkVerifyOptions } from '../../packages/core/src/jwt/verifyToken.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// verifyToken's edges beyond test/core/verifyToken.test.ts: the exact violation (code, path, expected and actual
// facts) for each way a token fails, the boundaries of exp and nbf with the clock tolerance, the facts of a valid
// token, and checkVerifyOptions, which createEngine runs once so that a bad option fails at build time.

const now = 1_764_000_000;
const keys = sharedKeys('verifyTokenEdges#1', { kid: 'mp-1' });
const keySet = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: keys.jwks });
// Altinn signs consent tokens with a key named by x5t (kid = x5t).
const altinn = sharedKeys('verifyTokenEdges#2', { x5t: true });
const payload = { iss: 'https://test.maskinporten.no/', exp: now + 100, iat: now - 5 };

async function violation(token: unknown, extra: Partial<Parameters<typeof verifyToken>[1]> = {}) {
  return (await verifyToken(token, { keys: keySet, now, ...extra }))._unsafeUnwrapErr();
}

describe('checkVerifyOptions: a bad option is a ConfigError naming it', () => {
  const good = { keys: keySet, now };

  it.each([
    ['the defaults', {}],
    [
      'every supported algorithm',
      { algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'] },
    ],
    ['clock tolerance 0', { clockTolerance: 0 }],
    ['clock tolerance 300', { clockTolerance: 300 }],
    ['every time claim required', { requiredClaims: ['exp', 'iat', 'nbf'] }],
    ['no time claim required', { requiredClaims: [] }],
  ])('accepts %s', (_name, extra) => {
    expect(() => checkVerifyOptions({ ...good, ...extra } as never)).not.toThrow();
  });

  it.each([
    ['no algorithms', { algorithms: [] }, 'algorithms', /non-empty array/],
    ['algorithms not an array', { algorithms: 5 }, 'algorithms', /non-empty array/],
    [
      'HS256',
      { algorithms: ['RS256', 'HS256'] },
      'algorithms',
      /"HS256" is not allowed; choose from RS256, /,
    ],
    ['none', { algorithms: ['none'] }, 'algorithms', /"none" is not allowed/],
    ['a negative clock tolerance', { clockTolerance: -1 }, 'clockTolerance', /between 0 and 300 seconds/],
    ['a clock tolerance above 300', { clockTolerance: 301 }, 'clockTolerance', /between 0 and 300 seconds/],
    ['a NaN clock tolerance', { clockTolerance: Number.NaN }, 'clockTolerance', /between 0 and 300 seconds/],
    [
      'an infinite clock tolerance',
      { clockTolerance: Number.POSITIVE_INFINITY },
      'clockTolerance',
      /between 0/,
    ],
    [
      'an unknown required claim',
      { requiredClaims: ['exp', 'aud'] },
      'requiredClaims',
      /unknown claim "aud"/,
    ],
    ['no keys', { keys: undefined }, 'keys', /must be a KeySet/],
    ['keys without resolve', { keys: { issuer: 'x' } }, 'keys', /must be a KeySet/],
  ])('refuses %s', (_name, extra, field, reason) => {
    let thrown: unknown;
    try {
      checkVerifyOptions({ ...good, ...extra } as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).field).toBe(field);
    expect((thrown as ConfigError).message).toMatch(reason);
  });
});

describe('verifyToken: each failure with its path and facts', () => {
  it('violation paths start with `token` by default and with the path option when given', async () => {
    const expired = signToken({ keys, payload: { ...payload, exp: now - 60 } });
    expect((await violation(expired)).path).toBe('token.exp');
    expect((await violation(expired, { path: 'maskinporten' })).path).toBe('maskinporten.exp');
    expect((await violation('x', { path: 'consent' })).path).toBe('consent');
  });

  it('an algorithm outside the allow-list → alg_not_allowed, listing only the asymmetric algorithms allowed', async () => {
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' });
    const hs = signToken({ header: { alg: 'HS256', kid: 'mp-1' }, hmacSecret: pem, payload });
    expect(await violation(hs, { algorithms: ['RS256', 'HS256' as never] })).toEqual({
      code: 'alg_not_allowed',
      path: 'token.header.alg',
      expected: ['RS256'],
      actual: 'HS256',
    });
    const rs512 = signToken({ keys, header: { alg: 'RS512' }, payload });
    expect(await violation(rs512, { algorithms: ['RS256'] })).toEqual({
      code: 'alg_not_allowed',
      path: 'token.header.alg',
      expected: ['RS256'],
      actual: 'RS512',
    });
  });

  it('an alg that is not a string → alg_not_allowed with actual null', async () => {
    expect(
      await violation(signToken({ header: { alg: 'none', kid: 'mp-1' }, rawHeader: '{"alg":256}', payload })),
    ).toEqual({
      code: 'alg_not_allowed',
      path: 'token.header.alg',
      expected: ['RS256', 'RS384', 'RS512'],
      actual: null,
    });
  });

  it.each([
    ['crit', { crit: ['exp'], exp: 1 }],
    ['b64', { b64: false }],
  ])('a %s header → token_malformed: extensions this verifier does not implement are refused', async (_name, header) => {
    expect(await violation(signToken({ keys, header, payload }))).toEqual({
      code: 'token_malformed',
      path: 'token.header.crit',
    });
  });

  it.each([
    ['kid a number', { kid: 1 }, 'kid'],
    ['kid null', { kid: null }, 'kid'],
    ['x5t an array', { x5t: ['a'] }, 'x5t'],
  ])('%s → token_malformed at that header member', async (_name, header, name) => {
    expect(await violation(signToken({ keys, header, payload }))).toEqual({
      code: 'token_malformed',
      path: `token.header.${name}`,
      expected: 'a string',
    });
  });

  it('key failures are reported at header.kid', async () => {
    expect(await violation(signToken({ keys, header: { kid: 'nope' }, payload }))).toEqual({
      code: 'key_unknown',
      path: 'token.header.kid',
    });
    expect(await violation(signToken({ keys, header: { kid: undefined }, payload }))).toEqual({
      code: 'kid_missing',
      path: 'token.header.kid',
    });
  });

  it('a token naming only an x5t, against a key set that does not match x5t → kid_missing', async () => {
    const strict = localKeySet({ issuer: payload.iss, jwks: altinn.jwks });
    const token = signToken({ keys: altinn, header: { kid: undefined, x5t: altinn.x5t }, payload });
    expect((await verifyToken(token, { keys: strict, now }))._unsafeUnwrapErr()).toEqual({
      code: 'kid_missing',
      path: 'token.header.kid',
    });
  });

  it('an ES256 header naming an RSA key → key_unknown, never a verification attempt', async () => {
    const [, p, s] = signToken({ keys, payload }).split('.');
    const h = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'mp-1' })).toString('base64url');
    expect(await violation(`${h}.${p}.${s}`, { algorithms: ['ES256'] })).toEqual({
      code: 'key_unknown',
      path: 'token.header.kid',
    });
  });

  it('a bad signature is reported at signature', async () => {
    expect(await violation(signToken({ keys: altinn, header: { kid: 'mp-1' }, payload }))).toEqual({
      code: 'signature_invalid',
      path: 'token.signature',
    });
  });

  it.each([
    ['exp', { exp: undefined }],
    ['iat', { iat: undefined }],
  ])('a missing %s → claim_missing at its path', async (claim, over) => {
    expect(await violation(signToken({ keys, payload: { ...payload, ...over } }))).toEqual({
      code: 'claim_missing',
      path: `token.${claim}`,
    });
  });

  it('nbf is required only when asked for', async () => {
    const token = signToken({ keys, payload });
    expect((await verifyToken(token, { keys: keySet, now })).isOk()).toBe(true);
    expect(await violation(token, { requiredClaims: ['nbf'] })).toEqual({
      code: 'claim_missing',
      path: 'token.nbf',
    });
  });

  it.each([
    ['exp a numeric string', { exp: String(now + 100) }, 'exp'],
    ['iat null', { iat: null }, 'iat'],
    ['nbf a string', { nbf: 'now' }, 'nbf'],
  ])('%s → claim_invalid, a finite NumericDate expected', async (_name, over, claim) => {
    expect(await violation(signToken({ keys, payload: { ...payload, ...over } }))).toEqual({
      code: 'claim_invalid',
      path: `token.${claim}`,
      expected: 'a finite NumericDate',
    });
  });

  it('exp 1e400 → claim_invalid even when not required', async () => {
    const token = signToken({ keys, rawPayload: `{"exp":1e400,"iat":${now}}` });
    expect(await violation(token, { requiredClaims: [] })).toEqual({
      code: 'claim_invalid',
      path: 'token.exp',
      expected: 'a finite NumericDate',
    });
  });
});

describe('verifyToken: exp and nbf at the edge of the clock tolerance', () => {
  it.each([
    [0, 0],
    [10, undefined],
    [30, 30],
  ])('tolerance %s: valid until now < exp + tolerance', async (tolerance, option) => {
    const extra = option === undefined ? {} : { clockTolerance: option };
    const lastGood = signToken({ keys, payload: { ...payload, exp: now - tolerance + 1 } });
    expect((await verifyToken(lastGood, { keys: keySet, now, ...extra })).isOk()).toBe(true);
    const exp = now - tolerance;
    expect(await violation(signToken({ keys, payload: { ...payload, exp } }), extra)).toEqual({
      code: 'token_expired',
      path: 'token.exp',
      expected: `> ${now - tolerance}`,
      actual: exp,
    });
  });

  it.each([
    [0, 0],
    [10, undefined],
    [30, 30],
  ])('tolerance %s: not yet valid when nbf > now + tolerance', async (tolerance, option) => {
    const extra = option === undefined ? {} : { clockTolerance: option };
    const lastGood = signToken({ keys, payload: { ...payload, nbf: now + tolerance } });
    expect((await verifyToken(lastGood, { keys: keySet, now, ...extra })).isOk()).toBe(true);
    const nbf = now + tolerance + 1;
    expect(await violation(signToken({ keys, payload: { ...payload, nbf } }), extra)).toEqual({
      code: 'token_not_yet_valid',
      path: 'token.nbf',
      expected: `<= ${now + tolerance}`,
      actual: nbf,
    });
  });
});

describe('verifyToken: the facts of a valid token', () => {
  it('iss, kid, jti and exp as written', async () => {
    const token = signToken({ keys, payload: { ...payload, jti: 'j-1' } });
    expect((await verifyToken(token, { keys: keySet, now }))._unsafeUnwrap()).toEqual({
      header: { alg: 'RS256', kid: 'mp-1', typ: 'JWT' },
      payload: { ...payload, jti: 'j-1' },
      facts: { iss: payload.iss, kid: 'mp-1', jti: 'j-1', exp: payload.exp },
      keys: { state: 'local', ageSeconds: null },
    });
  });

  it('a jti that is not a string and an absent exp are null facts; an iss that is not a string never verifies', async () => {
    const token = signToken({ keys, payload: { iss: payload.iss, jti: 7, iat: now } });
    const verified = (await verifyToken(token, { keys: keySet, now, requiredClaims: [] }))._unsafeUnwrap();
    expect(verified.facts).toEqual({ iss: payload.iss, kid: 'mp-1', jti: null, exp: null });
    const numeric = signToken({ keys, payload: { iss: 42, iat: now } });
    expect(
      (await verifyToken(numeric, { keys: keySet, now, requiredClaims: [] }))._unsafeUnwrapErr(),
    ).toEqual({
      code: 'issuer_mismatch',
      path: 'token.iss',
      expected: payload.iss,
      actual: null,
    });
  });

  it('the kid fact falls back to the x5t when the token names only an x5t', async () => {
    const lenient = localKeySet({ issuer: payload.iss, jwks: altinn.jwks, matchX5t: true });
    const token = signToken({ keys: altinn, header: { kid: undefined, x5t: altinn.x5t }, payload });
    expect((await verifyToken(token, { keys: lenient, now }))._unsafeUnwrap().facts.kid).toBe(altinn.x5t);
  });
});

describe('verifySignature: only the algorithm asked for verifies', () => {
  it('a token signed RS256 verifies as RS256 and not as RS512, even with a key that allows RS512', async () => {
    const { alg: _pinned, ...unpinned } = keys.publicJwk;
    const set = localKeySet({ issuer: 'x', jwks: { keys: [unpinned] } });
    const parsed = parseCompact(signToken({ keys, payload }), 'token')._unsafeUnwrap();
    const rs256 = (await set.resolve({ kid: 'mp-1', x5t: undefined, alg: 'RS256' }))._unsafeUnwrap();
    const rs512 = (await set.resolve({ kid: 'mp-1', x5t: undefined, alg: 'RS512' }))._unsafeUnwrap();
    expect(await verifySignature(parsed, 'RS256', rs256)).toBe(true);
    expect(await verifySignature(parsed, 'RS512', rs512)).toBe(false);
    expect(await verifySignature(parsed, 'RS512', rs256)).toBe(false);
  });

  it('never throws: a key of the wrong kind is simply false', async () => {
    const parsed = parseCompact(signToken({ keys, payload }), 'token')._unsafeUnwrap();
    expect(await verifySignature(parsed, 'RS256', new Uint8Array(32) as never)).toBe(false);
  });
});
