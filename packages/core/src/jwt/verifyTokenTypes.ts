import type { TokenFacts } from '../types.js';
import type { Algorithm } from './algorithms.js';
import type { KeySet, KeyState } from './keySetTypes.js';

/** A token whose signature checked out against its issuer's key set. Claims come only from here. */
export interface VerifiedToken {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly facts: TokenFacts;
  /** The state of the keys that verified it. */
  readonly keys: KeyState;
}

/** The NumericDate claims a token may be required to carry. */
export type TimeClaim = 'exp' | 'iat' | 'nbf';

/** Options of `verifyToken`. */
export interface VerifyTokenOptions {
  /** The key set of the issuer this token must come from: a token whose `iss` is not `keys.issuer` is denied. Required. */
  readonly keys: KeySet;
  /** Evaluation time, epoch seconds from 2015 to 2100 (anything else denies with `input_malformed`). Required: time is an input. */
  readonly now: number;
  /** Clock tolerance, seconds. Default 10. */
  readonly clockTolerance?: number;
  /** Allowed `alg` values. Default RS256, RS384, RS512. `none` and HS* can never be allowed. */
  readonly algorithms?: readonly Algorithm[];
  /** NumericDate claims that must be present. Default `['exp', 'iat']`. */
  readonly requiredClaims?: readonly TimeClaim[];
  /** Prefix of violation paths, e.g. `maskinporten` or `consent`. Default `token`. */
  readonly path?: string;
  /** Longest accepted token, characters. Default 16 384. */
  readonly maxLength?: number;
}
