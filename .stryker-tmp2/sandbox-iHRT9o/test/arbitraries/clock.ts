// @ts-nocheck
import fc from 'fast-check';

/** 2020-01-01 .. 2036-01-01 in epoch seconds: the years these tokens live in, including the 2032 switch. */
export const EPOCH_MIN = 1_577_836_800;
export const EPOCH_MAX = 2_082_758_400;

/**
 * An evaluation time, epoch seconds (an integer, like a JWT NumericDate).
 *
 * @example
 * ```ts
 * fc.property(now(), (t) => t >= EPOCH_MIN);
 * ```
 */
export function now(): fc.Arbitrary<number> {
  return fc.integer({ min: EPOCH_MIN, max: EPOCH_MAX });
}

/** A clock tolerance in seconds within the engine's bounds (0..300), biased to the usual 0, 10 and 30. */
export function clockTolerance(): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(0, 10, 30), fc.integer({ min: 0, max: 300 }));
}

/**
 * An offset in seconds from `now` that lands near the edge of a validity window of half-width `tolerance`:
 * just inside, exactly on, and just past the edge, on either side, plus far values. Boundaries are where
 * off-by-one and sign bugs live.
 */
export function skew(tolerance: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: -tolerance - 2, max: -tolerance + 2 }),
    fc.integer({ min: tolerance - 2, max: tolerance + 2 }),
    fc.integer({ min: -3, max: 3 }),
    fc.integer({ min: -7_200, max: 7_200 }),
    fc.integer({ min: -400 * 86_400, max: 400 * 86_400 }),
  );
}

/** A time strictly inside a validity window `[now - tolerance, ...)`: `now + skew` that is still valid as an `exp`. */
export function futureOffset(tolerance: number): fc.Arbitrary<number> {
  return skew(tolerance).map((s) => Math.max(s, -tolerance + 1));
}
