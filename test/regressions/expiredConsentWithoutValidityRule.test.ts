import { all, definePolicy } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import type { RequestPlan } from '../arbitraries/index.js';
import { engineFor } from '../properties/support/engines.js';
import { signRequest } from '../properties/support/sign.js';
import { sampleRequest } from './support.js';

// Issue 26 (Medium), the consent's side of "verification checks the times whatever the policy holds": an Altinn
// 2 or Altinn 3 consent that ended an hour ago was allowed by a policy without the consent-validity rule (a
// stored consent past its end was never served, a token's was). Fix: the consent step denies a consent from a
// token whose end (`ValidToDate`/`ValidTo`/`validTo` plus the clock tolerance) is not after `now` with
// `consent_expired`, before any rule runs. A consent without a readable end is still the policy's to judge.

const noRules = definePolicy({ id: 'no-rules', version: '1', rule: all([]) });

/** The plan with its consent ending at `validTo`. */
function endingAt(plan: RequestPlan, validTo: number): RequestPlan {
  if (plan.consentKind === 'altinn2') {
    const consent = plan.consent ?? { claims: {}, signing: { key: 'own' as const } };
    const { ValidTo: _alias, ...claims } = consent.claims;
    return { ...plan, consent: { ...consent, claims: { ...claims, ValidToDate: validTo } } };
  }
  const [entry] = plan.maskinporten.claims['authorization_details'] as Record<string, unknown>[];
  const at = new Date(validTo * 1000).toISOString();
  const claims = { ...plan.maskinporten.claims, authorization_details: [{ ...entry, validTo: at }] };
  return { ...plan, maskinporten: { ...plan.maskinporten, claims } };
}

describe('regression: an expired consent is denied whatever the policy holds (issue 26)', () => {
  it.each([
    'altinn2',
    'altinn3',
  ] as const)('%s: ended an hour ago → consent_expired under a policy without rules', async (kind) => {
    const plan = sampleRequest({ consentKinds: [kind], validToStyles: ['epoch'], clockTolerance: 10 });
    const judge = (p: RequestPlan) => engineFor(noRules, p.clockTolerance).evaluate(signRequest(p).input);
    expect((await judge(plan)).decision).toBe('allow');
    const verdict = await judge(endingAt(plan, plan.now - 3600));
    expect(verdict.violations).toEqual([
      {
        code: 'consent_expired',
        ruleId: 'verify.consent',
        path: kind === 'altinn2' ? 'consent.ValidToDate' : 'consent.validTo',
        expected: plan.now - 10,
        actual: plan.now - 3600,
      },
    ]);
  });

  it.each([
    'altinn2',
    'altinn3',
  ] as const)('%s: the end is checked with the clock tolerance, as the rule does', async (kind) => {
    const plan = sampleRequest({ consentKinds: [kind], validToStyles: ['epoch'], clockTolerance: 10 });
    const judge = (p: RequestPlan) => engineFor(noRules, p.clockTolerance).evaluate(signRequest(p).input);
    expect((await judge(endingAt(plan, plan.now - 9))).decision).toBe('allow');
    expect((await judge(endingAt(plan, plan.now - 10))).reasons).toEqual(['consent_expired']);
  });
});
