import { createEngine, type Decision, type KeySet, localKeySet } from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions, propertyTimeout } from '../arbitraries/index.js';
import { propertyKeys } from './support/keys.js';
import { referencePolicy } from './support/referencePolicy.js';

// The verified-token cache (issue 10) keeps the verification and normalisation of Maskinporten tokens by their
// exact string. Law: it is invisible. Two engines, one with the cache and one without, over the same key set,
// judge any sequence of requests alike, decision evidence included: tokens repeated, `now` moving back and forth
// around exp and nbf, and the key set rotated between requests (the kid kept with other key material, the kid
// gone, a second kid added), tokens arriving as new strings, and tokens spliced from one token's header and
// payload and another's signature (so that they share the cache's key).

const keys = propertyKeys();
const base = 1_764_000_000;
const kid = keys.maskinporten.kid;
const rogueJwk = keys.rogueMaskinporten.publicJwk;
const sets = [
  localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: { keys: [keys.maskinporten.publicJwk] } }),
  localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: { keys: [rogueJwk] } }),
  localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: { keys: [{ ...rogueJwk, kid: 'other' }] } }),
  localKeySet({
    issuer: 'https://test.maskinporten.no/',
    jwks: { keys: [keys.maskinporten.publicJwk, { ...rogueJwk, kid: 'other' }] },
  }),
] as const;

/** One key set whose keys the test rotates between requests; both engines see the same rotation. */
function rotatingKeySet(): KeySet & { rotate: (to: number) => void } {
  let current: KeySet = sets[0];
  return {
    issuer: 'https://test.maskinporten.no/',
    resolve: (selector) => current.resolve(selector),
    state: () => current.state?.() ?? { state: 'unknown', ageSeconds: null },
    rotate: (to) => {
      current = sets[to % sets.length] as KeySet;
    },
  };
}

const factories = [keys.maskinporten, keys.rogueMaskinporten].map((signer) =>
  createTokenFactory({ maskinportenKeys: signer, altinnKeys: keys.altinn, now: base }),
);
const consentToken = (factories[0] as ReturnType<typeof createTokenFactory>).altinn2Consent();

const tokenSpec = fc.record({
  signer: fc.constantFrom(0, 1),
  kid: fc.constantFrom(kid, 'other'),
  exp: fc.integer({ min: -20, max: 140 }),
  nbf: fc.option(fc.integer({ min: -20, max: 60 }), { nil: undefined }),
});

const step = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      token: fc.nat(),
      at: fc.integer({ min: -40, max: 180 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rotate' as const), to: fc.nat({ max: 3 }) }) },
);

const comparable = (d: Decision) => ({ ...d, ruleErrors: d.ruleErrors.map((e) => e.errorClass) });

describe('verified-token cache', () => {
  it(
    'with and without the cache, every request gets the same decision, in any order, at any time, across key rotation',
    { timeout: propertyTimeout(30) },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(tokenSpec, { minLength: 1, maxLength: 4 }),
          fc.array(step, { minLength: 1, maxLength: 25 }),
          fc.constantFrom(0, 10),
          async (specs, steps, clockTolerance) => {
            const tokens = specs.map((s) =>
              (factories[s.signer] as ReturnType<typeof createTokenFactory>).direct({
                header: { kid: s.kid },
                claims: { exp: base + s.exp, ...(s.nbf === undefined ? {} : { nbf: base + s.nbf }) },
              }),
            );
            // Each token's header and payload under another token's signature: the same cache key (the end of
            // the signature) for other claims, which must be verified (and fail), never served.
            const spliced = tokens.flatMap((t, i) =>
              tokens
                .filter((_, j) => j !== i)
                .map((other) => `${t.slice(0, t.lastIndexOf('.'))}${other.slice(other.lastIndexOf('.'))}`),
            );
            const pool = [...tokens, ...spliced];
            const keySet = rotatingKeySet();
            const options = {
              policy: referencePolicy(),
              maskinporten: { keys: keySet },
              consent: { keys: keys.altinnSet },
              clockTolerance,
              clock: () => base,
            };
            const cached = createEngine({ ...options, tokenCacheSize: 2 });
            const uncached = createEngine({ ...options, tokenCacheSize: 0 });
            for (const s of steps) {
              if (s.kind === 'rotate') {
                keySet.rotate(s.to);
                continue;
              }
              // A new string each time, as a token read from a request is.
              const token = pool[s.token % pool.length] as string;
              const input = {
                maskinportenToken: `${token.slice(0, 5)}${token.slice(5)}`,
                consentToken,
                person: factories[0]?.person,
                now: base + s.at,
              };
              const [withCache, without] = [await cached.decide(input), await uncached.decide(input)];
              expect(comparable(withCache)).toEqual(comparable(without));
            }
          },
        ),
        fcOptions(),
      );
    },
  );
});
