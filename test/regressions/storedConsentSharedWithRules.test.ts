import {
  type Claims,
  type ConsentStore,
  createEngine,
  definePolicy,
  defineRule,
  localKeySet,
  memoryConsentStore,
  pass,
  type StoredConsent,
} from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 26: the engine stored the very lists (services, rights) of the consent it had handed to the rules, and
// served them to the rules of every later request: a rule that changed a stored consent's services changed what
// the store held for every request after it. Now the store is given a frozen copy of the verified consent.

const now = 1_764_000_000;
const mpKeys = sharedKeys('storedShared#1', { kid: 'mp' });
const altinnKeys = sharedKeys('storedShared#2', { kid: 'altinn', x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });

describe('regression: the store keeps its own copy of the consent', () => {
  it('what rules are handed is not what the store keeps; a rule cannot change a stored consent', async () => {
    const seen: Claims['consent'][] = [];
    const meddling = defineRule({
      id: 'meddling',
      check: (c: Claims) => {
        seen.push(c.consent);
        // Only stored consents: that rules cannot change the consent of their own request is another fix's.
        if (c.consent?.source !== 'stored') return pass();
        try {
          (c.consent?.services as string[]).push('9999_1');
        } catch {
          // frozen: as it should be
        }
        return pass();
      },
    });
    const memory = memoryConsentStore({ clock: () => now });
    const kept: StoredConsent[] = [];
    const store: ConsentStore = {
      get: (key) => memory.get(key),
      set: (key, value, expiresAt) => {
        kept.push(value);
        return memory.set(key, value, expiresAt);
      },
    };
    const engine = createEngine({
      policy: definePolicy({ id: 'meddling', version: '1', rule: meddling }),
      maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
      consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
      consentStore: { store, key: 'a-consent-store-key-of-32-chars!' },
      clock: () => now,
    });
    const person = tokens.person;
    await engine.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person,
    });
    for (let i = 0; i < 2; i += 1) await engine.evaluate({ maskinportenToken: tokens.direct(), person });
    expect(seen.map((c) => c?.source)).toEqual(['altinn2', 'stored', 'stored']);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.services).not.toBe(seen[0]?.services);
    expect(Object.isFrozen(kept[0]?.services)).toBe(true);
    expect(kept[0]?.services).toEqual(['5498_1', '5498_1_Navn=Testbanken']);
    expect(seen[2]?.services).toEqual(['5498_1', '5498_1_Navn=Testbanken']);
  });
});
