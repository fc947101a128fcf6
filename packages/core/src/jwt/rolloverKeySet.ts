import { err } from 'neverthrow';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { isThenable } from '../combinators/maybeAsync.js';
import { ConfigError } from '../configError.js';
import type { KeyFailure, KeyResolution, KeySelector, KeySet, KeyState } from './keySetTypes.js';

/** Options of {@link rolloverKeySet}. */
export interface RolloverKeySetOptions {
  /** The primary key set, then the secondary (Altinn publishes a primary and a secondary certificate). Required. */
  readonly sets: readonly [KeySet, KeySet, ...KeySet[]];
}

const UNKNOWN: KeyState = { state: 'unknown', ageSeconds: null };

/** The failure that says most: any `keys_unavailable` wins over `key_unknown` (the key may be in the set that failed). */
function worst(failures: readonly KeyFailure[]): KeyFailure {
  if (failures.includes('keys_unavailable')) return 'keys_unavailable';
  if (failures.includes('kid_missing')) return 'kid_missing';
  return 'key_unknown';
}

/**
 * One issuer's keys from several key sets, for a key rollover: a token's key is looked up in the primary set,
 * then in the next. Every set must be for the same `issuer`, so issuers are never merged: a kid published by
 * another issuer never verifies this issuer's tokens. When no set has the key, the answer is
 * `keys_unavailable` if any set could not be reached, else `key_unknown`. Throws {@link ConfigError} for bad
 * options.
 *
 * @example
 * ```ts
 * const altinn = rolloverKeySet({
 *   sets: [
 *     remoteKeySet({ issuer: 'altinn.no', jwksUri: 'https://platform.altinn.no/authentication/api/v1/openid/.well-known/jwks', matchX5t: true }),
 *     localKeySet({ issuer: 'altinn.no', jwks: secondaryCertificateJwks, matchX5t: true }),
 *   ],
 * });
 * ```
 */
export function rolloverKeySet(options: RolloverKeySetOptions): KeySet {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, ['sets'], 'rolloverKeySet');
  const { sets } = options;
  if (!Array.isArray(sets) || sets.length < 2) throw new ConfigError('sets', 'give at least two key sets');
  sets.forEach((set: KeySet, i) => {
    if (typeof set?.resolve !== 'function') throw new ConfigError(`sets[${i}]`, 'must be a KeySet');
  });
  const issuer = sets[0].issuer;
  const other = sets.findIndex((set) => set.issuer !== issuer);
  if (other !== -1) {
    throw new ConfigError(
      `sets[${other}].issuer`,
      `is ${JSON.stringify(sets[other]?.issuer)}, not ${JSON.stringify(issuer)}: one issuer's keys only, never merged`,
    );
  }
  let resolvedBy: KeySet | undefined;

  /** One set's answer: the key (the set that gave it kept for `state`), or its failure noted. */
  const found = (set: KeySet, key: KeyResolution, failures: KeyFailure[]): boolean => {
    if (key.isOk()) resolvedBy = set;
    else failures.push(key.error);
    return key.isOk();
  };

  /** The sets from `first` on, in order: at once while each answers at once, through a promise after one does not. */
  function resolveFrom(
    selector: KeySelector,
    first: number,
    failures: KeyFailure[],
  ): KeyResolution | Promise<KeyResolution> {
    for (let i = first; i < sets.length; i += 1) {
      const set = sets[i] as KeySet;
      const key = set.resolve(selector);
      if (isThenable(key)) {
        return Promise.resolve(key).then((settled) =>
          found(set, settled, failures) ? settled : resolveFrom(selector, i + 1, failures),
        );
      }
      if (found(set, key, failures)) return key;
    }
    return err(worst(failures));
  }

  return {
    issuer,
    state: () => resolvedBy?.state?.() ?? UNKNOWN,
    resolve: (selector) => resolveFrom(selector, 0, []),
  };
}
