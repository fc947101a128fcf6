import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type Environment, preset } from '@dsop-guard/rules';
import { egressFetch } from '../flags/egressFetch.js';
import { parseFlags } from '../flags/parseFlags.js';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';
import { protectMessage } from '../io/protectMessage.js';
import type { InspectorPage } from './buildInspectorPage.js';
import { inspectHelp } from './inspectHelp.js';

// Private: the `inspect` command. Serves the inspector page on 127.0.0.1 (and, when the page asks, fetches an
// issuer's published JWKS for it: the only request that ever leaves the machine), or writes the page as one
// self-contained file with --out. From the built package the pages come from dist/inspect/inspector-*.json
// (written at `pnpm build`); from source they are bundled on the fly with esbuild.

const options = {
  port: { type: 'string' },
  proxy: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAX_JWKS_BYTES = 256 * 1024;

async function pageFor(mode: 'server' | 'file'): Promise<InspectorPage> {
  const built = new URL(`../inspect/inspector-${mode}.json`, import.meta.url);
  if (existsSync(built)) return JSON.parse(readFileSync(built, 'utf8')) as InspectorPage;
  const { buildInspectorPage } = await import('./buildInspectorPage.js');
  return buildInspectorPage({ mode });
}

/** The issuer's JWKS, from the published locations the presets name (reference §2.1, §3.2). */
async function issuerJwks(
  issuer: string,
  env: Environment,
  fetch: typeof globalThis.fetch,
): Promise<unknown> {
  const p = preset('lanekassen-saldo', env);
  const get = async (url: string): Promise<unknown> => {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error(`${url} sent more than ${MAX_JWKS_BYTES} bytes`);
    return JSON.parse(text);
  };
  if (issuer === 'altinn') return get(p.consentJwksUri);
  const metadata = (await get(p.metadataUrl)) as { jwks_uri?: unknown } | null;
  const uri = metadata?.jwks_uri;
  if (typeof uri !== 'string' || new URL(uri).origin !== new URL(p.issuer).origin)
    throw new Error(`${p.metadataUrl} names no jwks_uri on ${new URL(p.issuer).origin}`);
  return get(uri);
}

function answer(res: ServerResponse, status: number, type: string, body: string, csp?: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(csp === undefined ? {} : { 'content-security-policy': `${csp}; frame-ancestors 'none'` }),
  });
  res.end(body);
}

/**
 * Whether a request comes from another site's page (a cross-site fetch, an <img>, a form): a Sec-Fetch-Site other
 * than same-origin or none (the address bar), or an Origin other than the server's own. Requests without either
 * (curl) are the user's own.
 */
function crossSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  return origin !== undefined && origin !== `http://${req.headers.host}`;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  page: InspectorPage,
  port: number,
  fetch: typeof globalThis.fetch,
): Promise<void> {
  // A page of another site that resolves its name to 127.0.0.1 (DNS rebinding) sends its own Host: refused.
  if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`)
    return answer(res, 421, 'text/plain; charset=utf-8', 'wrong host\n');
  if (req.method !== 'GET') return answer(res, 405, 'text/plain; charset=utf-8', 'GET only\n');
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (url.pathname === '/' || url.pathname === '/index.html')
    return answer(res, 200, 'text/html; charset=utf-8', page.html, page.csp);
  if (url.pathname === '/jwks') {
    if (crossSite(req)) return answer(res, 403, 'text/plain; charset=utf-8', 'not from this page\n');
    const issuer = url.searchParams.get('issuer');
    const env = url.searchParams.get('env');
    if ((issuer !== 'maskinporten' && issuer !== 'altinn') || (env !== 'test' && env !== 'prod'))
      return answer(
        res,
        400,
        'text/plain; charset=utf-8',
        'give issuer=maskinporten|altinn and env=test|prod\n',
      );
    try {
      const jwks = await issuerJwks(issuer, env, fetch);
      return answer(res, 200, 'application/json', JSON.stringify(jwks, null, 2));
    } catch (e) {
      return answer(res, 502, 'text/plain; charset=utf-8', `${(e as Error).message}\n`);
    }
  }
  return answer(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

function portOf(text: string | undefined): number {
  if (text === undefined) return 8417;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(`--port: give 0–65535 (got ${quote(text)})`);
  return Number(text);
}

/**
 * `dsop-guard inspect`: exit 0 when the file is written or the server is stopped, 2 for a usage error.
 *
 * @example
 * ```ts
 * process.exitCode = await inspect(['--out', 'inspector.html']);
 * ```
 */
export async function inspect(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, options).values;
  if (flags.help === true) {
    process.stdout.write(inspectHelp);
    return 0;
  }
  if (flags.out !== undefined && flags.port !== undefined)
    throw new UsageError('give --out or --port, not both');
  if (flags.out !== undefined) {
    const out = flags.out;
    if (out === '') throw new UsageError('--out: give a file name');
    const page = await pageFor('file');
    await writeFile(out, page.html).catch((e: Error) => {
      throw new UsageError(
        `--out: cannot write ${quote(out)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
      );
    });
    process.stdout.write(`${protectMessage(out)}\n`);
    return 0;
  }
  const wanted = portOf(flags.port);
  const egress = egressFetch(flags.proxy);
  const page = await pageFor('server');
  let port = wanted;
  const server = createServer((req, res) => {
    handle(req, res, page, port, egress.fetch).catch(() => {
      if (!res.headersSent) answer(res, 500, 'text/plain; charset=utf-8', 'error\n');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot listen on 127.0.0.1:${wanted}: ${e.code ?? e.message}`)),
    );
    server.listen(wanted, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address !== null ? address.port : wanted;
  process.stdout.write(
    `dsop-guard inspect: http://127.0.0.1:${port}/ (only on this machine; Ctrl-C stops it)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
