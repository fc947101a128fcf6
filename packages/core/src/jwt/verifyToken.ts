import { type Result, err, ok } from 'neverthrow';
import { ConfigError } from '../configError.js';
import type { TokenFacts, ViolationInput } from '../types.js';
import { type Algorithm, defaultAlgorithms, supportedAlgorithms } from './algorithms.js';
import type { KeySet, KeyState } from './keySetTypes.js';
import { type ParsedCompact, parseCompact } from './parseCompact.js';
import { verifySignature } from './verifySignature.js';

/** A token whose signature checked out against its issuer's key set. Claims come only from here. */
export interface VerifiedToken {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly facts: TokenFacts;
  /** The state of the keys that verified it. */
  readonly keys: KeyState;
}

const UNKNOWN_KEYS: KeyState = { state: 'unknown', ageSeconds: null };

/** The NumericDate claims a token may be required to carry. */
export type TimeClaim = 'exp' | 'iat' | 'nbf';

/** Options of {@link verifyToken}. */
export interface VerifyTokenOptions {
  /** The key set of the issuer this token must come from. Required. */
  readonly keys: KeySet;
  /** Evaluation time, epoch seconds. Required: time is an input. */
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

const EMBEDDED_KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
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
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function checkHeader(header: Readonly<Record<string, unknown>>, algorithms: readonly string[], path: string) {
  const alg = header['alg'];
  if (typeof alg !== 'string' || !algorithms.includes(alg)) {
    return err({
      code: 'alg_not_allowed',
      path: `${path}.header.alg`,
      expected: [...algorithms],
      actual: typeof alg === 'string' ? alg.slice(0, 32) : null,
    } as const);
  }
  for (const name of EMBEDDED_KEY_HEADERS) {
    if (name in header) return err({ code: 'key_embedded', path: `${path}.header.${name}` } as const);
  }
  if ('crit' in header || 'b64' in header)
    return err({ code: 'token_malformed', path: `${path}.header.crit` } as const);
  for (const name of ['kid', 'x5t'] as const) {
    if (name in header && typeof header[name] !== 'string') {
      return err({ code: 'token_malformed', path: `${path}.header.${name}`, expected: 'a string' } as const);
    }
  }
  return ok(alg);
}

function checkTimes(
  payload: Readonly<Record<string, unknown>>,
  required: readonly TimeClaim[],
  now: number,
  tolerance: number,
  path: string,
): Result<void, ViolationInput> {
  for (const claim of TIME_CLAIMS) {
    const value = payload[claim];
    if (value === undefined) {
      if (required.includes(claim)) return err({ code: 'claim_missing', path: `${path}.${claim}` });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return err({ code: 'claim_invalid', path: `${path}.${claim}`, expected: 'a finite NumericDate' });
    }
  }
  const exp = payload['exp'];
  if (typeof exp === 'number' && now >= exp + tolerance) {
    return err({ code: 'token_expired', path: `${path}.exp`, expected: `> ${now - tolerance}`, actual: exp });
  }
  const nbf = payload['nbf'];
  if (typeof nbf === 'number' && nbf > now + tolerance) {
    return err({
      code: 'token_not_yet_valid',
      path: `${path}.nbf`,
      expected: `<= ${now + tolerance}`,
      actual: nbf,
    });
  }
  return ok(undefined);
}

/**
 * Verifies one compact JWS against one issuer's key set, strictly: the compact form is checked before
 * anything is parsed, duplicate member names deny, only allow-listed asymmetric algorithms pass, keys are
 * looked up by `kid` (or `x5t` where the key set allows it) in the configured key set only, and headers
 * that carry or point at keys (`jwk`, `jku`, `x5u`, `x5c`) deny. Then `exp`/`nbf` are checked against `now`.
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
  const path = options.path ?? 'token';
  // Only asymmetric algorithms can ever pass, whatever the caller configured.
  const algorithms = (options.algorithms ?? defaultAlgorithms).filter((a) =>
    (supportedAlgorithms as readonly string[]).includes(a),
  );
  const parsedResult = parseCompact(token, path, options.maxLength);
  if (parsedResult.isErr()) return err(parsedResult.error);
  const parsed: ParsedCompact = parsedResult.value;
  const header = checkHeader(parsed.header, algorithms, path);
  if (header.isErr()) return err(header.error);
  const alg = header.value;
  const kid = optionalString(parsed.header['kid']);
  const x5t = optionalString(parsed.header['x5t']);
  const key = await options.keys.resolve({ kid, x5t, alg });
  if (key.isErr()) return err({ code: key.error, path: `${path}.header.kid` });
  if (!verifySignature(parsed, alg, key.value))
    return err({ code: 'signature_invalid', path: `${path}.signature` });
  const payload = parsed.payload;
  const times = checkTimes(
    payload,
    options.requiredClaims ?? ['exp', 'iat'],
    options.now,
    options.clockTolerance ?? 10,
    path,
  );
  if (times.isErr()) return err(times.error);
  let keys = UNKNOWN_KEYS;
  try {
    keys = options.keys.state?.() ?? UNKNOWN_KEYS;
  } catch {
    // A custom key set whose state() throws only loses the state in the record.
  }
  return ok({
    header: parsed.header,
    payload,
    keys,
    facts: {
      iss: optionalString(payload['iss']) ?? null,
      kid: kid ?? x5t ?? null,
      jti: optionalString(payload['jti']) ?? null,
      exp: typeof payload['exp'] === 'number' ? payload['exp'] : null,
    },
  });
}
