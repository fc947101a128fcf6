import type { ConsentStore, KeySet } from '@dsop-guard/core';
import type { GuardReadiness } from './guardTypes.js';

// Private to the package.

type Probe = 'ok' | 'unavailable';

/** Keys are ready when a probe resolves to anything but `keys_unavailable` (the probe names no kid). */
async function keysReady(keys: KeySet): Promise<Probe> {
  try {
    const result = await keys.resolve({ kid: undefined, x5t: undefined, alg: 'RS256' });
    return result.isErr() && result.error === 'keys_unavailable' ? 'unavailable' : 'ok';
  } catch {
    return 'unavailable';
  }
}

/** A consent store is ready when a read of an entry that is not there answers. */
async function storeReady(store: ConsentStore): Promise<Probe> {
  try {
    await store.get('readyz-probe');
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/** {@link Guard.readiness}: the guard's key sets and consent store probed at once. Never rejects. */
export async function probeReadiness(
  maskinporten: KeySet,
  consent: KeySet | undefined,
  store: ConsentStore | undefined,
): Promise<GuardReadiness> {
  const [maskinportenKeys, consentKeys, consentStore] = await Promise.all([
    keysReady(maskinporten),
    consent === undefined ? undefined : keysReady(consent),
    store === undefined ? undefined : storeReady(store),
  ]);
  const checks = {
    maskinportenKeys,
    ...(consentKeys === undefined ? {} : { consentKeys }),
    ...(consentStore === undefined ? {} : { consentStore }),
  };
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
