// @ts-nocheck
import { normalizeAltinn2Consent } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { sampleRequest, verdictOf } from './support.js';

// Found by "soundness: every allow satisfies every DSOP invariant" (engine.test.ts), seed 402937921:
// an Altinn 2 consent whose ValidToDate is a legacy zone-less string, "28.08.2023 01:12:25", was read as UTC+1
// and so lasted until 00:12:25Z; written in Norwegian summer time (UTC+2) it ended at 23:12:25Z the day before.
// At now = 1693181456 (2023-08-28T00:10:56Z) the consent had been expired for 58 minutes and was allowed.
// Fix: packages/core/src/normalize/values.ts reads the legacy strings as UTC+2, the earliest instant they can mean.

describe('regression: legacy ValidToDate strings never outlive the consent (seed 402937921)', () => {
  it('reads "28.08.2023 01:12:25" as no later than 2023-08-27T23:12:25Z', () => {
    const consent = normalizeAltinn2Consent({
      iss: 'altinn.no',
      ValidToDate: '28.08.2023 01:12:25',
    })._unsafeUnwrap();
    expect(consent.validToFormat).toBe('legacy-datetime');
    expect(consent.validTo).toBe(Date.UTC(2023, 7, 27, 23, 12, 25) / 1000);
  });

  it('denies the counterexample request: consent_expired', async () => {
    const plan = sampleRequest({ consentKinds: ['altinn2'] });
    const now = 1_693_181_456;
    const consent = plan.consent?.claims ?? {};
    const verdict = await verdictOf({
      ...plan,
      now,
      maskinporten: {
        ...plan.maskinporten,
        claims: { ...plan.maskinporten.claims, exp: now + 31, iat: now },
      },
      consent: {
        claims: {
          ...consent,
          ValidToDate: '28.08.2023 01:12:25',
          exp: now + 30,
          nbf: now,
          iat: now,
          DelegatedDate: now - 60,
        },
        signing: { key: 'own' },
      },
    });
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons).toEqual(['consent_expired']);
  });
});
