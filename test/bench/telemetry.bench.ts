// What OpenTelemetry costs a guard when @opentelemetry/api is installed but the application registered no SDK
// (the API's no-op tracer and meter), against `telemetry: false`. The cases alternate, round by round, so that
// a busy machine slows both alike. Speed is measured here, never asserted in tests. Run: pnpm bench
import { createGuard } from '@dsop-guard/adapters';
import { localKeySet } from '@dsop-guard/core';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import { preset } from '@dsop-guard/rules';
import { bench, describe } from 'vitest';

const now = 1_764_000_000;
const mpKeys = createTestKeys({ kid: 'mp' });
const altinnKeys = createTestKeys({ x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
const options = {
  preset: preset('lanekassen-saldo', 'test'),
  keys: {
    maskinporten: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }),
    consent: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }),
  },
  clock: () => now,
};
const guards = {
  'telemetry: false': createGuard({ ...options, telemetry: false }),
  'telemetry on, no SDK': createGuard(options),
};
const allow = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};
/** A deny that needs no signature: the cheapest check, where any overhead shows most. */
const cheapDeny = { maskinportenToken: '', person: tokens.person };
const ROUNDS = 5;
const TIME = { time: 600, warmupTime: 200 };

for (const [name, input] of [
  ['allow (two RS256 signatures)', allow],
  ['deny token_missing (no signature)', cheapDeny],
] as const) {
  describe(name, () => {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [label, guard] of Object.entries(guards)) {
        bench(
          `${label} #${round}`,
          async () => {
            await guard.check(input);
          },
          TIME,
        );
      }
    }
  });
}
