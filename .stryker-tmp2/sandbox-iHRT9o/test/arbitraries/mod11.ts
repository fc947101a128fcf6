// @ts-nocheck
// Independent MOD11 arithmetic for Norwegian identifiers (reference.md §4), written for the tests: the
// arbitraries and the oracles use this, never the code under test.

/** Σ weight·digit mod 11 over the first `weights.length` digits. */
export function weightedRest(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (weights[i] as number) * Number(digits[i]);
  return sum % 11;
}

export const ORGNO_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
export const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
export const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;

/** The orgno check digit for eight digits; 10 means no ninth digit can complete them. */
export function orgnoCheckDigit(eight: string): number {
  const r = weightedRest(eight, ORGNO_WEIGHTS);
  return r === 0 ? 0 : 11 - r;
}

/** True when `value` is nine ASCII digits with a correct MOD11 check digit. */
export function isValidOrgno(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[0-9]{9}$/.test(value)) return false;
  const k = orgnoCheckDigit(value.slice(0, 8));
  return k !== 10 && k === Number(value[8]);
}

/**
 * k1 for nine digits: `rest` 0 is the classic rule, 1..3 the extra values allowed from 2032
 * (`(11 + rest) - (Σ mod 11)`, 11 → 0). 10 means invalid.
 */
export function k1For(nine: string, rest = 0): number {
  const raw = 11 + rest - weightedRest(nine, K1_WEIGHTS);
  return raw > 10 ? raw - 11 : raw;
}

/** k2 for ten digits (nine plus k1); 10 means invalid. */
export function k2For(ten: string): number {
  const r = weightedRest(ten, K2_WEIGHTS);
  return r === 0 ? 0 : 11 - r;
}

/** True when both check digits of an 11-digit id pass, under the legacy rule or (with `allow2032`) the 2032 rule. */
export function hasValidPersonChecksum(value: unknown, allow2032 = true): value is string {
  if (typeof value !== 'string' || !/^[0-9]{11}$/.test(value)) return false;
  const nine = value.slice(0, 9);
  const k1 = Number(value[9]);
  const rests = allow2032 ? [0, 1, 2, 3] : [0];
  const k1ok = rests.some((r) => {
    const k = k1For(nine, r);
    return k !== 10 && k === k1;
  });
  const k2 = k2For(value.slice(0, 10));
  return k1ok && k2 !== 10 && k2 === Number(value[10]);
}
