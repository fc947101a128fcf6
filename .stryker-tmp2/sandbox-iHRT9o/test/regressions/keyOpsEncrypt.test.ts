// @ts-nocheck
import { localKeySet } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { propertyKeys } from '../properties/support/keys.js';

// Found by Wycheproof json_web_signature_test.json tcId 355 "rejectWrongKeyOps" (test/vectors): a JWK with
// key_ops ["encrypt"] (and no `use`) was indexed as a verification key. Fix: jwksIndex skips keys whose key_ops
// do not include "verify" (RFC 7517 §4.3).

describe('regression: a key whose key_ops exclude "verify" never verifies (Wycheproof tcId 355)', () => {
  const { publicJwk } = propertyKeys().maskinporten;

  it.each([[['encrypt']], [['sign']], [[]], ['verify']])('key_ops %j: no key', async (ops) => {
    const keys = localKeySet({
      issuer: 'x',
      jwks: {
        keys: [
          { ...publicJwk, key_ops: ops },
          { kty: 'RSA', kid: 'other', n: publicJwk['n'], e: 'AQAB' },
        ],
      },
    });
    expect(
      (await keys.resolve({ kid: publicJwk['kid'], x5t: undefined, alg: 'RS256' }))._unsafeUnwrapErr(),
    ).toBe('key_unknown');
  });

  it('key_ops ["verify"] and no key_ops are verification keys', async () => {
    for (const extra of [{ key_ops: ['verify'] }, {}]) {
      const keys = localKeySet({ issuer: 'x', jwks: { keys: [{ ...publicJwk, ...extra }] } });
      expect((await keys.resolve({ kid: publicJwk['kid'], x5t: undefined, alg: 'RS256' })).isOk()).toBe(true);
    }
  });
});
