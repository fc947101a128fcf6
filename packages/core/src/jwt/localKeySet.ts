import { err, ok } from 'neverthrow';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import { createKeyCache, importPublicJwk, indexJwks, type JwksIndex, selectJwk } from './jwksIndex.js';
import type { KeySet } from './keySetTypes.js';

const LOCAL = { state: 'local', ageSeconds: null } as const;
/** RFC 7518 §6.3.2, §6.2.2 and §6.4: members only a private or symmetric key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The first key of a JWKS that carries private members, and which. */
function privateMembersOf(jwks: unknown): { index: number; members: string[] } | undefined {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return undefined;
  for (const [index, key] of keys.entries()) {
    if (typeof key !== 'object' || key === null) continue;
    const members = PRIVATE_MEMBERS.filter((m) => Object.hasOwn(key, m));
    if (members.length > 0) return { index, members };
  }
  return undefined;
}

/** Options of {@link localKeySet}. */
export interface LocalKeySetOptions {
  /**
   * The issuer the keys belong to, e.g. `https://maskinporten.no/`. Required, and binding: a token
   * verified with these keys must carry exactly this `iss`, or it is denied (`issuer_mismatch`).
   */
  readonly issuer: string;
  /** A JWKS object (`{ keys: [...] }`). Required; only public signature members are used. */
  readonly jwks: unknown;
  /** Match a token without `kid` by its `x5t` header (Altinn 2 consent tokens). Default `false`. */
  readonly matchX5t?: boolean;
}

/**
 * A key set from a JWKS object you already hold (a file, a secret store). Throws {@link ConfigError} when
 * the JWKS is not one or holds no usable key.
 *
 * @example
 * ```ts
 * const keys = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: JSON.parse(readFileSync('jwk.json', 'utf8')) });
 * ```
 */
export function localKeySet(options: LocalKeySetOptions): KeySet {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, ['issuer', 'jwks', 'matchX5t'], 'localKeySet');
  if (typeof options.issuer !== 'string' || options.issuer === '') {
    throw new ConfigError('issuer', 'must be a non-empty string');
  }
  const privateKey = privateMembersOf(options.jwks);
  if (privateKey !== undefined) {
    throw new ConfigError(
      `jwks.keys[${privateKey.index}]`,
      `holds private key material (${privateKey.members.join(', ')}): configure the issuer's public JWKS only`,
    );
  }
  const index: JwksIndex | string = indexJwks(options.jwks);
  if (typeof index === 'string') throw new ConfigError('jwks', index);
  if (index.size === 0) throw new ConfigError('jwks', 'holds no public RSA or EC signature key');
  const matchX5t = options.matchX5t ?? false;
  const cache = createKeyCache();
  return {
    issuer: options.issuer,
    state: () => LOCAL,
    // At once: the keys are in hand. Nothing here throws (an import that fails is `key_unknown`).
    resolve: (selector) => {
      const jwk = selectJwk(index, selector, matchX5t);
      if (typeof jwk === 'string') return err(jwk);
      const key = importPublicJwk(jwk, selector.alg, cache);
      return key === undefined ? err('key_unknown') : ok(key);
    },
  };
}
