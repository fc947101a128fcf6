import { describe, expect, it } from 'vitest';
// A private helper, pinned on purpose: remoteKeySet's freshness decision is a pure function of its timestamps
// and `now`, so its laws are a table here; test/core/remoteKeySet.test.ts asserts the same through HTTP.
import {
  type Freshness,
  type KeySetTimes,
  keySetFreshness,
} from '../../packages/core/src/jwt/keySetFreshness.js';

const S = 1000;
const limits = {
  cooldownMs: 30 * S,
  refreshIntervalMs: 300 * S,
  maxAgeMs: 3600 * S,
  staleIfErrorMs: 600 * S,
};
const never = Number.NEGATIVE_INFINITY;
/** Keys fetched at 0, the last fetch at 0 succeeded, no miss yet, the refresh due after 290 s (jitter). */
const fetched: KeySetTimes = {
  hasKeys: true,
  fetchedAt: 0,
  attemptedAt: 0,
  missFetchedAt: never,
  refreshDueAfter: 290 * S,
  lastFailed: false,
};
const none: KeySetTimes = { ...fetched, hasKeys: false, fetchedAt: never, attemptedAt: never };
/** The same keys, and a fetch at `at` that failed. */
const failedAt = (at: number): KeySetTimes => ({ ...fetched, attemptedAt: at, lastFailed: true });

type Row = readonly [string, KeySetTimes, number, Partial<Freshness>];
const table: readonly Row[] = [
  // usable: within maxAgeMs; past it only inside staleIfErrorMs, and only while fetches fail
  ['no keys yet: not usable, and no fetch is cooling down', none, 0, { usable: false, coolingDown: false }],
  [
    'just fetched: usable, fresh, no refresh due',
    fetched,
    1,
    { usable: true, stale: false, refreshDue: false },
  ],
  ['at maxAgeMs exactly: still usable and not stale', fetched, 3600 * S, { usable: true, stale: false }],
  [
    '1 ms past maxAgeMs, fetches fine: not usable, stale',
    fetched,
    3600 * S + 1,
    { usable: false, stale: true },
  ],
  [
    'past maxAgeMs while fetches fail: usable inside staleIfErrorMs',
    failedAt(3600 * S),
    4200 * S,
    { usable: true, stale: true },
  ],
  [
    '1 ms past maxAgeMs + staleIfErrorMs while failing: not usable',
    failedAt(3600 * S),
    4200 * S + 1,
    { usable: false },
  ],
  // stale: past the refresh interval with the refresh failed
  ['failed refresh, at refreshIntervalMs exactly: not stale', failedAt(1), 300 * S, { stale: false }],
  [
    'failed refresh, 1 ms past refreshIntervalMs: stale',
    failedAt(1),
    300 * S + 1,
    { stale: true, usable: true },
  ],
  ['past refreshIntervalMs with fetches fine: not stale', fetched, 1000 * S, { stale: false }],
  // coolingDown: a failed fetch, less than cooldownMs ago
  ['a failed fetch just now: cooling down', failedAt(100 * S), 100 * S, { coolingDown: true }],
  ['a failed fetch cooldownMs - 1 ago: cooling down', failedAt(100 * S), 130 * S - 1, { coolingDown: true }],
  ['a failed fetch cooldownMs ago: no longer', failedAt(100 * S), 130 * S, { coolingDown: false }],
  [
    'a successful fetch just now: no cooldown',
    { ...fetched, attemptedAt: 5 * S },
    5 * S,
    { coolingDown: false },
  ],
  // refreshDue: older than refreshDueAfter, and not cooling down
  ['at refreshDueAfter exactly: not due', fetched, 290 * S, { refreshDue: false }],
  ['1 ms past refreshDueAfter: due', fetched, 290 * S + 1, { refreshDue: true }],
  ['past refreshDueAfter but cooling down: not due', failedAt(295 * S), 300 * S, { refreshDue: false }],
  // missMayFetch: at most one miss fetch per cooldownMs, and not while cooling down
  ['no miss yet: a miss may fetch', fetched, 1, { missMayFetch: true }],
  [
    'a miss fetched cooldownMs - 1 ago: not yet',
    { ...fetched, missFetchedAt: 10 * S },
    40 * S - 1,
    { missMayFetch: false },
  ],
  [
    'a miss fetched cooldownMs ago: may again',
    { ...fetched, missFetchedAt: 10 * S },
    40 * S,
    { missMayFetch: true },
  ],
  ['no miss yet, but cooling down: not', failedAt(10 * S), 20 * S, { missMayFetch: false }],
  // ageSeconds: whole seconds, never below 0
  ['age rounds to whole seconds', fetched, 1499, { ageSeconds: 1 }],
  ['age 1.5 s rounds up', fetched, 1500, { ageSeconds: 2 }],
  ['a clock before fetchedAt: age 0', { ...fetched, fetchedAt: 10 * S }, 0, { ageSeconds: 0 }],
  ['no keys yet: age Infinity', none, 0, { ageSeconds: Number.POSITIVE_INFINITY }],
];

describe('keySetFreshness: what a remote key set may do, from its timestamps and now', () => {
  it.each(table)('%s', (_, times, now, expected) => {
    expect(keySetFreshness(times, limits, now)).toMatchObject(expected);
  });

  it('is a function of its inputs alone: the same inputs give the same answer', () => {
    for (const [, times, now] of table) {
      expect(keySetFreshness(times, limits, now)).toEqual(keySetFreshness({ ...times }, { ...limits }, now));
    }
  });
});
