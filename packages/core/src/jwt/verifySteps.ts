import { err, ok, type Result } from 'neverthrow';
import { isThenable } from '../combinators/maybeAsync.js';
import { freezeDeep } from '../freezeDeep.js';
import { isPlausibleNow, PLAUSIBLE_NOW } from '../plausibleNow.js';
import type { TokenFacts, ViolationInput } from '../types.js';
import { defaultAlgorithms, supportedAlgorithms } from './algorithms.js';
import type { KeyResolution, KeySelector, KeyState, VerificationKey } from './keySetTypes.js';
import { type ParsedCompact, parseCompact } from './parseCompact.js';
import { verifySignature } from './verifySignature.js';
import type { TimeClaim, VerifiedToken, VerifyTokenOptions } from './verifyTokenTypes.js';

// Private: verifyToken in two halves. `prepareToken` depends on the token string and the options only (strict
// parse, header checks); `completeToken` asks the key set, checks the signature and the times at `now`. The
// engine's verified-token cache keeps a prepared token with the key that verified it and runs only the second
// half again, skipping the signature when the key set still resolves the token to that very key.

const UNKNOWN_KEYS: KeyState = { state: 'unknown', ageSeconds: null };
const EMBEDDED_KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;
const TIME_CLAIMS: readonly TimeClaim[] = ['exp', 'iat', 'nbf'];
const REQUIRED_BY_DEFAULT: readonly TimeClaim[] = ['exp', 'iat'];

/** A token that parsed and whose header passed: what its key lookup needs, and the facts a verdict records. */
export interface PreparedToken {
  readonly parsed: ParsedCompact;
  readonly alg: string;
  readonly selector: KeySelector;
  readonly path: string;
  /** The same object for every use of a cached token. */
  readonly facts: TokenFacts;
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

/**
 * `exp`, `nbf` and `iat` against `now`, whatever the policy holds: an expired token, one not yet valid and one
 * issued in the future deny here, and only a plausible `now` (epoch seconds, 2015 to 2100) is compared with.
 */
function checkTimes(
  payload: Readonly<Record<string, unknown>>,
  required: readonly TimeClaim[],
  now: number,
  tolerance: number,
  path: string,
): Result<void, ViolationInput> {
  if (!isPlausibleNow(now)) return err({ code: 'input_malformed', path: 'now', expected: PLAUSIBLE_NOW });
  for (let i = 0; i < TIME_CLAIMS.length; i += 1) {
    const claim = TIME_CLAIMS[i] as TimeClaim;
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
  const latest = now + tolerance;
  const nbf = payload['nbf'];
  if (typeof nbf === 'number' && nbf > latest) {
    return err({ code: 'token_not_yet_valid', path: `${path}.nbf`, expected: `<= ${latest}`, actual: nbf });
  }
  const iat = payload['iat'];
  if (typeof iat === 'number' && iat > latest) {
    return err({ code: 'token_issued_in_future', path: `${path}.iat`, expected: latest, actual: iat });
  }
  return ok(undefined);
}

/** The token's `iss` must be its key set's issuer: a key set binds its issuer, whatever the policy holds. */
function checkIssuer(
  payload: Readonly<Record<string, unknown>>,
  issuer: string,
  path: string,
): Result<void, ViolationInput> {
  const iss = payload['iss'];
  // A key set that names no issuer (a custom one, outside the engine's checks) binds nothing: it verifies nothing.
  if (typeof iss === 'string' && iss !== '' && iss === issuer) return ok(undefined);
  return err({
    code: 'issuer_mismatch',
    path: `${path}.iss`,
    expected: issuer,
    actual: typeof iss === 'string' ? iss.slice(0, 256) : null,
  });
}

/** Each configured list of algorithms, cut to the asymmetric ones, once per list. */
const usable = new WeakMap<readonly string[], readonly string[]>();

/** Only asymmetric algorithms can ever pass, whatever the caller configured. */
function usableAlgorithms(configured: readonly string[]): readonly string[] {
  let algorithms = usable.get(configured);
  if (algorithms === undefined) {
    algorithms = configured.filter((a) => (supportedAlgorithms as readonly string[]).includes(a));
    if (Object.isFrozen(configured)) usable.set(configured, algorithms);
  }
  return algorithms;
}

/** A decoded header is shared (frozen) by every token that brings it: its check, for one list and path, is kept. */
const checkedHeaders = new WeakMap<
  Readonly<Record<string, unknown>>,
  {
    readonly algorithms: readonly string[];
    readonly path: string;
    readonly result: ReturnType<typeof checkHeader>;
  }
>();

function checkHeaderOnce(
  header: Readonly<Record<string, unknown>>,
  algorithms: readonly string[],
  path: string,
) {
  if (!Object.isFrozen(header)) return checkHeader(header, algorithms, path);
  const known = checkedHeaders.get(header);
  if (known !== undefined && known.algorithms === algorithms && known.path === path) return known.result;
  const result = checkHeader(header, algorithms, path);
  if (result.isErr()) freezeDeep(result.error); // shared by the next tokens with this header
  checkedHeaders.set(header, { algorithms, path, result });
  return result;
}

export function prepareToken(
  token: unknown,
  options: Omit<VerifyTokenOptions, 'now'>,
): Result<PreparedToken, ViolationInput> {
  const path = options.path ?? 'token';
  const algorithms = usableAlgorithms(options.algorithms ?? defaultAlgorithms);
  const parsed = parseCompact(token, path, options.maxLength);
  if (parsed.isErr()) return err(parsed.error);
  const header = checkHeaderOnce(parsed.value.header, algorithms, path);
  if (header.isErr()) return err(header.error);
  const kid = optionalString(parsed.value.header['kid']);
  const x5t = optionalString(parsed.value.header['x5t']);
  const payload = parsed.value.payload;
  const facts = {
    iss: optionalString(payload['iss']) ?? null,
    kid: kid ?? x5t ?? null,
    jti: optionalString(payload['jti']) ?? null,
    exp: typeof payload['exp'] === 'number' ? payload['exp'] : null,
  };
  return ok({
    parsed: parsed.value,
    alg: header.value,
    selector: { kid, x5t, alg: header.value },
    path,
    facts,
  });
}

function keyStateOf(options: Omit<VerifyTokenOptions, 'now'>): KeyState {
  try {
    return options.keys.state?.() ?? UNKNOWN_KEYS;
  } catch {
    // A custom key set whose state() throws only loses the state in the record.
    return UNKNOWN_KEYS;
  }
}

/** What the second half gives: the verified token and the key that verified it, or the violation. */
export type Completed = Result<
  { readonly token: VerifiedToken; readonly key: VerificationKey },
  ViolationInput
>;

/**
 * The second half once the key set has answered: the signature (unless `verifiedWith` is that key), the times,
 * the issuer (the key set's own).
 */
function checkWithKey(
  prepared: PreparedToken,
  options: Omit<VerifyTokenOptions, 'now'>,
  now: number,
  verifiedWith: VerificationKey | undefined,
  key: KeyResolution,
): Completed {
  const { parsed, alg, path, facts } = prepared;
  if (key.isErr()) return err({ code: key.error, path: `${path}.header.kid` });
  if (key.value !== verifiedWith && !verifySignature(parsed, alg, key.value))
    return err({ code: 'signature_invalid', path: `${path}.signature` });
  const payload = parsed.payload;
  const required = options.requiredClaims ?? REQUIRED_BY_DEFAULT;
  const times = checkTimes(payload, required, now, options.clockTolerance ?? 10, path);
  if (times.isErr()) return err(times.error);
  const issuer = checkIssuer(payload, options.keys.issuer, path);
  if (issuer.isErr()) return err(issuer.error);
  return ok({ token: { header: parsed.header, payload, keys: keyStateOf(options), facts }, key: key.value });
}

/**
 * Resolves the key, checks the signature (not again when the key set resolves `verifiedWith`, the key this very
 * prepared token verified under before) and the times at `now`. At once when the key set answers at once.
 */
export function completeToken(
  prepared: PreparedToken,
  options: Omit<VerifyTokenOptions, 'now'>,
  now: number,
  verifiedWith: VerificationKey | undefined,
): Completed | Promise<Completed> {
  const key = options.keys.resolve(prepared.selector);
  return isThenable(key)
    ? Promise.resolve(key).then((settled) => checkWithKey(prepared, options, now, verifiedWith, settled))
    : checkWithKey(prepared, options, now, verifiedWith, key);
}
