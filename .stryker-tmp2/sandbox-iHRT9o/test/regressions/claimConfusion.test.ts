// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { sampleRequest, verdictOf } from './support.js';

// Found by the soundness and single-fault laws (engine.test.ts) once the arbitraries learnt these decoys:
// - seed -403704821: scope "lanekassen:lan/v1/saldoopplysninger\u00a0lanekassen:lan/v1/saldoopplysningerx" was
//   split on JavaScript's \s, which includes U+00A0, so the required scope counted as granted. RFC 6749 separates
//   scopes with spaces; U+00A0 is inside one (invalid) scope token. Fix: normalizeMaskinporten splits on ASCII
//   whitespace only.
// - an Altinn 3 consent `from: urn:altinn:organization:identifier-no:<the person's 11 digits>` counted as the
//   person's consent. Fix: normalizeAltinn3Consent takes 11 digits from a person URN and 9 from an organisation URN.
// - an Altinn 3 `validTo` with the offset -99:00 was read 99 hours later than the date it wrote. Fix: isoSeconds
//   refuses offsets beyond 23:59.

const SCOPE = 'lanekassen:lan/v1/saldoopplysninger';

describe('regression: claims that look right but are not (seed -403704821 and others)', () => {
  it.each([
    '\u00a0',
    '\u2003',
    '\u3000',
    '\ufeff',
    '\u2028',
  ])('a scope glued to another by U+%s is not granted (off the RFC 6749 grammar: claim_invalid)', async (space) => {
    const plan = sampleRequest();
    const verdict = await verdictOf({
      ...plan,
      maskinporten: {
        ...plan.maskinporten,
        claims: { ...plan.maskinporten.claims, scope: `${SCOPE}${space}${SCOPE}x` },
      },
    });
    // Was scope_missing (one token, not two); the strict profile now refuses the claim itself.
    expect(verdict.reasons).toEqual(['claim_invalid']);
  });

  it('an Altinn 3 consent from an organisation URN is never the person’s consent', async () => {
    const plan = sampleRequest({ consentKinds: ['altinn3'] });
    const [entry] = plan.maskinporten.claims['authorization_details'] as Record<string, unknown>[];
    const from = `urn:altinn:organization:identifier-no:${plan.person.value}`;
    const verdict = await verdictOf({
      ...plan,
      maskinporten: {
        ...plan.maskinporten,
        claims: { ...plan.maskinporten.claims, authorization_details: [{ ...entry, from }] },
      },
    });
    expect(verdict.reasons).toEqual(['person_mismatch']);
  });

  it('an Altinn 3 validTo with an impossible offset is invalid, not 99 hours later', async () => {
    const plan = sampleRequest({ consentKinds: ['altinn3'] });
    const [entry] = plan.maskinporten.claims['authorization_details'] as Record<string, unknown>[];
    const wall = new Date((plan.now - 3600) * 1000).toISOString().slice(0, 19);
    const verdict = await verdictOf({
      ...plan,
      maskinporten: {
        ...plan.maskinporten,
        claims: {
          ...plan.maskinporten.claims,
          authorization_details: [{ ...entry, validTo: `${wall}-99:00` }],
        },
      },
    });
    expect(verdict.reasons).toEqual(['consent_invalid']);
  });
});
