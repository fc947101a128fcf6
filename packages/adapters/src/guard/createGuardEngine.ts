import { createEngine, type Engine, type KeySet, type Policy } from '@dsop-guard/core';
import type { GuardOptions } from './guardTypes.js';

// Private to the package.

/** The engine that judges every request, over the policy and the key sets, with the options it shares. */
export function createGuardEngine(
  options: GuardOptions,
  policy: Policy,
  maskinporten: KeySet,
  consent: KeySet | undefined,
): Engine {
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  return createEngine({
    policy,
    maskinporten: { keys: maskinporten },
    ...(consent === undefined ? {} : { consent: { keys: consent } }),
    ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    ...(options.personData === undefined ? {} : { personData: options.personData }),
    ...(options.consentStore === undefined ? {} : { consentStore: options.consentStore }),
    clock,
  });
}
