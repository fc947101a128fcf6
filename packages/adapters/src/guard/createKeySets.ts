import { type KeySet, remoteKeySet } from '@dsop-guard/core';
import type { Preset } from '@dsop-guard/rules';
import type { GivenKeys } from './checkGuardOptions.js';
import type { Listener } from './listenerOf.js';

// Private to the package.

/** The key sets a guard verifies with. */
export interface GuardKeySets {
  readonly maskinporten: KeySet;
  /** None without a preset or `keys.consent`: a request with a consent token is then denied `keys_unavailable`. */
  readonly consent: KeySet | undefined;
}

/**
 * The keys given, and for each one missing the preset's remote key set: Maskinporten's from `metadataUrl`,
 * Altinn's from `consentJwksUri`. Their refreshes and failures go to `onEvent`. {@link checkGuardOptions} has
 * made sure there is a preset whenever `keys.maskinporten` is missing.
 */
export function createKeySets(preset: Preset | undefined, keys: GivenKeys, onEvent: Listener): GuardKeySets {
  const maskinporten =
    keys.maskinporten ??
    remoteKeySet({
      issuer: (preset as Preset).issuer,
      metadataUrl: (preset as Preset).metadataUrl,
      onEvent,
    });
  const consent =
    keys.consent ??
    (preset === undefined
      ? undefined
      : remoteKeySet({
          issuer: preset.consentIssuer,
          jwksUri: preset.consentJwksUri,
          matchX5t: true,
          onEvent,
        }));
  return { maskinporten, consent };
}
