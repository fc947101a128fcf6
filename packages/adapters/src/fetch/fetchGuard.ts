import { ConfigError, checkOptionKeys, type Verdict } from '@dsop-guard/core';
import { createHttpGuard, HTTP_GUARD_OPTIONS, type HttpGuardOptions } from '../http/createHttpGuard.js';

/**
 * Options of {@link fetchGuard}: the guard's options and status overrides.
 *
 * @example
 * ```ts
 * const options: FetchGuardOptions = { preset: preset('skatteetaten-inntekt', 'test') };
 * ```
 */
export interface FetchGuardOptions extends HttpGuardOptions {
  /**
   * Reads the person from the request when the service puts it in the URL (Skatteetaten), e.g.
   * `(request) => new URL(request.url).pathname.split('/').at(-1)`. Default: the transport's person headers only.
   */
  readonly person?: (request: Request) => unknown;
}

function pathOf(url: string): string | null {
  try {
    return new URL(url).pathname;
  } catch {
    return null;
  }
}

/**
 * A guard for Fetch API servers (Hono, Next.js route handlers, Deno, Bun, Cloudflare-style workers): resolves
 * to the `Verdict` on allow, and to the `Response` to return on deny (status, RFC 6750 challenge where due,
 * `application/problem+json` body). Never rejects. Options are checked when it is built (`ConfigError`).
 *
 * @example
 * ```ts
 * import { fetchGuard } from '@dsop-guard/adapters/fetch';
 * import { preset } from '@dsop-guard/rules';
 *
 * const guard = fetchGuard({ preset: preset('lanekassen-saldo', 'test') });
 * export async function GET(request: Request): Promise<Response> {
 *   const verdict = await guard(request);
 *   if (verdict instanceof Response) return verdict;
 *   return Response.json({ consumer: verdict.subject.consumer });
 * }
 * ```
 */
export function fetchGuard(options: FetchGuardOptions): (request: Request) => Promise<Response | Verdict> {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, [...HTTP_GUARD_OPTIONS, 'person'], 'fetchGuard');
  const { person, ...httpOptions } = options;
  const http = createHttpGuard(httpOptions);
  return async (request) => {
    const { verdict, denial } = await http.handle(
      (name) => request.headers.get(name),
      person && (() => person(request)),
      { adapter: 'fetch', route: pathOf(request.url), method: request.method },
    );
    if (denial === undefined) return verdict;
    return new Response(JSON.stringify(denial.body), { status: denial.status, headers: denial.headers });
  };
}
