// @ts-nocheck
import { err, ok } from 'neverthrow';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import { type GuardEvent, emitTo } from '../events.js';
import type { KeyFailure, KeyResolution, KeySelector, KeySet } from './keySetTypes.js';
import { fetchJwks, isSafeUrl } from './fetchJwks.js';
import {
  type JwksIndex,
  type PublicJwk,
  importPublicJwk,
  indexJwks,
  keyCache,
  selectJwk,
} from './jwksIndex.js';

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
  const cache = keyCache();

  let index: JwksIndex | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let missFetchedAt = Number.NEGATIVE_INFINITY;
  let refreshDueAfter = o.refreshIntervalMs;
  let lastFailed = false;
  let inflight: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    attemptedAt = clock();
    try {
      const next = indexJwks(await fetchJwks(o.source));
      if (typeof next === 'string' || next.size === 0) throw new Error('no usable keys');
      index = next;
      fetchedAt = clock();
      refreshDueAfter = o.refreshIntervalMs * (1 - 0.1 * Math.min(Math.max(o.random(), 0), 1));
      lastFailed = false;
      emitTo(onEvent, { type: 'keys.refreshed', level: 'info', issuer: o.issuer, keys: next.size });
    } catch (e) {
      lastFailed = true;
      const reason = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : 'failed';
      emitTo(onEvent, { type: 'keys.refresh_failed', level: 'warn', issuer: o.issuer, reason });
    }
  }

  function refreshOnce(): Promise<void> {
    inflight ??= refresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  const age = (): number => clock() - fetchedAt;
  const retryAllowed = (): boolean => !lastFailed || clock() - attemptedAt >= o.cooldownMs;
  // Keys past maxAgeMs serve only inside the stale-if-error window, and only while fetches fail.
  const usable = (): boolean =>
    index !== undefined && (age() <= o.maxAgeMs || (lastFailed && age() <= o.maxAgeMs + o.staleIfErrorMs));
  // Stale: past maxAgeMs, or past the refresh interval with the refresh failed (the issuer could not confirm them).
  const stale = (): boolean => age() > o.maxAgeMs || (lastFailed && age() > o.refreshIntervalMs);
  const ageSeconds = (): number => Math.max(0, Math.round(age() / 1000));

  /** A kid the cache lacks: wait for the fetch in flight, or make one (at most one per cooldown). */
  async function missed(selector: KeySelector) {
    if (inflight !== undefined) await inflight;
    else if (clock() - missFetchedAt >= o.cooldownMs && retryAllowed()) {
      missFetchedAt = clock();
      await refreshOnce();
    }
    const jwk = index === undefined ? 'key_unknown' : selectJwk(index, selector, o.matchX5t);
    return jwk === 'key_unknown' && lastFailed ? ('keys_unavailable' as const) : jwk;
  }

  /** The key of a JWK found in the cached keys, or why there is none; says when stale keys serve. */
  function keyOf(jwk: PublicJwk | KeyFailure, selector: KeySelector): KeyResolution {
    if (typeof jwk === 'string') return err(jwk);
    if (stale())
      emitTo(onEvent, { type: 'keys.stale', level: 'warn', issuer: o.issuer, ageSeconds: ageSeconds() });
    const key = importPublicJwk(jwk, selector.alg, cache);
    return key === undefined ? err('key_unknown') : ok(key);
  }

  /** Keys that cannot serve: fetch them (or wait for the fetch in flight), then look again. */
  async function afterRefresh(selector: KeySelector): Promise<KeyResolution> {
    if (retryAllowed()) await refreshOnce();
    else if (inflight !== undefined) await inflight;
    return usable() ? lookup(selector) : err('keys_unavailable');
  }

  /** At once while the cached keys serve and hold the kid; through a fetch otherwise. */
  function lookup(selector: KeySelector): KeyResolution | Promise<KeyResolution> {
    if (!usable()) return afterRefresh(selector);
    if (age() > refreshDueAfter && retryAllowed() && inflight === undefined) void refreshOnce();
    const cached = selectJwk(index as JwksIndex, selector, o.matchX5t);
    if (cached !== 'key_unknown') return keyOf(cached, selector);
    return missed(selector).then((jwk) => keyOf(jwk, selector));
  }

  return {
    issuer: o.issuer,
    state: () => ({ state: stale() ? 'stale' : 'fresh', ageSeconds: ageSeconds() }),
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
