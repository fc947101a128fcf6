// @ts-nocheck
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, localKeySet, remoteKeySet, verifyToken } from '@dsop-guard/core';
import { signToken } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Found while killing mutants in jwt/jwksIndex.ts: the key type table was a plain object, so a JWK whose `kty`
// is the name of an Object.prototype member ("toString", "constructor", "__proto__", "hasOwnProperty") looked up
// a function or Object.prototype as its list of public members and `for…of` threw a TypeError. localKeySet threw
// that TypeError instead of skipping the key (or a ConfigError), and a remote key set refused the issuer's whole
// JWKS (keys_unavailable for every token) because of one entry it should have skipped. Fix: jwksIndex looks up
// only the table's own members.

const KTYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];
const now = 1_764_000_000;
const keys = sharedKeys('jwksPrototypeKty#1', { kid: 'mp-1' });
const payload = { iss: 'https://test.maskinporten.no/', exp: now + 100, iat: now - 5 };
const withOddKey = (kty: string) => ({ keys: [{ kty, kid: 'odd', n: 'AQAB', e: 'AQAB' }, keys.publicJwk] });

describe('regression: a JWK whose kty names an Object.prototype member is skipped like any unknown key type', () => {
  it.each(KTYS)('localKeySet skips kty %j and keeps the other keys', async (kty) => {
    const set = localKeySet({ issuer: payload.iss, jwks: withOddKey(kty) });
    expect((await verifyToken(signToken({ keys, payload }), { keys: set, now })).isOk()).toBe(true);
  });

  it.each(KTYS)('a JWKS holding only kty %j is a ConfigError (no usable key), not a TypeError', (kty) => {
    expect(() => localKeySet({ issuer: 'x', jwks: { keys: [{ kty, kid: 'odd' }] } })).toThrow(ConfigError);
  });

  describe('remoteKeySet over loopback', () => {
    // A JWKS endpoint on 127.0.0.1 that publishes the odd key next to the real one.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(withOddKey('toString')));
    });
    let jwksUri = '';
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwk`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('an issuer whose JWKS also holds kty "toString" still verifies with its other keys', async () => {
      const set = remoteKeySet({ issuer: 'https://test.maskinporten.no/', jwksUri });
      expect((await verifyToken(signToken({ keys, payload }), { keys: set, now })).isOk()).toBe(true);
    });
  });
});
