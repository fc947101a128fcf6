// @ts-nocheck
// Private: the algorithms dsop-guard can ever verify, and the default allow-list.

/** Asymmetric JWS algorithms a policy may allow. `none` and HS* are never accepted. */
export const supportedAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
] as const;
export type Algorithm = (typeof supportedAlgorithms)[number];

/** Maskinporten signs with RS256, RS384 or RS512 (MP-TOKEN). */
export const defaultAlgorithms: readonly Algorithm[] = Object.freeze(['RS256', 'RS384', 'RS512']);

export function keyTypeFor(alg: string): 'RSA' | 'EC' {
  return alg.startsWith('ES') ? 'EC' : 'RSA';
}
