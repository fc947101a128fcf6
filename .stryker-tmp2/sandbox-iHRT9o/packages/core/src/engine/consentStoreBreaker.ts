// @ts-nocheck
import { ConfigError } from '../configError.js';
import type { ConsentStore } from '../consentStore.js';

// Private: a circuit breaker around the consent store, so a store that is down or frozen costs microseconds
// per request instead of its whole time limit. After `failures` failures in a row it opens: every call fails at
// once for `openMs`; then one call probes the store (others still fail at once) and its outcome closes or
// reopens the breaker. A failure fails closed either way: the engine denies with consent_store_unavailable.

export interface BreakerOptions {
  /** Failures in a row that open the breaker. Default 5. */
  readonly failures?: number;
  /** How long it stays open before one probe, ms. Default 10 000. */
  readonly openMs?: number;
  /** Clock, ms. Default `Date.now`. */
  readonly clock?: () => number;
}

export const DEFAULT_BREAKER = { failures: 5, openMs: 10_000 } as const;

class BreakerOpen extends Error {
  override readonly name = 'BreakerOpen';
}

export function consentStoreBreaker(store: ConsentStore, options: BreakerOptions = {}): ConsentStore {
  const { failures = DEFAULT_BREAKER.failures, openMs = DEFAULT_BREAKER.openMs, clock = Date.now } = options;
  if (!Number.isSafeInteger(failures) || failures < 1)
    throw new ConfigError('consentStore.breaker.failures', 'must be a positive integer');
  if (!Number.isFinite(openMs) || openMs <= 0)
    throw new ConfigError('consentStore.breaker.openMs', 'must be a positive number of ms');
  let inARow = 0;
  let openedAt = Number.NEGATIVE_INFINITY;
  let probing = false;

  async function call<T>(run: () => Promise<T>): Promise<T> {
    const open = inARow >= failures;
    if (open && (probing || clock() - openedAt < openMs))
      throw new BreakerOpen('the consent store breaker is open');
    if (open) probing = true;
    try {
      const value = await run();
      inARow = 0;
      return value;
    } catch (e) {
      inARow += 1;
      if (inARow >= failures) openedAt = clock();
      throw e;
    } finally {
      if (open) probing = false;
    }
  }

  return {
    get: (key) => call(() => store.get(key)),
    set: (key, value, expiresAt) => call(() => store.set(key, value, expiresAt)),
  };
}
