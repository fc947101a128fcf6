import { err, ok } from 'neverthrow';
import { ConfigError } from '../configError.js';
import { type GuardEvent, emitTo } from '../events.js';
import type { KeySelector, KeySet } from './keySetTypes.js';
import { type JwksIndex, importPublicJwk, indexJwks, keyCache, selectJwk } from './jwksIndex.js';

/** Options of {@link remoteKeySet}. Give `metadataUrl` or `jwksUri`. */
export interface RemoteKeySetOptions {
  /** The issuer the keys belong to, e.g. `https://test.maskinporten.no/`. Required. */
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
  /** Time limit for each HTTP request, ms. Default 5000. */
  readonly timeoutMs?: number;
  /** Least time between two fetches (after an unknown `kid` or a failure), ms. Default 30 000. */
  readonly cooldownMs?: number;
  /**
   * How long fetched keys are used, ms. Default 24 h (MP-TOKEN). Past it they are fetched again; while that
   * fails, tokens deny with `keys_unavailable` (retried once per `cooldownMs`) rather than trust old keys,
   * unless `staleIfErrorMs` allows them a while longer.
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
  /** Operator events: `keys.refreshed` and `keys.refresh_failed` (with the reason, never key material). */
  readonly onEvent?: (event: GuardEvent) => void;
}

const MAX_BODY = 1_048_576;

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

function isSafeUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

async function getJson(url: URL, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
    headers: { accept: 'application/json' },
  });
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`status ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY) throw new Error('body too large');
  return JSON.parse(text) as unknown;
}

function positive(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(field, 'must be a positive number');
  return value;
}

/**
 * A key set fetched over HTTPS from an issuer's metadata or JWKS URL, cached for `maxAgeMs`, fetched again
 * when a token names an unknown `kid` (at most once per `cooldownMs`), with a time limit on every request.
 * An unreachable, slow or garbled endpoint gives `keys_unavailable`, never an exception.
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
  if (typeof options?.issuer !== 'string' || options.issuer === '') {
    throw new ConfigError('issuer', 'must be a non-empty string');
  }
  const { metadataIssuer = options.issuer } = options;
  if (typeof metadataIssuer !== 'string' || metadataIssuer === '') {
    throw new ConfigError('metadataIssuer', 'must be a non-empty string or left out');
  }
  if ((options.metadataUrl === undefined) === (options.jwksUri === undefined)) {
    throw new ConfigError('metadataUrl', 'give exactly one of metadataUrl and jwksUri');
  }
  const metadataUrl =
    options.metadataUrl === undefined ? undefined : checkUrl('metadataUrl', options.metadataUrl);
  const fixedJwksUri = options.jwksUri === undefined ? undefined : checkUrl('jwksUri', options.jwksUri);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 5000);
  const cooldownMs = positive('cooldownMs', options.cooldownMs, 30_000);
  const maxAgeMs = positive('maxAgeMs', options.maxAgeMs, 86_400_000);
  const staleIfErrorMs = options.staleIfErrorMs ?? 0;
  if (!Number.isFinite(staleIfErrorMs) || staleIfErrorMs < 0)
    throw new ConfigError('staleIfErrorMs', 'must be a number of ms, 0 or more');
  const matchX5t = options.matchX5t ?? false;
  const clock = options.clock ?? Date.now;
  const onEvent = options.onEvent;
  if (onEvent !== undefined && typeof onEvent !== 'function')
    throw new ConfigError('onEvent', 'must be a function');
  const cache = keyCache();

  let index: JwksIndex | undefined;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let attemptedAt = Number.NEGATIVE_INFINITY;
  let lastFailed = false;
  let inflight: Promise<void> | undefined;

  async function jwksUri(): Promise<URL> {
    if (fixedJwksUri !== undefined) return fixedJwksUri;
    const metadata = (await getJson(metadataUrl as URL, timeoutMs)) as Record<string, unknown> | null;
    if (typeof metadata !== 'object' || metadata === null) throw new Error('metadata is not an object');
    if (metadata['issuer'] !== metadataIssuer) throw new Error('metadata issuer mismatch');
    const uri = new URL(String(metadata['jwks_uri']));
    if (!isSafeUrl(uri)) throw new Error('unsafe jwks_uri');
    return uri;
  }

  async function refresh(): Promise<void> {
    attemptedAt = clock();
    try {
      const next = indexJwks(await getJson(await jwksUri(), timeoutMs));
      if (typeof next === 'string' || next.size === 0) throw new Error('no usable keys');
      index = next;
      fetchedAt = clock();
      lastFailed = false;
      emitTo(onEvent, { type: 'keys.refreshed', level: 'info', issuer: options.issuer, keys: next.size });
    } catch (e) {
      lastFailed = true;
      const reason = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : 'failed';
      emitTo(onEvent, { type: 'keys.refresh_failed', level: 'warn', issuer: options.issuer, reason });
    }
  }

  function refreshOnce(): Promise<void> {
    inflight ??= refresh().finally(() => {
      inflight = undefined;
    });
    return inflight;
  }

  const coolingDown = (): boolean => clock() - attemptedAt < cooldownMs;
  // True before the first successful fetch too (fetchedAt is -Infinity then).
  const expired = (): boolean => clock() - fetchedAt > maxAgeMs;
  // Past maxAgeMs but inside the stale-if-error window, with the last fetch failed: old keys may still serve.
  const usable = (): boolean =>
    !expired() || (lastFailed && clock() - fetchedAt <= maxAgeMs + staleIfErrorMs);
  const ageSeconds = (): number => Math.max(0, Math.round((clock() - fetchedAt) / 1000));

  async function lookup(selector: KeySelector) {
    if (expired() && !coolingDown()) await refreshOnce();
    else if (inflight !== undefined) await inflight;
    // Keys older than maxAgeMs (plus the stale-if-error window) are not used, even when the issuer cannot be
    // reached to replace them.
    if (index === undefined || !usable()) return err('keys_unavailable' as const);
    let jwk = selectJwk(index, selector, matchX5t);
    if (jwk === 'key_unknown' && !coolingDown()) {
      await refreshOnce();
      jwk = selectJwk(index, selector, matchX5t);
      if (jwk === 'key_unknown' && lastFailed) return err('keys_unavailable' as const);
    }
    if (typeof jwk === 'string') return err(jwk);
    if (expired()) {
      emitTo(onEvent, {
        type: 'keys.stale',
        level: 'warn',
        issuer: options.issuer,
        ageSeconds: ageSeconds(),
      });
    }
    const key = importPublicJwk(jwk, selector.alg, cache);
    return key === undefined ? err('key_unknown' as const) : ok(key);
  }

  return {
    issuer: options.issuer,
    state: () => ({ state: expired() ? 'stale' : 'fresh', ageSeconds: ageSeconds() }),
    resolve: async (selector) => {
      try {
        return await lookup(selector);
      } catch {
        return err('keys_unavailable');
      }
    },
  };
}
