// Issue 25, /readyz's key section: what `dsop-guard serve` says of a remote key set (buildKeySet's report) over
// both transitions, against a real key endpoint on loopback and a clock the test moves (the key set's cache
// clock and the report's instants): a refresh that fails after one that succeeded sets `failing` and
// `lastFailure`; a later success clears `failing` and moves `refreshedAt` past `lastFailure.at`, which stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKeySet } from '../../packages/cli/src/flags/buildKeySet.js';
import { egressFetch } from '../../packages/cli/src/flags/egressFetch.js';
import { mpKeys } from '../adapters/table.js';
import { type KeyServer, startKeyServer } from '../fixtures/keyServer.js';

const issuer = 'https://test.maskinporten.no/';
let keys: KeyServer;
let up = true;

beforeAll(async () => {
  keys = await startKeyServer();
  keys.route('/jwks', () => (up ? { body: JSON.stringify(mpKeys.jwks) } : { status: 503, body: '{}' }));
});
afterAll(async () => {
  await keys?.close();
});

describe("/readyz's report of a remote key set", () => {
  it('ok → failing → recovered: failing follows the latest refresh, lastFailure stays with its instant', async () => {
    let now = Date.UTC(2026, 11, 8, 2, 0, 0);
    const iso = (ms: number): string => new Date(ms).toISOString();
    const url = `${keys.url}jwks`;
    const built = buildKeySet(
      { flag: '--maskinporten-jwks', where: url, metadata: false, issuer, matchX5t: false },
      egressFetch(undefined, {}),
      undefined,
      () => now,
    );
    const resolve = (kid: string) => built.keySet.resolve({ kid, x5t: undefined, alg: 'RS256' });
    expect(built.report()).toEqual({ issuer, from: url, kind: 'jwks', failing: false });

    const first = now;
    expect((await resolve('mp-1')).isOk()).toBe(true);
    expect(built.report()).toEqual({
      issuer,
      from: url,
      kind: 'jwks',
      failing: false,
      refreshedAt: iso(first),
    });

    // Success → failure: a kid the set lacks makes it fetch, and the endpoint is down.
    up = false;
    now += 31_000;
    const failedAt = now;
    await resolve('mp-unknown');
    expect(built.report()).toEqual({
      issuer,
      from: url,
      kind: 'jwks',
      failing: true,
      refreshedAt: iso(first),
      lastFailure: { stage: 'jwks', cause: 'http_status', status: 503, url, at: iso(failedAt) },
    });

    // Failure → success: past the cooldown the next miss fetches again, and the endpoint is back.
    up = true;
    now += 31_000;
    const recovered = now;
    await resolve('mp-other');
    const report = built.report();
    expect(report).toEqual({
      issuer,
      from: url,
      kind: 'jwks',
      failing: false,
      refreshedAt: iso(recovered),
      lastFailure: { stage: 'jwks', cause: 'http_status', status: 503, url, at: iso(failedAt) },
    });
    expect(Date.parse(report.refreshedAt as string)).toBeGreaterThan(
      Date.parse(report.lastFailure?.at as string),
    );
  });
});
