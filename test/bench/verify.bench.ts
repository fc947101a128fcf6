// Speed is measured here, never asserted in tests. Run: pnpm bench
import { createVerify } from 'node:crypto';
import {
  all,
  createEngine,
  definePolicy,
  defineRule,
  localKeySet,
  pass,
  verifyToken,
} from '@dsop-guard/core';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import { bench, describe } from 'vitest';

const now = 1_764_000_000;
const mpKeys = createTestKeys({ kid: 'mp' });
const altinnKeys = createTestKeys({ x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
const token = tokens.direct();
const keys = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks });
const engine = createEngine({
  policy: definePolicy({
    id: 'bench',
    version: '1',
    rule: all([defineRule({ id: 'anything', check: pass })]),
  }),
  maskinporten: { keys },
  consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
});
const consentToken = tokens.altinn2Consent();
const [h, p, s] = token.split('.') as [string, string, string];
const signature = Buffer.from(s, 'base64url');

describe('RS256 verification', () => {
  bench('verifyToken (strict parse + jose/WebCrypto)', async () => {
    await verifyToken(token, { keys, now });
  });
  bench('node:crypto verify alone (reference)', () => {
    createVerify('RSA-SHA256').update(`${h}.${p}`).verify(mpKeys.publicKey, signature);
  });
});

describe('engine', () => {
  bench('evaluate a direct pair (two signatures, empty policy)', async () => {
    await engine.evaluate({ maskinportenToken: token, consentToken, person: tokens.person, now });
  });
});
