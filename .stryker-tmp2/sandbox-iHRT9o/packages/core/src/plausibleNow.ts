// @ts-nocheck
// Private: what counts as a time at all. Every check of `exp`, `nbf`, `iat` and a consent's end compares with
// `now`; a `now` of 0, NaN, an uptime or milliseconds would make an expired token current (or live 1000 times
// longer), so verification and the engine take only a `now` in this range.

/**
 * 2015-01-01T00:00:00Z, epoch seconds: before any token dsop-guard judges (Altinn's published samples are from
 * 2016), and far past any uptime in seconds (45 years).
 */
export const EARLIEST_NOW = 1_420_070_400;
/** 2100-01-01T00:00:00Z, epoch seconds: a `now` past it is milliseconds or a broken clock. */
export const LATEST_NOW = 4_102_444_800;
/** How a bad `now` is described in a violation. */
export const PLAUSIBLE_NOW = 'epoch seconds from 2015 to 2100';

/** Whether `now` is a finite number of epoch seconds from 2015 to 2100. */
export function isPlausibleNow(now: unknown): now is number {
  return typeof now === 'number' && now >= EARLIEST_NOW && now < LATEST_NOW;
}
