// @ts-nocheck
import { ConfigError } from './configError.js';
import type { ConsentStore, StoredConsent } from './consentStore.js';

/**
 * Options of {@link memoryConsentStore}.
 *
 * @example
 * ```ts
 * const options: MemoryConsentStoreOptions = { maxEntries: 50_000 };
 * ```
 */
export interface MemoryConsentStoreOptions {
  /** Most entries kept; past it the least recently used entry goes. Default 10 000. */
  readonly maxEntries?: number;
  /** The clock that expires entries, epoch seconds. Default the system clock. */
  readonly clock?: () => number;
}

interface Entry {
  readonly value: StoredConsent;
  readonly expiresAt: number;
}

/**
 * A consent store in this process's memory: bounded (least recently used entries are evicted first), and
 * every entry expires at the `expiresAt` it was stored with. Fit for one process; use a shared store (Redis)
 * when several instances serve the same consumers.
 *
 * @example
 * ```ts
 * const engine = createEngine({
 *   policy,
 *   maskinporten: { keys },
 *   consentStore: { store: memoryConsentStore({ maxEntries: 50_000 }), key: process.env.CONSENT_STORE_KEY! },
 * });
 * ```
 */
export function memoryConsentStore(options: MemoryConsentStoreOptions = {}): ConsentStore {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new ConfigError('maxEntries', 'must be a positive integer');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new ConfigError('clock', 'must be a function returning epoch seconds');
  }
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used entry first.
  const entries = new Map<string, Entry>();

  return {
    get: async (key) => {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= clock()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set: async (key, value, expiresAt) => {
      entries.delete(key);
      if (!(expiresAt > clock())) return;
      entries.set(key, { value, expiresAt });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
  };
}
