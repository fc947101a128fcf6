import { err, ok } from 'neverthrow';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import { emitTo, type GuardEvent } from '../events.js';
import { fetchJwks, isSafeUrl } from './fetchJwks.js';
import {
  createKeyCache,
  importPublicJwk,
  indexJwks,
  type JwksIndex,
  type PublicJwk,
  selectJwk,
} from './jwksIndex.js';
import { describeKeyFetchFailure, failureOf, KeyFetchError, urlForFailure } from './keyFetchFailure.js';
import { type Freshness, type KeySetTimes, keySetFreshness } from './keySetFreshness.js';
import type { KeyFailure, KeyResolution, KeySelector, KeySet } from './keySetTypes.js';

/** Options of {@link remoteKeySet}. Give `metadataUrl` or `jwksUri`. */
export interface RemoteKeySetOptions {
  /**
   * The issuer the keys belong to, e.g. `https://test.maskinporten.no/`. Required, and binding: a token
   * verified with these keys must carry exactly this `iss`, or it is denied (`issuer_mismatch`).
   */
  readonly issuer: string;
  /** RFC 8414 metadata URL; its `jwks_uri` is used. E.g. `https://test.maskinporten.no/.well-known/oauth-authorization-server`. */
  readonly metadataUrl?: string;
  /** The JWKS URL itself, e.g. `https://test.maskinporten.no/jwk`. */
  readonly jwksUri?: string;
  /**
   * The `issuer` the metadata document must name. Default: `issuer`. Altinn's metadata names
   * `https://tt02.altinn.no/` while its consent tokens say `altinn.no`, so set it for Altinn.
   */
  readonly metadataIssuer?: string;
  /** Match a token without `kid` by its `x5t` header (Altinn 2 consent tokens). Default `false`. */
  readonly matchX5t?: boolean;
  /** Time limit for a whole refresh (metadata and JWKS, bodies included), ms. Default 5000. */
  readonly timeoutMs?: number;
  /**
   * Least time between two fetches that a token with an unknown `kid` may trigger, and between a failed fetch
   * and its retry, ms. Default 30 000.
   */
  readonly cooldownMs?: number;
  /**
   * How often the keys are fetched again in the background while they are in use, ms (up to 10 % earlier, at
   * random, so many instances do not fetch at once). This bounds how long a key removed from the issuer's set
   * keeps verifying. Requests never wait for it. Default 300 000 (5 min).
   */
  readonly refreshIntervalMs?: number;
  /**
   * How long fetched keys may be used at all, ms. Default 24 h (MP-TOKEN). Past it, a request waits for a
   * fetch; while fetches fail, tokens deny with `keys_unavailable` (retried once per `cooldownMs`), unless
   * `staleIfErrorMs` allows the old keys a while longer.
   */
  readonly maxAgeMs?: number;
  /**
   * How long past `maxAgeMs` the old keys may still verify tokens while every fetch fails, ms. Tokens verified
   * then are recorded as verified on `stale` keys and raise a `keys.stale` event; after it, `keys_unavailable`.
   * Default 0: never.
   */
  readonly staleIfErrorMs?: number;
  /** The clock for caching, ms. Default `Date.now`. */
  readonly clock?: () => number;
  /** Randomness for the refresh jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** The fetch to use, e.g. one that goes through an egress proxy (undici's `fetch` with a `ProxyAgent`). Default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Operator events: `keys.refreshed`, `keys.refresh_failed` (with the reason, never key material), `keys.stale`. */
  readonly onEvent?: (event: GuardEvent) => void;
}

function checkUrl(field: string, value: unknown): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new ConfigError(field, `is not a URL: ${JSON.stringify(value)}`);
  }
  if (!isSafeUrl(url)) throw new ConfigError(field, 'must be https (http only on loopback)');
  // fetch refuses such a URL on every request, and the user info would reach the diagnostics.
  if (url.username !== '' || url.password !== '') throw new ConfigError(field, 'must not hold user info');
  return url;
}

function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(field, 'must be a positive number');
  return value;
}

const KNOWN_OPTIONS = [
  'issuer',
  'metadataUrl',
  'jwksUri',
  'metadataIssuer',
  'matchX5t',
  'timeoutMs',
  'cooldownMs',
  'refreshIntervalMs',
  'maxAgeMs',
  'staleIfErrorMs',
  'clock',
  'random',
  'fetch',
  'onEvent',
];

function checkOptions(options: RemoteKeySetOptions) {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, KNOWN_OPTIONS, 'remoteKeySet');
  if (typeof options.issuer !== 'string' || options.issuer === '') {
    throw new ConfigError('issuer', 'must be a non-empty string');
  }
  const { metadataIssuer = options.issuer } = options;
  if (typeof metadataIssuer !== 'string' || metadataIssuer === '') {
    throw new ConfigError('metadataIssuer', 'must be a non-empty string or left out');
  }
  if ((options.metadataUrl === undefined) === (options.jwksUri === undefined)) {
    throw new ConfigError('metadataUrl', 'give exactly one of metadataUrl and jwksUri');
  }
  const staleIfErrorMs = options.staleIfErrorMs ?? 0;
  if (!Number.isFinite(staleIfErrorMs) || staleIfErrorMs < 0)
    throw new ConfigError('staleIfErrorMs', 'must be a number of ms, 0 or more');
  for (const field of ['clock', 'random', 'fetch', 'onEvent'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'function')
      throw new ConfigError(field, 'must be a function');
  }
  return {
    issuer: options.issuer,
    source: {
      metadataUrl:
        options.metadataUrl === undefined ? undefined : checkUrl('metadataUrl', options.metadataUrl),
      jwksUri: options.jwksUri === undefined ? undefined : checkUrl('jwksUri', options.jwksUri),
      metadataIssuer,
      timeoutMs: positive('timeoutMs', options.timeoutMs, 5000),
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    },
    cooldownMs: positive('cooldownMs', options.cooldownMs, 30_000),
    refreshIntervalMs: positive('refreshIntervalMs', options.refreshIntervalMs, 300_000),
    maxAgeMs: positive('maxAgeMs', options.maxAgeMs, 86_400_000),
    staleIfErrorMs,
    matchX5t: options.matchX5t ?? false,
    clock: options.clock ?? Date.now,
    random: options.random ?? Math.random,
    onEvent: options.onEvent,
  };
}

/**
 * A key set fetched over HTTPS from an issuer's metadata or JWKS URL. Keys in the cache answer at once; they
 * are fetched again in the background every `refreshIntervalMs` (so a key the issuer removed stops verifying
 * within about that time), and in the foreground only when they are missing or older than `maxAgeMs`. A token
 * naming an unknown `kid` waits for one fetch, at most one such fetch per `cooldownMs`, so a key just
 * published is found at once and random kids cannot flood the issuer. The same state always gives the same
 * answer: while the last fetch failed, an unknown kid is `keys_unavailable` (503), not `key_unknown` (401).
 * An unreachable, slow, oversized or garbled endpoint gives `keys_unavailable`, never an exception.
 *
 * @example
 * ```ts
 * const maskinporten = remoteKeySet({
 *   issuer: 'https://test.maskinporten.no/',
 *   metadataUrl: 'https://test.maskinporten.no/.well-known/oauth-authorization-server',
 * });
 * ```
 */
export function remoteKeySet(options: RemoteKeySetOptions): KeySet {
  const o = checkOptions(options);
  const { clock, onEvent } = o;
  const cache = createKeyCache();

  let index: JwksIndex | undefined;
  /** The named state the freshness decisions read (see keySetFreshness); replaced whole on each change. */
  let times: KeySetTimes = {
    hasKeys: false,
    fetchedAt: Number.NEGATIVE_INFINITY,
    attemptedAt: Number.NEGATIVE_INFINITY,
    missFetchedAt: Number.NEGATIVE_INFINITY,
    refreshDueAfter: o.refreshIntervalMs,
    lastFailed: false,
  };
  let inflight: Promise<void> | undefined;

  const now = (): Freshness => keySetFreshness(times, o, clock());

  async function refresh(): Promise<void> {
    times = { ...times, attemptedAt: clock() };
    try {
      const fetched = await fetchJwks(o.source);
      const next = indexJwks(fetched.jwks);
      if (typeof next === 'string' || next.size === 0)
        throw new KeyFetchError({ url: urlForFailure(fetched.url), stage: 'jwks', cause: 'no_usable_keys' });
      index = next;
      const fetchedAt = clock();
      const refreshDueAfter = o.refreshIntervalMs * (1 - 0.1 * Math.min(Math.max(o.random(), 0), 1));
      times = { ...times, hasKeys: true, fetchedAt, refreshDueAfter, lastFailed: false };
      emitTo(onEvent, { type: 'keys.refreshed', level: 'info', issuer: o.issuer, keys: next.size });
    } catch (e) {
      times = { ...times, lastFailed: true };
      const { metadataUrl, jwksUri } = o.source;
      const failure = failureOf(
        e,
        (jwksUri ?? metadataUrl) as URL,
        jwksUri === undefined ? 'metadata' : 'jwks',
      );
      const reason = describeKeyFetchFailure(failure).slice(0, 300);
      emitTo(onEvent, { type: 'keys.refresh_failed', level: 'warn', issuer: o.issuer, reason, ...failure });
    }
  }

  function refreshOnce(): Promise<void> {
    inflight ??= refresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  /** A kid the cache lacks: wait for the fetch in flight, or make one (at most one per cooldown). */
  async function missed(selector: KeySelector) {
    if (inflight !== undefined) await inflight;
    else if (now().missMayFetch) {
      times = { ...times, missFetchedAt: clock() };
      await refreshOnce();
    }
    const jwk = index === undefined ? 'key_unknown' : selectJwk(index, selector, o.matchX5t);
    return jwk === 'key_unknown' && times.lastFailed ? ('keys_unavailable' as const) : jwk;
  }

  /** The key of a JWK found in the cached keys, or why there is none; says when stale keys serve. */
  function serveKey(jwk: PublicJwk | KeyFailure, selector: KeySelector): KeyResolution {
    if (typeof jwk === 'string') return err(jwk);
    const { stale, ageSeconds } = now();
    if (stale) emitTo(onEvent, { type: 'keys.stale', level: 'warn', issuer: o.issuer, ageSeconds });
    const key = importPublicJwk(jwk, selector.alg, cache);
    return key === undefined ? err('key_unknown') : ok(key);
  }

  /** Keys that cannot serve: fetch them (or wait for the fetch in flight), then look again. */
  async function afterRefresh(selector: KeySelector): Promise<KeyResolution> {
    if (!now().coolingDown) await refreshOnce();
    else if (inflight !== undefined) await inflight;
    return now().usable ? lookup(selector) : err('keys_unavailable');
  }

  /** At once while the cached keys serve and hold the kid; through a fetch otherwise. */
  function lookup(selector: KeySelector): KeyResolution | Promise<KeyResolution> {
    // Without keys there is nothing to judge: straight to the fetch (the clock is not read here, so a clock that
    // throws fails the fetch, asynchronously, like any other failure to get keys).
    if (index === undefined) return afterRefresh(selector);
    const freshness = now();
    if (!freshness.usable) return afterRefresh(selector);
    if (freshness.refreshDue && inflight === undefined) void refreshOnce();
    const cached = selectJwk(index as JwksIndex, selector, o.matchX5t);
    if (cached !== 'key_unknown') return serveKey(cached, selector);
    return missed(selector).then((jwk) => serveKey(jwk, selector));
  }

  return {
    issuer: o.issuer,
    state: () => {
      const { stale, ageSeconds } = now();
      return { state: stale ? 'stale' : 'fresh', ageSeconds };
    },
    resolve: (selector) => {
      try {
        const key = lookup(selector);
        return key instanceof Promise ? key.catch(() => err('keys_unavailable')) : key;
      } catch {
        return err('keys_unavailable');
      }
    },
  };
}
