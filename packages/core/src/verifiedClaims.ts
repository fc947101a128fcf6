import type { Claims } from './types.js';

// The claims the engine put together from verified, normalised tokens. Normalisation gives every claim its type,
// so a rule handed one of these need not check the types again; claims from anywhere else (a replayed record's
// snapshot, a test, a caller of `policy.evaluate`) may hold anything. Only this package can make one: the brand is
// a private field (cheaper per request than a WeakSet, and no copy, Proxy or prototype trick has it).
class EngineClaims implements Claims {
  readonly #brand = true;
  constructor(
    readonly maskinporten: Claims['maskinporten'],
    readonly consent: Claims['consent'],
    readonly request: Claims['request'],
  ) {
    Object.freeze(this);
  }
  static has(claims: object): boolean {
    return #brand in claims;
  }
}

/** Private to the package (the barrel does not export it): the engine's claims for one request, frozen. */
export function verifiedClaims(
  maskinporten: Claims['maskinporten'],
  consent: Claims['consent'],
  request: Claims['request'],
): Claims {
  return new EngineClaims(maskinporten, consent, request);
}

/**
 * Whether the engine made `claims` from verified, normalised tokens (so every claim has the type its schema
 * gives it). Claims of any other origin, however they look, are not.
 *
 * @example
 * ```ts
 * isVerifiedClaims({ maskinporten, consent: undefined, request: {} }); // false
 * ```
 */
export function isVerifiedClaims(claims: Claims): boolean {
  return EngineClaims.has(claims);
}
