// @ts-nocheck
import type { KeyObject, webcrypto } from 'node:crypto';
import type { Result } from 'neverthrow';

/**
 * A public key: a node:crypto `KeyObject` (what `localKeySet` and `remoteKeySet` resolve to, imported once per key
 * material), or a WebCrypto `CryptoKey` from a custom key set (used only for the algorithm it was imported for).
 */
export type VerificationKey = KeyObject | webcrypto.CryptoKey;

/** What a token's header says about its key. */
export interface KeySelector {
  readonly kid: string | undefined;
  readonly x5t: string | undefined;
  readonly alg: string;
}

/** Why no key could be had. */
export type KeyFailure = 'kid_missing' | 'key_unknown' | 'keys_unavailable';

/**
 * Which keys verified a token: `fresh` (fetched within the key set's refresh window), `stale` (past it, served
 * because the issuer could not be reached), `local` (a configured JWKS), or `unknown` (a custom key set that does
 * not say). `ageSeconds` is the time since the keys were fetched, `null` when it does not apply.
 */
export interface KeyState {
  readonly state: 'fresh' | 'stale' | 'local' | 'unknown';
  readonly ageSeconds: number | null;
}

/** What a key lookup gives: the key, or why there is none. */
export type KeyResolution = Result<VerificationKey, KeyFailure>;

/**
 * The keys of one issuer. A token is only ever verified against the key set configured for its role
 * (Maskinporten or Altinn consent), never against a key the token names or carries.
 */
export interface KeySet {
  /**
   * The issuer these keys belong to, exactly as its tokens write `iss`. Binding: a token verified with this set
   * whose `iss` is anything else is denied (`issuer_mismatch`, `consent_issuer_mismatch` for Altinn 2 consent
   * tokens) before any rule runs. Required: an engine with a key set that names no issuer is a ConfigError.
   */
  readonly issuer: string;
  /**
   * Resolves the verification key: at once (a `Result`) when the set holds its keys, or a promise of one when it
   * must fetch them first. Either way it never throws or rejects. A custom set may always return a promise;
   * `localKeySet` always answers at once, and `remoteKeySet` does while its cached keys serve.
   */
  readonly resolve: (selector: KeySelector) => KeyResolution | Promise<KeyResolution>;
  /** The state of the keys last resolved, for audit records. Optional: without it the state is `unknown`. */
  readonly state?: () => KeyState;
}
