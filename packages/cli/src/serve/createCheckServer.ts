import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type HttpGuard, rawHeaderLookup } from '@dsop-guard/adapters/http';
import { err, ok, type RefusalReason, type Result, type Verdict } from '@dsop-guard/core';
import { type AdminOptions, adminAnswer } from './adminAnswer.js';
import type { ServeMetrics } from './createServeMetrics.js';
import { type OriginalSource, readOriginalRequest } from './readOriginalRequest.js';
import { type Answer, sendAnswer } from './sendAnswer.js';

/**
 * Options of {@link createCheckServer}.
 *
 * @example
 * ```ts
 * const options: CheckServerOptions = { http, metrics };
 * ```
 */
export interface CheckServerOptions {
  /**
   * The HTTP guard (`createHttpGuard`) whose answers the server sends, or a function giving the current one
   * (`dsop-guard serve` swaps it on a policy reload): each check asks once, when it starts, and finishes under
   * that guard.
   */
  readonly http: HttpGuard | (() => HttpGuard);
  /** Counts every check. */
  readonly metrics: ServeMetrics;
  /**
   * Where the original request's URI and method are read (`GATEWAY_SOURCES[kind]`, or headers of your own); no
   * default, because a client can set any header a gateway does not overwrite. See {@link readOriginalRequest}
   * for what is refused.
   */
  readonly original: OriginalSource;
  /**
   * The admin endpoints on this same port (`--admin-port same`): `GET`/`HEAD` of exactly `/healthz`, `/readyz`
   * and `/metrics` answer them instead of being checks. Safe only behind a gateway that sends every check to one
   * fixed path (nginx `auth_request` to an internal location); behind one that forwards the client's own path
   * (Envoy `ext_authz` without `path_prefix`) a client's `GET /healthz` would be a 200, an allow. Default none: every request, whatever its method and path, is a check, and the admin endpoints are
   * {@link createAdminServer}'s, on a port of their own.
   */
  readonly admin?: AdminOptions;
  /**
   * Reads the person from the original request's path: the n-th segment (1 the first, -1 the last), for
   * services that carry it there (Skatteetaten), as written: a segment with a percent-escape, or none, is
   * refused (`input_malformed`), and the person rule takes only 11 ASCII digits (anything else, a separator
   * too, is `person_invalid`). Default none: the transport's person headers only.
   */
  readonly personSegment?: number;
}

/** A header value safe to send: visible ASCII and spaces only, short. Anything else is left out. */
const SAFE = /^[\x20-\x7E]{1,200}$/;

/** The one value of a header the request carries once, `null` when it is absent, `undefined` when repeated. */
function single(req: IncomingMessage, name: string): string | null | undefined {
  let found: string | null = null;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if ((req.rawHeaders[i] as string).toLowerCase() !== name) continue;
    if (found !== null) return undefined;
    found = req.rawHeaders[i + 1] as string;
  }
  return found;
}

/**
 * Segment `n` of the path (1 the first, -1 the last) as written, for the person rule, which takes 11 ASCII
 * digits and nothing else (`person_invalid`); a segment that is not there, or holds a percent-escape, is refused.
 */
function personAt(segments: readonly string[], n: number): Result<string, RefusalReason> {
  const value = n > 0 ? segments[n - 1] : segments[segments.length + n];
  if (value !== undefined && !value.includes('%')) return ok(value);
  return err({ code: 'input_malformed', ruleId: 'serve.person-from-path', path: `segment ${n}` });
}

/** The headers the gateway passes upstream on allow: no person, no token. */
function allowHeaders(verdict: Verdict, decisionId: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'x-dsop-decision': 'allow', 'cache-control': 'no-store' };
  const facts: [string, string | null | undefined][] = [
    ['x-dsop-consumer', verdict.subject.consumer],
    ['x-dsop-supplier', verdict.subject.supplier],
    ['x-dsop-delegation', verdict.subject.delegation],
    ['x-dsop-decision-id', decisionId],
    ['x-request-id', verdict.requestId],
  ];
  for (const [name, value] of facts) if (typeof value === 'string' && SAFE.test(value)) headers[name] = value;
  return headers;
}

/**
 * For a gateway that cannot pass the auth response's body on (nginx `auth_request` keeps only headers and turns
 * every status but 401 and 403 into 500), asked for with `X-Dsop-Problem-Headers: 1`: the status and the problem
 * body as headers too, for the gateway's error page to answer with ({@link sendAnswer} escapes what is not
 * ASCII as `\uXXXX`, so the header is the same JSON). A body longer than 8000 characters is left out (the
 * gateway then answers its own fallback).
 */
function problemHeaders(req: IncomingMessage, status: number, body: string): Record<string, string> {
  if (single(req, 'x-dsop-problem-headers') !== '1') return {};
  return {
    'x-dsop-status': String(status),
    ...(body.length <= 8000 ? { 'x-dsop-problem': body } : {}),
  };
}

async function check(req: IncomingMessage, options: CheckServerOptions): Promise<Answer> {
  const startedAt = performance.now();
  const { personSegment } = options;
  const http = typeof options.http === 'function' ? options.http() : options.http;
  const original = readOriginalRequest(req, options.original);
  const segments = original.isOk() ? original.value.target.segments : [];
  const person = personSegment === undefined ? undefined : personAt(segments, personSegment);
  const refusal = original.isErr() ? original.error : person?.isErr() ? person.error : undefined;
  // `decisionId` is the id of the verdict's record in the decision log (`--audit`): X-Dsop-Decision-Id.
  const { verdict, denial, decisionId } = await http.handle(
    rawHeaderLookup(req.rawHeaders),
    person?.isOk() ? () => person.value : undefined,
    {
      adapter: 'serve',
      route: original.isOk() ? original.value.target.route : null,
      method: original.isOk() ? original.value.method : null,
    },
    refusal,
  );
  const status = denial?.status ?? 200;
  options.metrics.checked(verdict, status, (performance.now() - startedAt) / 1000);
  if (denial === undefined) return { status: 200, headers: allowHeaders(verdict, decisionId), body: '' };
  // Exactly the HTTP adapters' answer: status, challenge, cache-control, problem body.
  const body = JSON.stringify(denial.body);
  return {
    status: denial.status,
    headers: { ...denial.headers, ...problemHeaders(req, denial.status, body) },
    body,
  };
}

/**
 * The check server of `dsop-guard serve`: an external authorization service for gateways (nginx `auth_request`,
 * Envoy `ext_authz`, Traefik `ForwardAuth`, Kong). Every request, whatever its method and path, is a check of the
 * original request whose headers the gateway forwards, its URI and method read where `original` says
 * ({@link readOriginalRequest}: a missing, repeated, contradicted or unreadable one is a `400`
 * `input_malformed`); only with `admin` do `GET`/`HEAD` of
 * exactly `/healthz`, `/readyz` and `/metrics` answer those instead. On allow it answers `200` with
 * `X-Dsop-Decision: allow`, `X-Dsop-Consumer`, `X-Dsop-Supplier`, `X-Dsop-Delegation`, `X-Dsop-Decision-Id` and
 * `X-Request-Id` (never the person or a token); on deny, exactly what the HTTP adapters answer: the verdict's
 * status, `WWW-Authenticate` where due, the RFC 9457 problem body (and, asked with `X-Dsop-Problem-Headers: 1`,
 * the status and body as `X-Dsop-Status` and `X-Dsop-Problem`). A failure in the server itself is a `500`
 * problem, never an allow.
 *
 * @example
 * ```ts
 * const server = createCheckServer({
 *   http: createHttpGuard(options),
 *   metrics: createServeMetrics(),
 *   original: GATEWAY_SOURCES.nginx,
 * });
 * server.listen(8080, '127.0.0.1');
 * ```
 */
export function createCheckServer(options: CheckServerOptions): Server {
  const { admin } = options;
  // Node looks for connections past their header or request timeout every connectionsCheckingInterval (30 s by
  // default, which made a 10 s header timeout act at about 32 s): every second instead.
  return createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    void sendAnswer(
      req,
      res,
      (admin === undefined ? undefined : adminAnswer(req, admin)) ?? check(req, options),
    );
  });
}
