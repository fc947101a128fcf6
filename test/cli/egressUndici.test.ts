// Issue 25, egress against the installed undici, so that an upgrade that changes what we read from it fails here
// rather than silently losing a cause or a routing decision:
// - `proxy_status`: undici's ProxyAgent says that a proxy refused CONNECT only in a message (a RequestAbortedError,
//   code UND_ERR_ABORTED, no status field, no error class of its own); core reads the status from that text, once.
//   Pinned here: the error's shape, and that core names it `proxy_status` with the status.
// - `proxyFor` (what the diagnostics name as the proxy) copies EnvHttpProxyAgent's NO_PROXY matching, which undici
//   keeps private. The law: over generated hosts, ports, schemes and NO_PROXY lists, `proxyFor` names exactly the
//   proxy undici's own routing sends the request to (a real CONNECT proxy on loopback per scheme logs it), and
//   `undefined` exactly when undici goes direct.
import { type GuardEvent, remoteKeySet } from '@dsop-guard/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressFetch } from '../../packages/cli/src/flags/egressFetch.js';
import { fcOptions } from '../arbitraries/fcOptions.js';
import { type ConnectProxy, closedPort, startConnectProxy } from '../fixtures/connectProxy.js';

let forHttp: ConnectProxy;
let forHttps: ConnectProxy;
let nothing: number;
beforeAll(async () => {
  [forHttp, forHttps, nothing] = await Promise.all([
    startConnectProxy('deny'),
    startConnectProxy('deny'),
    closedPort(),
  ]);
});
afterAll(async () => {
  await Promise.all([forHttp?.close(), forHttps?.close()]);
});

describe('proxy_status: what the installed undici says when a proxy refuses CONNECT', () => {
  it('a TypeError whose cause is UND_ERR_ABORTED with the status only in its message, no status field', async () => {
    const egress = egressFetch(forHttp.url, {});
    try {
      const error = await egress.fetch(`http://127.0.0.1:${nothing}/jwk`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      // The causes, outermost first: fetch's TypeError, a DOMException, then undici's RequestAbortedError.
      const chain: Record<string, unknown>[] = [];
      let link = error as Record<string, unknown> | undefined;
      while (link !== undefined) {
        chain.push(link);
        link = link['cause'] as Record<string, unknown> | undefined;
      }
      const aborted = chain.findIndex((e) => e['code'] === 'UND_ERR_ABORTED');
      // core looks 4 causes deep: the one it reads must be within them.
      expect(aborted).toBeGreaterThan(0);
      expect(aborted).toBeLessThan(4);
      const cause = chain[aborted] as Record<string, unknown>;
      expect(cause['message']).toBe('Proxy response (403) !== 200 when HTTP Tunneling');
      // A structured status would be the thing to read instead of the text: none in this undici, on any cause.
      for (const e of chain) expect(Object.keys(e).filter((k) => /status/i.test(k))).toEqual([]);
    } finally {
      await egress.close();
    }
  });

  it("core's remoteKeySet names it proxy_status with the status (the event a refused CONNECT raises)", async () => {
    const egress = egressFetch(forHttp.url, {});
    const events: GuardEvent[] = [];
    try {
      const keys = remoteKeySet({
        issuer: 'https://test.maskinporten.no/',
        jwksUri: `http://127.0.0.1:${nothing}/jwk`,
        fetch: egress.fetch,
        onEvent: (e) => events.push(e),
      });
      const got = await keys.resolve({ kid: 'k', x5t: undefined, alg: 'RS256' });
      expect(got.isErr()).toBe(true);
      expect(events.find((e) => e.type === 'keys.refresh_failed')).toMatchObject({
        cause: 'proxy_status',
        status: 403,
        url: `http://127.0.0.1:${nothing}/jwk`,
      });
    } finally {
      await egress.close();
    }
  });
});

/** Host names from a few labels (so NO_PROXY entries hit, miss and half-match them), in any case, and loopback IPs. */
const label = fc.constantFrom('a', 'b', 'api', 'bank', 'xn--bnk-0na', 'b1');
const tld = fc.constantFrom('example', 'test', 'internal');
const named = fc
  .tuple(fc.array(label, { minLength: 0, maxLength: 2 }), fc.constantFrom('bank', 'api', 'a'), tld)
  .map(([sub, domain, top]) => [...sub, domain, top].join('.'));
const host = fc.oneof(
  { weight: 5, arbitrary: named },
  { weight: 1, arbitrary: fc.constantFrom('127.0.0.1', '[::1]') },
);
const casing = (text: string, upper: readonly boolean[]): string =>
  [...text].map((c, i) => (upper[i % Math.max(upper.length, 1)] === true ? c.toUpperCase() : c)).join('');

/** One NO_PROXY entry: a host or a domain, with a leading `.` or `*.` or none, with a port or none, any case. */
const entry = fc
  .record({
    name: fc.oneof(
      named,
      tld,
      fc.constantFrom('bank.example', 'api.test', '127.0.0.1', '[::1]', 'localhost'),
    ),
    lead: fc.constantFrom('', '', '.', '*.'),
    port: fc.constantFrom('', '', ':80', ':443', ':8080'),
    upper: fc.array(fc.boolean(), { maxLength: 4 }),
  })
  .map(({ name, lead, port, upper }) => `${lead}${casing(name, upper)}${port}`);
const noProxy = fc
  .oneof(
    {
      weight: 8,
      arbitrary: fc.tuple(fc.array(entry, { maxLength: 4 }), fc.constantFrom(',', ' ', ', ', ',,')),
    },
    { weight: 1, arbitrary: fc.constant([['*'], ','] as [string[], string]) },
  )
  .map(([entries, sep]) => entries.join(sep));

/** NO_PROXY entries made from the host itself (it, a parent domain, with a `.`/`*.`, a port), to hit it often. */
const derived = (name: string): fc.Arbitrary<string> =>
  fc
    .record({
      drop: fc.nat({ max: 2 }),
      // A suffix that is not a domain of it (`ank.example` for `bank.example`): must not match.
      chop: fc.boolean(),
      lead: fc.constantFrom('', '.', '*.'),
      port: fc.constantFrom('', ':80', ':443', ':8080'),
      upper: fc.array(fc.boolean(), { maxLength: 4 }),
    })
    .map(({ drop, chop, lead, port, upper }) => {
      const labels = name.startsWith('[') ? [name] : name.split('.');
      const whole = labels.slice(Math.min(drop, Math.max(labels.length - 2, 0))).join('.');
      const kept = chop && !name.startsWith('[') ? whole.slice(1) : whole;
      return `${lead}${casing(kept, upper)}${port}`;
    });

describe('proxyFor agrees with undici routing', { timeout: 120_000 }, () => {
  it('law: proxyFor(url) names the proxy undici sends the request to, undefined exactly when it goes direct', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        host.chain((name) =>
          fc.tuple(
            fc.constant(name),
            fc.oneof(
              noProxy,
              fc
                .tuple(
                  fc.array(derived(name), { minLength: 1, maxLength: 2 }),
                  fc.array(entry, { maxLength: 2 }),
                )
                .map(([own, other]) => [...other, ...own].join(',')),
            ),
          ),
        ),
        fc.constantFrom('http:', 'https:'),
        fc.constantFrom('', ':80', ':443', ':8080'),
        fc.array(fc.boolean(), { maxLength: 4 }),
        async ([name, list], scheme, port, upper) => {
          const url = new URL(`${scheme}//${casing(name, upper)}${port}/jwk`);
          const egress = egressFetch(undefined, {
            HTTP_PROXY: forHttp.url,
            HTTPS_PROXY: forHttps.url,
            NO_PROXY: list,
          });
          const before = [forHttp.targets.length, forHttps.targets.length];
          try {
            await egress.fetch(url, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
          } finally {
            await egress.close();
          }
          const viaHttp = forHttp.targets.length > (before[0] as number);
          const viaHttps = forHttps.targets.length > (before[1] as number);
          const routed = viaHttp ? forHttp.url : viaHttps ? forHttps.url : undefined;
          expect(viaHttp && viaHttps).toBe(false);
          if (routed !== undefined)
            expect((viaHttp ? forHttp : forHttps).targets.at(-1)).toBe(
              `${url.hostname}:${url.port === '' ? (scheme === 'https:' ? 443 : 80) : url.port}`,
            );
          expect(egress.proxyFor(url)).toBe(routed);
          seen.add(routed === undefined ? 'direct' : routed === forHttp.url ? 'http proxy' : 'https proxy');
        },
      ),
      fcOptions(0.6),
    );
    // The generators reach every route, so agreement is not agreement on one answer.
    expect([...seen].sort()).toEqual(['direct', 'http proxy', 'https proxy']);
  });
});
