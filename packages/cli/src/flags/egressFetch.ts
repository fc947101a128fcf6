import { EnvHttpProxyAgent, Pool, fetch as undiciFetch } from 'undici';
import { UsageError } from './usageError.js';

// Private: the fetch every outbound request of the CLI goes through (metadata, JWKS, the inspector's issuer keys):
// an egress proxy from `--proxy <url>`, else from HTTPS_PROXY / HTTP_PROXY, with NO_PROXY's exceptions (the
// lower-case forms first, as curl and undici read them), through undici's EnvHttpProxyAgent. Without a proxy,
// the global fetch, as before. The time and body limits are the caller's: they hold on whatever fetch this is.

/** The egress of one command: its fetch, and which proxy a URL goes through, for the diagnostics. */
export interface Egress {
  /** The fetch to give every key set and every other outbound request. */
  readonly fetch: typeof fetch;
  /** The proxy a request to `url` goes through, printable (no user info), or `undefined` when it goes direct. */
  readonly proxyFor: (url: URL) => string | undefined;
  /** One line for the start-up notes: the proxies and where they come from (no user info), or that there is none. */
  readonly summary: string;
  /** Ends every connection the egress holds (a CONNECT the proxy never answered too): when the command ends. */
  readonly close: () => Promise<void>;
}

/**
 * How long a proxy may take to answer CONNECT before its connection is closed, ms. The key fetch gives up at its
 * own time limit (5 s) whatever this is; this only ends the connection a proxy that hangs leaves behind.
 */
const CONNECT_ANSWER_MS = 10_000;

type Env = Readonly<Record<string, string | undefined>>;

/** A proxy URL as it may be printed: user info (a credential) as `***@`, never its name or password. */
function printableProxy(url: URL): string {
  const user = url.username === '' && url.password === '' ? '' : '***@';
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.protocol}//${user}${url.host}${path}`;
}

/**
 * A proxy URL, checked: http or https, a host; `proxy.bank.example:3128` without a scheme is http, as curl reads
 * it. `from` names the flag or variable; a bad value is never echoed (it may hold a password).
 */
function proxyUrl(from: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? value : `http://${value}`);
  } catch {
    throw new UsageError(`${from}: give the proxy as http://host:port or https://host:port (not a URL)`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    throw new UsageError(
      `${from}: give the proxy as http://host:port or https://host:port (got ${url.protocol})`,
    );
  return url;
}

/** The first of the variables that is set and not empty, with its name. */
function fromEnv(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return { name, value };
  }
  return undefined;
}

interface NoProxyEntry {
  readonly hostname: string;
  readonly port: number;
}

/** NO_PROXY as undici's EnvHttpProxyAgent reads it: host names (a leading `.` or `*.` dropped), an optional port. */
function noProxyEntries(value: string): readonly NoProxyEntry[] {
  return value
    .split(/[,\s]/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const parsed = /^(.+):(\d+)$/.exec(entry);
      return {
        hostname: (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase(),
        port: parsed?.[2] === undefined ? 0 : Number.parseInt(parsed[2], 10),
      };
    });
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * Whether EnvHttpProxyAgent sends a request to `url` through its proxy, given NO_PROXY (the same rules: undici
 * keeps its decision private). test/cli/egressUndici.test.ts states the law: over generated hosts and NO_PROXY
 * lists, this and undici's actual routing (through real CONNECT proxies) agree.
 */
function proxied(url: URL, noProxy: string, entries: readonly NoProxyEntry[]): boolean {
  if (entries.length === 0) return true;
  if (noProxy === '*') return false;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  return !entries.some(
    (e) =>
      (e.port === 0 || e.port === port) && (hostname === e.hostname || hostname.endsWith(`.${e.hostname}`)),
  );
}

/**
 * The egress of a command: `--proxy <url>` (for http and https alike; it wins over the environment), else
 * `https_proxy`/`HTTPS_PROXY` for https URLs and `http_proxy`/`HTTP_PROXY` for http ones (https falls back to the
 * http proxy), minus the hosts in `no_proxy`/`NO_PROXY`. Throws a {@link UsageError} naming the flag or variable
 * when a proxy is not an http(s) URL.
 *
 * @example
 * ```ts
 * const egress = egressFetch('http://proxy.bank.example:3128', process.env);
 * remoteKeySet({ issuer, jwksUri, fetch: egress.fetch });
 * ```
 */
export function egressFetch(flag: string | undefined, env: Env = process.env): Egress {
  const given = flag === undefined ? undefined : { name: '--proxy', value: flag };
  const http = given ?? fromEnv(env, ['http_proxy', 'HTTP_PROXY']);
  const https = given ?? fromEnv(env, ['https_proxy', 'HTTPS_PROXY']) ?? http;
  if (http === undefined && https === undefined)
    return {
      fetch: globalThis.fetch,
      proxyFor: () => undefined,
      summary: 'egress: direct (no proxy set)',
      close: async () => {},
    };
  const httpUrl = http === undefined ? undefined : proxyUrl(http.name, http.value);
  const httpsUrl = https === undefined ? undefined : proxyUrl(https.name, https.value);
  const noProxy = fromEnv(env, ['no_proxy', 'NO_PROXY'])?.value ?? '';
  const entries = noProxyEntries(noProxy);
  const agent = new EnvHttpProxyAgent({
    ...(httpUrl === undefined ? {} : { httpProxy: httpUrl.href }),
    ...(httpsUrl === undefined ? {} : { httpsProxy: httpsUrl.href }),
    noProxy,
    clientFactory: (origin: URL | string, options: object) =>
      new Pool(origin, { ...options, headersTimeout: CONNECT_ANSWER_MS }),
  });
  const proxyFor = (url: URL): string | undefined => {
    if (!proxied(url, noProxy, entries)) return undefined;
    const proxy = url.protocol === 'https:' ? httpsUrl : httpUrl;
    return proxy === undefined ? undefined : printableProxy(proxy);
  };
  const named = (what: string, url: URL | undefined, from: { name: string } | undefined): string =>
    url === undefined ? `${what} direct` : `${what} via ${printableProxy(url)} (${from?.name})`;
  const summary = `egress: ${named('https', httpsUrl, https)}, ${named('http', httpUrl, http)}${
    noProxy === '' ? '' : `; direct to ${noProxy} (NO_PROXY)`
  }`;
  const fetch = ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: agent,
    })) as unknown as typeof globalThis.fetch;
  return { fetch, proxyFor, summary, close: () => agent.destroy() };
}
