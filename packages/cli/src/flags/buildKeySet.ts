import { readFileSync } from 'node:fs';
import { ConfigError, type GuardEvent, type KeySet, localKeySet, remoteKeySet } from '@dsop-guard/core';
import type { Egress } from './egressFetch.js';
import { quote } from './quote.js';
import { UsageError } from './usageError.js';

// Private: one key set of the CLI (from a flag, or a preset's remote one), what `serve`'s /readyz says of it, and
// the start-up note naming where it is loaded from.

/** The last failed refresh of a remote key set, as /readyz shows it: no token, no key, no query, no user info. */
export interface KeyFetchReport {
  readonly stage: 'metadata' | 'jwks';
  readonly cause: string;
  readonly status?: number;
  readonly url: string;
  readonly proxy?: string;
  /** When it failed, ISO 8601. */
  readonly at: string;
}

/** What /readyz says of one key set. */
export interface KeySetReport {
  readonly issuer: string;
  /** A file path, or the URL (origin and path) the keys are fetched from. */
  readonly from: string;
  readonly kind: 'file' | 'jwks' | 'metadata';
  /** The egress proxy its fetches go through, without user info; absent when they go direct. */
  readonly proxy?: string;
  /**
   * Whether the latest refresh failed (a remote key set only): `true` from a failure until a later refresh
   * succeeds, then `false` again; `lastFailure` stays, so that `/readyz` tells a set failing now from one that
   * failed and recovered (`refreshedAt` later than `lastFailure.at`).
   */
  readonly failing?: boolean;
  /** The last successful refresh, ISO 8601; absent before the first. */
  readonly refreshedAt?: string;
  /** The last failed refresh (kept after a later success), absent when none failed since the process started. */
  readonly lastFailure?: KeyFetchReport;
}

/** Where one key set comes from. */
export interface KeySetSpec {
  /** The flag that named it, for errors; `undefined` for a preset's. */
  readonly flag: string | undefined;
  /** A file path, an http(s) JWKS URL, or (`metadata: true`) the issuer's metadata URL. */
  readonly where: string;
  readonly metadata: boolean;
  readonly issuer: string;
  readonly matchX5t: boolean;
}

/** A key set and what is known of it. */
export interface BuiltKeySet {
  readonly keySet: KeySet;
  readonly report: () => KeySetReport;
}

type Failed = Extract<GuardEvent, { type: 'keys.refresh_failed' }>;

/** Runs `fn`, turning a ConfigError into a usage error that names the flag. */
function as<T>(flag: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${flag ?? '--preset'}: ${e.message}`);
    throw e;
  }
}

function fromFile(spec: KeySetSpec): BuiltKeySet {
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(spec.where, 'utf8'));
  } catch (e) {
    throw new UsageError(
      `${spec.flag}: cannot read a JWKS from ${quote(spec.where)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const keySet = as(spec.flag, () => localKeySet({ issuer: spec.issuer, jwks, matchX5t: spec.matchX5t }));
  return { keySet, report: () => ({ issuer: spec.issuer, from: spec.where, kind: 'file' }) };
}

/** The URL as the notes and /readyz name it: origin and path, never a query or user info. */
function shown(where: string): string {
  const url = new URL(where);
  return `${url.origin}${url.pathname}`;
}

/**
 * The key set of a flag or a preset: a local one from a file, else a remote one fetched through the egress.
 * Its `keys.refresh_failed` events gain the `proxy` the fetch went through, and are remembered for the report;
 * every event then goes on to `onEvent`. `clock` (ms, default `Date.now`) is the key set's cache clock and
 * the instants of the report.
 *
 * @example
 * ```ts
 * const mp = buildKeySet(
 *   { flag: '--maskinporten-jwks', where: 'mp.jwks.json', metadata: false, issuer, matchX5t: false },
 *   egressFetch(undefined),
 *   undefined,
 * );
 * ```
 */
export function buildKeySet(
  spec: KeySetSpec,
  egress: Egress,
  onEvent: ((event: GuardEvent) => void) | undefined,
  clock: () => number = Date.now,
): BuiltKeySet {
  if (!/^https?:\/\//.test(spec.where)) return fromFile(spec);
  let refreshedAt: string | undefined;
  let lastFailure: KeyFetchReport | undefined;
  let failing = false;
  const heard = (event: GuardEvent): void => {
    let told = event;
    if (event.type === 'keys.refresh_failed') {
      const proxy = egress.proxyFor(new URL(event.url));
      const failed: Failed = proxy === undefined ? event : { ...event, proxy };
      const { stage, cause, status, url } = failed;
      lastFailure = {
        stage,
        cause,
        ...(status === undefined ? {} : { status }),
        url,
        ...(proxy === undefined ? {} : { proxy }),
        at: new Date(clock()).toISOString(),
      };
      failing = true;
      told = failed;
    } else if (event.type === 'keys.refreshed') {
      refreshedAt = new Date(clock()).toISOString();
      failing = false;
    }
    onEvent?.(told);
  };
  const location = spec.metadata ? { metadataUrl: spec.where } : { jwksUri: spec.where };
  const keySet = as(spec.flag, () =>
    remoteKeySet({
      issuer: spec.issuer,
      ...location,
      matchX5t: spec.matchX5t,
      fetch: egress.fetch,
      clock,
      onEvent: heard,
    }),
  );
  const proxy = egress.proxyFor(new URL(spec.where));
  const report = (): KeySetReport => ({
    issuer: spec.issuer,
    from: shown(spec.where),
    kind: spec.metadata ? 'metadata' : 'jwks',
    ...(proxy === undefined ? {} : { proxy }),
    failing,
    ...(refreshedAt === undefined ? {} : { refreshedAt }),
    ...(lastFailure === undefined ? {} : { lastFailure }),
  });
  return { keySet, report };
}
