import type { PersonDataOptions } from '../audit/protectPersonalData.js';
import type { ConsentStore } from '../consentStore.js';
import type { Policy } from '../definePolicy.js';
import type { Algorithm } from '../jwt/algorithms.js';
import type { KeySet, KeyState } from '../jwt/keySetTypes.js';
import type { TimeClaim } from '../jwt/verifyToken.js';
import type { Consent, MaskinportenClaims, RequestFacts, Verdict, Violation } from '../types.js';

// The engine's public types; `createEngine.ts` re-exports them.

/** How one kind of token is verified. */
export interface TokenSource {
  /** The issuer's key set. Required. */
  readonly keys: KeySet;
  /** Allowed algorithms. Default RS256, RS384, RS512. */
  readonly algorithms?: readonly Algorithm[];
  /** NumericDate claims that must be present. Default `['exp', 'iat']` for Maskinporten, `['exp', 'nbf']` for Altinn 2 consent tokens. */
  readonly requiredClaims?: readonly TimeClaim[];
}

/** Options of `createEngine`. */
export interface EngineOptions {
  /** The policy every request is judged by. Required. */
  readonly policy: Policy;
  /** Maskinporten access tokens (and Altinn 3 consents inside them). Required. */
  readonly maskinporten: TokenSource;
  /** Altinn 2 consent tokens. Without it, a request carrying a consent token is denied with `keys_unavailable`. */
  readonly consent?: TokenSource;
  /** Clock tolerance in seconds for token times and rules. Default 10, at most 300. */
  readonly clockTolerance?: number;
  /** How the person appears in verdicts. Default `{ mode: 'mask' }`. */
  readonly personData?: PersonDataOptions;
  /** Keeps consents between calls; with it, requests may omit the consent token while a stored one is valid. */
  readonly consentStore?: {
    readonly store: ConsentStore;
    readonly key: string | Uint8Array;
    /**
     * The circuit breaker in front of the store: after `failures` (default 5) failures in a row, every call
     * fails at once for `openMs` (default 10 000), then one call probes. `false` turns it off. Either way a
     * failing store denies with `consent_store_unavailable`.
     */
    readonly breaker?:
      | { readonly failures?: number; readonly openMs?: number; readonly clock?: () => number }
      | false;
  };
  /**
   * The clock used when a request gives no `now`, epoch seconds. Default the system clock. It must answer epoch
   * seconds from 2015 to 2100: any other answer (NaN, `undefined`, 0, an uptime, milliseconds) or a throw makes
   * the request a deny with `rule_error` (HTTP 500), never a time that makes an expired token current.
   */
  readonly clock?: () => number;
  /**
   * How many verified Maskinporten tokens this engine keeps, by exact token string, least recently used first out.
   * What is kept is the verification and normalisation of the token, never a verdict: the rules always run, and
   * a kept token is served only while the key set still resolves it to the key that verified it and its
   * `exp`/`nbf` hold at the request's `now`. A token is kept from its second use on, when that comes before about
   * this many other tokens were first used (a bank reuses its token for up to 120 s; a token used once, or again
   * only after more others than the cache holds, costs no entry). Default 1000; 0 turns the cache off.
   */
  readonly tokenCacheSize?: number;
}

/** One request to judge. Every field is untrusted input; a field of the wrong type is denied with `input_malformed`. */
export interface RequestInput {
  /** The raw Maskinporten token (no `Bearer ` prefix). Absent or empty: `token_missing`. */
  readonly maskinportenToken?: unknown;
  /** The raw Altinn 2 consent token, if the request carries one. */
  readonly consentToken?: unknown;
  /** The person the request is about (PSU-ID). */
  readonly person?: unknown;
  /** The caller's request id (X-Request-Id). */
  readonly requestId?: unknown;
  /** Evaluation time, epoch seconds from 2015 to 2100 (anything else: `input_malformed`). Default the engine's clock. */
  readonly now?: unknown;
}

/** A rule that failed with an error, for operator events: its class and a message with personal data masked. */
export interface RuleErrorReport {
  readonly ruleId: string;
  /** The thrown value's class, e.g. `TypeError`, `RuleTimeout`, `MalformedRuleResult`; `string` etc. for non-errors. */
  readonly errorClass: string;
  /** Its message, person numbers masked and tokens removed, at most 200 characters. */
  readonly message: string;
}

/**
 * A verdict with the evidence behind it, for audit records: the verified, normalised claims the rules saw
 * (not protected: never log them as they are) and the state of the keys that verified each token.
 */
export interface Decision {
  readonly verdict: Verdict;
  /** The verified claims; `maskinporten` is absent when the Maskinporten token did not verify. */
  readonly claims: {
    readonly maskinporten: MaskinportenClaims | undefined;
    readonly consent: Consent | undefined;
    readonly request: RequestFacts;
  };
  readonly keys: { readonly maskinporten: KeyState | undefined; readonly consent: KeyState | undefined };
  readonly ruleErrors: readonly RuleErrorReport[];
  /** The clock tolerance the rules were given, seconds. */
  readonly clockTolerance: number;
}

/** A configured engine. */
export interface Engine {
  /** Judges one request. Resolves to a verdict; never rejects. */
  readonly evaluate: (input: RequestInput) => Promise<Verdict>;
  /** Judges one request and keeps the evidence, for an audit trail. Never rejects. */
  readonly decide: (input: RequestInput) => Promise<Decision>;
  /**
   * `decide` without its promise when none is needed: the decision itself when every step answered at once
   * (keys in hand, synchronous rules, no consent store), else a promise of it. The same decision as `decide`;
   * never throws, never rejects. For adapters that add their own step after it (the guard does).
   *
   * @example
   * ```ts
   * const judged = engine.judge(input);
   * const decision = judged instanceof Promise ? await judged : judged;
   * ```
   */
  readonly judge: (input: RequestInput) => Decision | Promise<Decision>;
  /**
   * The deny verdict for a request refused before its tokens were looked at, by a transport adapter (a repeated
   * header, say). Same shape, same protection as every other verdict.
   */
  readonly refuse: (violation: RefusalReason, input?: Pick<RequestInput, 'requestId' | 'now'>) => Verdict;
  readonly policy: Policy;
}

/** Why a transport refused a request: a code, who found it (e.g. `http.authorization`) and where. */
export type RefusalReason = Pick<Violation, 'code' | 'ruleId' | 'path'>;
