import { createEngine, type Engine, type PersonDataOptions, type Policy } from '@dsop-guard/core';
import type { RequestPlan } from '../../arbitraries/index.js';
import { propertyKeys } from './keys.js';
import type { OracleConfig } from './oracle.js';

/** The engine clock when a request carries no usable `now` (2025-11-24T16:00:00Z). */
export const FIXED_CLOCK = 1_764_000_000;

/** An engine over the shared property keys. Cheap to build: build one per run when the tolerance varies. */
export function engineFor(policy: Policy, clockTolerance: number, personData?: PersonDataOptions): Engine {
  const keys = propertyKeys();
  return createEngine({
    policy,
    maskinporten: { keys: keys.maskinportenSet },
    consent: { keys: keys.altinnSet },
    clockTolerance,
    ...(personData === undefined ? {} : { personData }),
    clock: () => FIXED_CLOCK,
  });
}

/** The oracle's view of the same deployment. */
export function oracleConfig(plan: Pick<RequestPlan, 'issuer' | 'scope'>, allow2032 = true): OracleConfig {
  const keys = propertyKeys();
  return {
    issuer: plan.issuer,
    scope: plan.scope,
    maskinporten: { key: keys.maskinporten.publicKey, kid: keys.maskinporten.kid },
    altinn: { key: keys.altinn.publicKey, kid: keys.altinn.kid, x5t: keys.altinn.x5t ?? keys.altinn.kid },
    consentIssuer: 'altinn.no',
    allow2032,
  };
}
