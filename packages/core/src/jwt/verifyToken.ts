import { err, type Result } from 'neverthrow';
import { ConfigError } from '../configError.js';
import type { ViolationInput } from '../types.js';
import { defaultAlgorithms, supportedAlgorithms } from './algorithms.js';
import { completeToken, prepareToken } from './verifySteps.js';
import type { TimeClaim, VerifiedToken, VerifyTokenOptions } from './verifyTokenTypes.js';

export type { TimeClaim, VerifiedToken, VerifyTokenOptions } from './verifyTokenTypes.js';

const TIME_CLAIMS: readonly TimeClaim[] = ['exp', 'iat', 'nbf'];

/** Checks options once; shared by verifyToken and the guard so that a bad option fails at build time. */
export function checkVerifyOptions(options: VerifyTokenOptions): void {
  const algorithms = options.algorithms ?? defaultAlgorithms;
  if (!Array.isArray(algorithms) || algorithms.length === 0)
    throw new ConfigError('algorithms', 'must be a non-empty array');
  for (const alg of algorithms) {
    if (!(supportedAlgorithms as readonly string[]).includes(alg)) {
      throw new ConfigError(
        'algorithms',
        `${JSON.stringify(alg)} is not allowed; choose from ${supportedAlgorithms.join(', ')}`,
      );
    }
  }
  const tolerance = options.clockTolerance ?? 10;
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 300) {
    throw new ConfigError('clockTolerance', 'must be between 0 and 300 seconds');
  }
  for (const c of options.requiredClaims ?? []) {
    if (!TIME_CLAIMS.includes(c))
      throw new ConfigError('requiredClaims', `unknown claim ${JSON.stringify(c)}`);
  }
  if (typeof options.keys?.resolve !== 'function')
    throw new ConfigError('keys', 'must be a KeySet (localKeySet or remoteKeySet)');
  // The key set binds its issuer: a token whose `iss` is another is denied, so a key set must name one.
  if (typeof options.keys.issuer !== 'string' || options.keys.issuer === '')
    throw new ConfigError('keys.issuer', 'must name the issuer of these keys (a non-empty string)');
}

/**
 * Verifies one compact JWS against one issuer's key set, strictly: the compact form is checked before
 * anything is parsed, duplicate member names deny, only allow-listed asymmetric algorithms pass, keys are
 * looked up by `kid` (or `x5t` where the key set allows it) in the configured key set only, and headers
 * that carry or point at keys (`jwk`, `jku`, `x5u`, `x5c`) deny. Then `iss` must be the key set's issuer
 * (`issuer_mismatch`), and `exp`, `nbf` and `iat` are checked against `now` (`token_expired`,
 * `token_not_yet_valid`, `token_issued_in_future`), which must be epoch seconds from 2015 to 2100.
 * Resolves to `err(violation)` for every failure; never rejects.
 *
 * @example
 * ```ts
 * const result = await verifyToken(jwt, { keys, now: Math.floor(Date.now() / 1000) });
 * if (result.isErr()) console.log(result.error.code); // e.g. 'signature_invalid'
 * else console.log(result.value.payload.consumer);
 * ```
 */
export async function verifyToken(
  token: unknown,
  options: VerifyTokenOptions,
): Promise<Result<VerifiedToken, ViolationInput>> {
  const prepared = prepareToken(token, options);
  if (prepared.isErr()) return err(prepared.error);
  const verified = await completeToken(prepared.value, options, options.now, undefined);
  return verified.map((v) => v.token);
}
