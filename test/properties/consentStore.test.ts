import { createEngine, memoryConsentStore } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fcOptions,
  orgRefOf,
  personId,
  presetFault,
  propertyTimeout,
  type RequestPlan,
  validOrgno,
  validRequest,
} from '../arbitraries/index.js';
import { oracleConfig } from './support/engines.js';
import { propertyKeys } from './support/keys.js';
import { oracleViolations } from './support/oracle.js';
import { signRequest } from './support/sign.js';

// The consent store (DSOP-LK "Cache av samtykker"): after an allow, later requests from the same consumer for
// the same person may leave the consent out while it is valid. Law: a request without a consent is allowed only
// when an earlier allowed request carried a consent from that person to that consumer that is still valid, and
// everything else about the request holds (the oracle, minus its "exactly one consent" check).

const policy = preset('lanekassen-saldo', 'test').policy;
const timeout = propertyTimeout(200);

/** The plan with its consumer and person replaced everywhere they appear. */
function retarget(plan: RequestPlan, consumer: string, person: string): RequestPlan {
  const mp: Record<string, unknown> = { ...plan.maskinporten.claims, consumer: orgRefOf(consumer) };
  const details = mp['authorization_details'];
  if (Array.isArray(details)) {
    mp['authorization_details'] = details.map((d: Record<string, unknown>) =>
      d['type'] === 'urn:altinn:consent'
        ? { ...d, to: orgRefOf(consumer), from: `urn:altinn:person:identifier-no:${person}` }
        : d,
    );
  }
  const consent =
    plan.consent === undefined
      ? undefined
      : {
          ...plan.consent,
          claims: {
            ...plan.consent.claims,
            CoveredBy: consumer,
            OfferedBy: person,
            ...('RequiredDelegator' in plan.consent.claims ? { RequiredDelegator: person } : {}),
          },
        };
  return {
    ...plan,
    consumer,
    person: { ...plan.person, value: person },
    psuId: person,
    maskinporten: { ...plan.maskinporten, claims: mp },
    consent,
  };
}

/** The plan without any consent: no token, no Altinn 3 entry. */
function withoutConsent(plan: RequestPlan): RequestPlan {
  const { authorization_details: _gone, ...mp } = plan.maskinporten.claims;
  return { ...plan, consent: undefined, maskinporten: { ...plan.maskinporten, claims: mp } };
}

/** Moves a plan `dt` seconds later, token times included (the tokens are fresh; the consent is not). */
function later(plan: RequestPlan, dt: number): RequestPlan {
  const c = plan.maskinporten.claims;
  const shift = (v: unknown) => (typeof v === 'number' ? v + dt : v);
  return {
    ...plan,
    now: plan.now + dt,
    maskinporten: { ...plan.maskinporten, claims: { ...c, exp: shift(c['exp']), iat: shift(c['iat']) } },
    consent:
      plan.consent === undefined
        ? undefined
        : {
            ...plan.consent,
            claims: {
              ...plan.consent.claims,
              exp: shift(plan.consent.claims['exp']),
              nbf: shift(plan.consent.claims['nbf']),
            },
          },
  };
}

const step = (consumers: readonly string[], persons: readonly string[]) =>
  fc.record({
    plan: fc.oneof(
      { weight: 3, arbitrary: validRequest({ consentKinds: ['altinn2'], clockTolerance: 10 }) },
      validRequest({ consentKinds: ['altinn2'], clockTolerance: 10 })
        .chain(presetFault)
        .map((f) => f.plan),
    ),
    consumer: fc.constantFrom(...consumers),
    person: fc.constantFrom(...persons),
    drop: fc.boolean(),
    dt: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 400 * 86_400 })),
  });

describe('consent store laws', () => {
  it(
    'a request without a consent is allowed only on a stored consent from the same person to the same consumer that is still valid',
    { timeout },
    async () => {
      const scenario = fc
        .tuple(
          fc.uniqueArray(validOrgno(), { minLength: 2, maxLength: 2 }),
          fc.uniqueArray(
            personId({ variants: ['fnr'] }).map((p) => p.value),
            { minLength: 2, maxLength: 2 },
          ),
        )
        .chain(([consumers, persons]) => fc.array(step(consumers, persons), { minLength: 2, maxLength: 6 }));
      let storedAllows = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async (steps) => {
          let clock = 0;
          const keys = propertyKeys();
          const engine = createEngine({
            policy,
            maskinporten: { keys: keys.maskinportenSet },
            consent: { keys: keys.altinnSet },
            clockTolerance: 10,
            consentStore: {
              store: memoryConsentStore({ clock: () => clock }),
              key: 'a-consent-store-key-of-32-chars!',
            },
          });
          const kept: { consumer: string; person: string; validTo: number }[] = [];
          let t = (steps[0] as (typeof steps)[number]).plan.now;
          for (const s of steps) {
            t += s.dt;
            let plan = later(retarget(s.plan, s.consumer, s.person), t - s.plan.now);
            if (s.drop) plan = withoutConsent(plan);
            clock = plan.now;
            const signed = signRequest(plan);
            const verdict = await engine.evaluate(signed.input);
            if (verdict.decision !== 'allow') continue;
            const broken = oracleViolations(oracleConfig(plan), {
              maskinportenToken: signed.maskinportenToken,
              consentToken: signed.consentToken,
              person: plan.psuId,
              now: plan.now,
              clockTolerance: 10,
            });
            if (verdict.consentSource === 'stored') {
              storedAllows += 1;
              expect(broken.filter((b) => !b.startsWith('consent.'))).toEqual([]);
              const match = kept.some(
                (k) => k.consumer === s.consumer && k.person === s.person && k.validTo + 10 > plan.now,
              );
              expect(match).toBe(true);
            } else {
              expect(broken).toEqual([]);
              const validTo = plan.consent?.claims['ValidToDate'] ?? plan.consent?.claims['ValidTo'];
              if (typeof validTo === 'number') kept.push({ consumer: s.consumer, person: s.person, validTo });
            }
          }
        }),
        fcOptions(),
      );
      // Not vacuous: stored consents were used.
      expect(storedAllows).toBeGreaterThan(0);
    },
  );
});
