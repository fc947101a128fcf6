import {
  all,
  type Claims,
  createEngine,
  definePolicy,
  defineRule,
  isVerifiedClaims,
  localKeySet,
  pass,
} from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// The built-in rules skip their claim type check for claims the engine made from verified tokens (normalisation
// typed every claim); everything else is checked. So only the engine may make such claims, and no copy, however
// exact, passes for one.

const now = 1_764_000_000;
const mpKeys = sharedKeys('verifiedClaims#1', { kid: 'mp' });
const altinnKeys = sharedKeys('verifiedClaims#2', { x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });

async function claimsSeenByARule(): Promise<Claims> {
  const seen: Claims[] = [];
  const rule = defineRule({
    id: 'sees',
    check: (claims) => {
      seen.push(claims);
      return pass();
    },
  });
  const engine = createEngine({
    policy: definePolicy({ id: 'test', version: '1', rule: all([rule]) }),
    maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
    clock: () => now,
  });
  const verdict = await engine.evaluate({
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
    now,
  });
  expect(verdict.decision).toBe('allow');
  expect(seen).toHaveLength(1);
  return seen[0] as Claims;
}

describe('isVerifiedClaims', () => {
  it('is true for the claims the engine hands its rules, and they are frozen', async () => {
    const claims = await claimsSeenByARule();
    expect(isVerifiedClaims(claims)).toBe(true);
    expect(Object.isFrozen(claims)).toBe(true);
  });

  it('is false for a copy, a spread, a structured clone or a Proxy of them', async () => {
    const claims = await claimsSeenByARule();
    const copies: Claims[] = [
      { ...claims },
      structuredClone(claims),
      Object.freeze({ maskinporten: claims.maskinporten, consent: claims.consent, request: claims.request }),
      new Proxy(claims, {}),
      Object.create(claims) as Claims,
    ];
    for (const copy of copies) expect(isVerifiedClaims(copy)).toBe(false);
  });
});

describe("a decision's evidence", () => {
  const engine = createEngine({
    policy: definePolicy({
      id: 'test',
      version: '1',
      rule: all([defineRule({ id: 'ok', check: () => pass() })]),
    }),
    maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
    clock: () => now,
  });

  it('is the claims the rules saw when the policy ran (so re-evaluating them skips no check it needs)', async () => {
    const decision = await engine.decide({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect(decision.verdict.decision).toBe('allow');
    expect(isVerifiedClaims(decision.claims as Claims)).toBe(true);
    expect(Object.isFrozen(decision.claims)).toBe(true);
  });

  it('is plain when a token did not verify, and then never passes for engine-made claims', async () => {
    const decision = await engine.decide({
      maskinportenToken: 'not.a.token',
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect(decision.verdict.decision).toBe('deny');
    expect(decision.claims.maskinporten).toBeUndefined();
    expect(isVerifiedClaims(decision.claims as Claims)).toBe(false);
  });
});
