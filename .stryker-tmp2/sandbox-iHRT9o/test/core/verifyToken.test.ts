// @ts-nocheck
import { localKeySet, remoteKeySet, verifyToken } from '@dsop-guard/core';
import { signToken, startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

const now = 1_764_000_000;
const keys = sharedKeys('verifyToken#1', { kid: 'mp-1' });
const other = sharedKeys('verifyToken#2', { kid: 'mp-1' });
const keySet = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: keys.jwks });
const payload = { iss: 'https://test.maskinporten.no/', exp: now + 100, iat: now - 5, scope: 's' };

async function code(token: unknown, extra: Partial<Parameters<typeof verifyToken>[1]> = {}) {
  const r = await verifyToken(token, { keys: keySet, now, ...extra });
  return r.isErr() ? r.error.code : 'ok';
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('verifyToken denies by code', () => {
  it('accepts a valid RS256 token and returns its facts', async () => {
    const r = await verifyToken(signToken({ keys, payload }), { keys: keySet, now });
    expect(r.isOk()).toBe(true);
    expect(r._unsafeUnwrap().facts).toEqual({ iss: payload.iss, kid: 'mp-1', jti: null, exp: now + 100 });
  });

  it('one header, checked under different algorithm lists and paths, gets each its own answer', async () => {
    const token = signToken({ keys, payload });
    const esOnly = Object.freeze(['ES256'] as const);
    for (let i = 0; i < 2; i += 1) {
      expect(await code(token)).toBe('ok');
      const r = await verifyToken(token, { keys: keySet, now, algorithms: esOnly, path: 'mp' });
      expect(r._unsafeUnwrapErr()).toMatchObject({ code: 'alg_not_allowed', path: 'mp.header.alg' });
      const c = await verifyToken(token, { keys: keySet, now, algorithms: esOnly, path: 'consent' });
      expect(c._unsafeUnwrapErr()).toMatchObject({ code: 'alg_not_allowed', path: 'consent.header.alg' });
    }
  });

  it('forged signature (same kid, other key) → signature_invalid', async () => {
    expect(await code(signToken({ keys: other, payload }))).toBe('signature_invalid');
  });

  it('tampered payload → signature_invalid', async () => {
    const [h, , s] = signToken({ keys, payload }).split('.');
    expect(await code(`${h}.${b64(JSON.stringify({ ...payload, scope: 'admin' }))}.${s}`)).toBe(
      'signature_invalid',
    );
  });

  it('alg none → alg_not_allowed; an RS256 token with its signature cut off → signature_invalid', async () => {
    expect(await code(signToken({ header: { alg: 'none', kid: 'mp-1' }, payload }))).toBe('alg_not_allowed');
    const [h, p] = signToken({ keys, payload }).split('.');
    expect(await code(`${h}.${p}.`)).toBe('signature_invalid');
  });

  it('HS256 signed with the RSA public key → alg_not_allowed', async () => {
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' });
    expect(await code(signToken({ header: { alg: 'HS256', kid: 'mp-1' }, hmacSecret: pem, payload }))).toBe(
      'alg_not_allowed',
    );
  });

  it('unknown kid → key_unknown; no kid → kid_missing', async () => {
    expect(await code(signToken({ keys, header: { kid: 'nope' }, payload }))).toBe('key_unknown');
    expect(await code(signToken({ keys, header: { kid: undefined }, payload }))).toBe('kid_missing');
  });

  it('an x5t names the key only where the key set allows it', async () => {
    const altinn = sharedKeys('verifyToken#3', { x5t: true });
    const token = signToken({ keys: altinn, header: { kid: undefined, x5t: altinn.x5t }, payload });
    const strict = localKeySet({ issuer: payload.iss, jwks: altinn.jwks });
    const lenient = localKeySet({ issuer: payload.iss, jwks: altinn.jwks, matchX5t: true });
    expect((await verifyToken(token, { keys: strict, now })).isErr()).toBe(true);
    expect((await verifyToken(token, { keys: lenient, now })).isOk()).toBe(true);
  });

  it('keys named or carried by the token → key_embedded, even when they would verify', async () => {
    for (const h of [
      { jwk: keys.publicJwk },
      { jku: 'https://evil.example/jwk' },
      { x5u: 'https://evil.example/c' },
      { x5c: ['MIIB'] },
    ]) {
      expect(await code(signToken({ keys, header: h, payload }))).toBe('key_embedded');
    }
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['two segments', 'eyJhbGciOiJSUzI1NiJ9.e30'],
    ['four segments', 'a.b.c.d'],
    ['padding', 'eyJhbGciOiJSUzI1NiJ9=.e30.c2ln'],
    ['whitespace', 'eyJhbGciOiJSUzI1NiJ9 .e30.c2ln'],
    ['standard base64 alphabet', 'eyJhbGciOiJSUzI1NiJ9.e30+.c2ln'],
    ['header not JSON', `${b64('{alg')}.e30.c2ln`],
    ['payload an array', `${b64('{"alg":"RS256"}')}.${b64('[1]')}.c2ln`],
  ])('malformed token (%s) → token_malformed', async (_name, token) => {
    expect(await code(token)).toBe('token_malformed');
  });

  it('non-canonical base64url (stray bits in the last character) → token_malformed', async () => {
    const [h, p, s] = signToken({ keys, payload }).split('.') as [string, string, string];
    // The last character of a 342-char RS256 signature carries 4 unused bits; flipping one keeps the bytes.
    const last = s.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1] as string;
    expect(Buffer.from(s.slice(0, -1) + twin, 'base64url')).toEqual(Buffer.from(s, 'base64url'));
    expect(await code(`${h}.${p}.${s.slice(0, -1)}${twin}`)).toBe('token_malformed');
  });

  it('duplicate member names in header or payload → token_duplicate_member', async () => {
    const rawHeader = '{"alg":"RS256","kid":"mp-1","kid":"mp-1"}';
    expect(await code(signToken({ keys, rawHeader, payload }))).toBe('token_duplicate_member');
    const rawPayload = `{"iss":"a","exp":${now + 100},"iat":${now},"scope":"x","scope":"admin"}`;
    expect(await code(signToken({ keys, rawPayload }))).toBe('token_duplicate_member');
    const escaped = `{"iss":"a","exp":${now + 100},"iat":${now},"scope":"x","\\u0073cope":"admin"}`;
    expect(await code(signToken({ keys, rawPayload: escaped }))).toBe('token_duplicate_member');
  });

  it('exp and iat are required finite JSON numbers; 1e400 denies', async () => {
    expect(await code(signToken({ keys, payload: { ...payload, exp: undefined } }))).toBe('claim_missing');
    expect(await code(signToken({ keys, payload: { ...payload, iat: undefined } }))).toBe('claim_missing');
    expect(await code(signToken({ keys, payload: { ...payload, exp: String(now + 100) } }))).toBe(
      'claim_invalid',
    );
    expect(await code(signToken({ keys, rawPayload: `{"exp":1e400,"iat":${now}}` }))).toBe('claim_invalid');
  });

  it('expiry and not-before honour the clock tolerance', async () => {
    const token = signToken({ keys, payload: { ...payload, exp: now - 5 } });
    expect(await code(token)).toBe('ok');
    expect(await code(token, { clockTolerance: 0 })).toBe('token_expired');
    expect(await code(signToken({ keys, payload: { ...payload, nbf: now + 60 } }))).toBe(
      'token_not_yet_valid',
    );
  });

  it('a key set refuses RS256 when the JWK says another alg', async () => {
    const pinned = localKeySet({ issuer: 'x', jwks: { keys: [{ ...keys.publicJwk, alg: 'RS512' }] } });
    expect(
      (await verifyToken(signToken({ keys, payload }), { keys: pinned, now }))._unsafeUnwrapErr().code,
    ).toBe('key_unknown');
  });

  it('configured algorithms other than asymmetric ones are a configuration error', async () => {
    const { createEngine, definePolicy, all, defineRule, pass } = await import('@dsop-guard/core');
    const policy = definePolicy({
      id: 'p',
      version: '1',
      rule: all([defineRule({ id: 'anything', check: pass })]),
    });
    expect(() =>
      createEngine({ policy, maskinporten: { keys: keySet, algorithms: ['HS256' as never] } }),
    ).toThrow(/algorithms/);
  });
});

describe('remote key sets over real HTTP on loopback', () => {
  let issuer: Awaited<ReturnType<typeof startMockIssuer>>;
  beforeAll(async () => {
    // The metadata names the tokens' issuer: a key set binds its issuer.
    issuer = await startMockIssuer({ keys: [keys], issuer: payload.iss });
  });
  afterAll(() => issuer.close());

  it('discovers the JWKS from the metadata and verifies', async () => {
    const set = remoteKeySet({ issuer: issuer.issuer, metadataUrl: issuer.metadataUrl });
    expect((await verifyToken(signToken({ keys, payload }), { keys: set, now })).isOk()).toBe(true);
  });

  it('fetches at once for a new kid (rotation), then respects the cooldown for the next unknown kid', async () => {
    const set = remoteKeySet({ issuer: issuer.issuer, jwksUri: issuer.jwksUri, cooldownMs: 60_000 });
    expect((await verifyToken(signToken({ keys, payload }), { keys: set, now })).isOk()).toBe(true);
    const rotated = sharedKeys('verifyToken#4', { kid: 'mp-2' });
    const other = sharedKeys('verifyToken#5', { kid: 'mp-3' });
    issuer.rotate([keys, rotated]);
    const before = issuer.hits.jwks;
    // A key published just after the last fetch verifies at once: one fetch, no blackout.
    expect((await verifyToken(signToken({ keys: rotated, payload }), { keys: set, now })).isOk()).toBe(true);
    expect(issuer.hits.jwks).toBe(before + 1);
    // The next unknown kid within the cooldown: no fetch, key_unknown.
    issuer.rotate([keys, rotated, other]);
    expect(
      (await verifyToken(signToken({ keys: other, payload }), { keys: set, now }))._unsafeUnwrapErr().code,
    ).toBe('key_unknown');
    expect(issuer.hits.jwks).toBe(before + 1);
    issuer.rotate([keys]);
  });

  it.each([
    'down',
    'garbage',
    'empty',
    'hang',
  ] as const)('an issuer that is %s → keys_unavailable', async (mode) => {
    issuer.setMode(mode);
    try {
      const set = remoteKeySet({ issuer: issuer.issuer, metadataUrl: issuer.metadataUrl, timeoutMs: 300 });
      expect(
        (await verifyToken(signToken({ keys, payload }), { keys: set, now }))._unsafeUnwrapErr().code,
      ).toBe('keys_unavailable');
    } finally {
      issuer.setMode('ok');
    }
  });

  it('an unreachable port → keys_unavailable', async () => {
    const set = remoteKeySet({ issuer: 'x', jwksUri: 'http://127.0.0.1:1/jwk', timeoutMs: 500 });
    expect(
      (await verifyToken(signToken({ keys, payload }), { keys: set, now }))._unsafeUnwrapErr().code,
    ).toBe('keys_unavailable');
  });

  it('metadata naming another issuer → keys_unavailable', async () => {
    const set = remoteKeySet({ issuer: 'https://maskinporten.no/', metadataUrl: issuer.metadataUrl });
    expect(
      (await verifyToken(signToken({ keys, payload }), { keys: set, now }))._unsafeUnwrapErr().code,
    ).toBe('keys_unavailable');
  });

  it('refuses plain http off loopback at build time', () => {
    expect(() => remoteKeySet({ issuer: 'x', jwksUri: 'http://maskinporten.no/jwk' })).toThrow(/jwksUri/);
  });
});
