// @ts-nocheck
// The packaging test's fixture, run inside a fresh npm project that installed the packed tarballs: test keys, a
// token factory, the guard options, and the requests each app is sent with the answers they must get.
import assert from 'node:assert/strict';
import { localKeySet } from '@dsop-guard/core';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import { preset } from '@dsop-guard/rules';

export const now = Math.floor(Date.now() / 1000);
export const mpKeys = createTestKeys({ kid: 'mp-1' });
export const altinnKeys = createTestKeys({ x5t: true });
export const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });

/** The Lånekassen saldo preset for TEST with local keys in place of Maskinporten's and Altinn's. */
export function guardOptions() {
  return {
    preset: preset('lanekassen-saldo', 'test'),
    keys: {
      maskinporten: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }),
      consent: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }),
    },
  };
}

/** A request as the Lånekassen transport has it (raw Authorization), and the status and reasons it must get. */
export const cases = [
  {
    name: 'valid',
    input: {
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
    },
    status: 200,
    reasons: [],
  },
  {
    name: 'expired token',
    input: {
      maskinportenToken: tokens.direct({ now: now - 3600 }),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
    },
    status: 401,
    reasons: ['token_expired'],
  },
  {
    name: 'consent for another organisation',
    input: {
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
      person: tokens.person,
    },
    status: 403,
    reasons: ['consumer_mismatch'],
  },
];

const headersOf = (input) => ({
  Authorization: input.maskinportenToken,
  'Consent-ID': input.consentToken,
  'PSU-ID': input.person,
});

/** Sends every case to `url` and asserts the status and reasons; returns a one-line summary. */
export async function expectAnswers(url) {
  const seen = [];
  for (const c of cases) {
    const response = await fetch(url, { headers: headersOf(c.input) });
    const body = await response.json();
    assert.equal(response.status, c.status, `${c.name}: status`);
    assert.deepEqual(body.reasons, c.reasons, `${c.name}: reasons`);
    if (c.status === 200) assert.equal(body.decision, 'allow', `${c.name}: decision`);
    seen.push(`${c.name} ${response.status}${c.reasons.length ? ` ${c.reasons.join(',')}` : ''}`);
  }
  return seen.join('; ');
}
