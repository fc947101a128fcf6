// @ts-nocheck
// The published sample bodies, signed with test keys and judged by the Lånekassen TEST preset at a time inside
// their own validity windows: their known flaws must come out as violations with codes, never as crashes.
import { createEngine, localKeySet } from '@dsop-guard/core';
import { createTokenFactory, signToken } from '@dsop-guard/core/testing';
import { preset } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import * as samples from '../fixtures/referenceSamples.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

const mpKeys = sharedKeys('referenceSamplesVerdicts#1', { kid: 'mp' });
const altinnKeys = sharedKeys('referenceSamplesVerdicts#2', { x5t: true });
const lanekassen = preset('lanekassen-saldo', 'test');
const engine = createEngine({
  policy: lanekassen.policy,
  maskinporten: { keys: localKeySet({ issuer: lanekassen.issuer, jwks: mpKeys.jwks }) },
  consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
});
const signMp = (payload: Record<string, unknown>) => signToken({ keys: mpKeys, payload });
const signConsent = (payload: Record<string, unknown>) =>
  signToken({ keys: altinnKeys, header: { x5t: altinnKeys.x5t }, payload });
const factoryAt = (now: number, consumer = '910753614') =>
  createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now, consumer });

describe('published samples through the Lånekassen TEST preset', () => {
  it('DSOP-MP direct token: placeholder consumer and a 1000 s lifetime', async () => {
    const now = samples.mpDirect.iat + 10;
    const v = await engine.evaluate({
      maskinportenToken: signMp(samples.mpDirect),
      consentToken: factoryAt(now).altinn2Consent(),
      person: '01085301957',
      now,
    });
    expect(v.decision).toBe('deny');
    expect(v.reasons).toEqual(expect.arrayContaining(['token_lifetime_exceeded', 'consumer_invalid']));
  });

  it('DSOP-MP supplier token: only the 1000 s lifetime is wrong', async () => {
    const now = samples.mpSupplier.iat + 10;
    const v = await engine.evaluate({
      maskinportenToken: signMp(samples.mpSupplier),
      consentToken: factoryAt(now).altinn2Consent({ handledBy: '991825827' }),
      person: '01085301957',
      now,
    });
    expect(v.reasons).toEqual(['token_lifetime_exceeded']);
  });

  it('DSOP-SAM consent token: the 10-digit OfferedBy is not the person', async () => {
    const now = samples.altinn2Dsop.nbf + 5;
    const v = await engine.evaluate({
      maskinportenToken: factoryAt(now, '910514458').direct(),
      consentToken: signConsent(samples.altinn2Dsop),
      person: '01085301957',
      now,
    });
    expect(v.reasons).toEqual(['person_mismatch']);
  });

  it('A2-TOKEN legacy shape: string dates are refused by default, and ServiceCodes is not Services', async () => {
    const now = samples.altinn2LegacyDotted.nbf + 5;
    const v = await engine.evaluate({
      maskinportenToken: factoryAt(now, '910514318').direct(),
      consentToken: signConsent(samples.altinn2LegacyDotted),
      person: '06117701547',
      now,
    });
    expect(v.decision).toBe('deny');
    expect(v.reasons).toEqual(expect.arrayContaining(['consent_invalid', 'consent_service_missing']));
  });

  it('A3-VAL Smartbank token: a consent-request scope and an unknown resource', async () => {
    const now = samples.altinn3Smartbank.iat + 10;
    const v = await engine.evaluate({
      maskinportenToken: signMp(samples.altinn3Smartbank),
      person: '25922947409',
      now,
    });
    expect(v.consentSource).toBe('altinn3');
    expect(v.reasons).toEqual(expect.arrayContaining(['scope_missing', 'consent_right_missing']));
    expect(JSON.stringify(v)).not.toContain('25922947409');
  });
});
