// Private, and pure: what a remote key set may do now, from its timestamps alone. Its state is named fields
// (KeySetTimes), its decisions named predicates over them and `now`, so every decision can be stated as a table.

/** A remote key set's named state: when it fetched, tried and missed, in ms of its clock. */
export interface KeySetTimes {
  /** Whether it holds keys (a fetch has succeeded once). */
  readonly hasKeys: boolean;
  /** When the keys it holds were fetched; `-Infinity` before the first success. */
  readonly fetchedAt: number;
  /** When the last fetch began; `-Infinity` before the first. */
  readonly attemptedAt: number;
  /** When a token naming an unknown key last made a fetch; `-Infinity` before the first. */
  readonly missFetchedAt: number;
  /** How old the keys may grow before a background refresh, ms: `refreshIntervalMs` less up to 10 % jitter. */
  readonly refreshDueAfter: number;
  /** Whether the last fetch failed. */
  readonly lastFailed: boolean;
}

/** The limits of a remote key set's options, ms. */
export interface FreshnessLimits {
  readonly cooldownMs: number;
  readonly refreshIntervalMs: number;
  readonly maxAgeMs: number;
  readonly staleIfErrorMs: number;
}

/** What the key set may do at one moment. */
export interface Freshness {
  /** The keys it holds may verify tokens. */
  readonly usable: boolean;
  /** Its keys are reported `stale` (and serving them raises `keys.stale`). */
  readonly stale: boolean;
  /** A failed fetch was less than `cooldownMs` ago: no new fetch yet. */
  readonly coolingDown: boolean;
  /** A background refresh is due. */
  readonly refreshDue: boolean;
  /** A token naming a key it lacks may make a fetch. */
  readonly missMayFetch: boolean;
  /** The keys' age, whole seconds (`Infinity` before the first fetch). */
  readonly ageSeconds: number;
}

/** The last fetch failed, and less than `cooldownMs` ago. */
function coolingDown(t: KeySetTimes, l: FreshnessLimits, now: number): boolean {
  return t.lastFailed && now - t.attemptedAt < l.cooldownMs;
}

/** Within `maxAgeMs`, or past it but inside the stale-if-error window while fetches fail. */
function usable(t: KeySetTimes, l: FreshnessLimits, age: number): boolean {
  return t.hasKeys && (age <= l.maxAgeMs || (t.lastFailed && age <= l.maxAgeMs + l.staleIfErrorMs));
}

/** Past `maxAgeMs`, or past the refresh interval with the refresh failed (the issuer could not confirm them). */
function stale(t: KeySetTimes, l: FreshnessLimits, age: number): boolean {
  return age > l.maxAgeMs || (t.lastFailed && age > l.refreshIntervalMs);
}

/**
 * What a remote key set may do at `now`: whether its keys serve and are stale, whether it may fetch (a failed
 * fetch cools down for `cooldownMs`; a miss fetches at most once per `cooldownMs`), and whether a background
 * refresh is due. A pure function of its timestamps and `now`.
 *
 * @example
 * ```ts
 * const times = { hasKeys: true, fetchedAt: 0, attemptedAt: 0, missFetchedAt: -Infinity, refreshDueAfter: 300_000, lastFailed: false };
 * keySetFreshness(times, { cooldownMs: 30_000, refreshIntervalMs: 300_000, maxAgeMs: 86_400_000, staleIfErrorMs: 0 }, 301_000);
 * // { usable: true, stale: false, coolingDown: false, refreshDue: true, missMayFetch: true, ageSeconds: 301 }
 * ```
 */
export function keySetFreshness(times: KeySetTimes, limits: FreshnessLimits, now: number): Freshness {
  const age = now - times.fetchedAt;
  const cooling = coolingDown(times, limits, now);
  return {
    usable: usable(times, limits, age),
    stale: stale(times, limits, age),
    coolingDown: cooling,
    refreshDue: age > times.refreshDueAfter && !cooling,
    missMayFetch: now - times.missFetchedAt >= limits.cooldownMs && !cooling,
    ageSeconds: Math.max(0, Math.round(age / 1000)),
  };
}
