import { err, ok, type RefusalReason, type Result } from '@dsop-guard/core';
import { type OriginalTarget, readOriginalTarget } from './readOriginalTarget.js';

/**
 * Where the original request's URI and method come from: a header name each (lower case), or `:path` and
 * `:method` for the check request's own target and method (Envoy `ext_authz` sends the original request so).
 *
 * @example
 * ```ts
 * const source: OriginalSource = { uri: 'x-forwarded-uri', method: 'x-forwarded-method' };
 * ```
 */
export interface OriginalSource {
  readonly uri: string;
  readonly method: string;
}

/** The gateways `dsop-guard serve --gateway` names. */
export type GatewayKind = 'nginx' | 'traefik' | 'caddy' | 'haproxy' | 'envoy';

/**
 * The headers each gateway sets: nginx and HAProxy as our configurations in docs/gateways.md set them
 * (`proxy_set_header X-Original-URI $request_uri`, `http-request set-header X-Original-URI %[url]`), Traefik
 * `ForwardAuth` and Caddy `forward_auth` their own `X-Forwarded-Uri` and `X-Forwarded-Method`, Envoy
 * `ext_authz` (HTTP) the original method and path as the check's own.
 */
export const GATEWAY_SOURCES: Readonly<Record<GatewayKind, OriginalSource>> = {
  nginx: { uri: 'x-original-uri', method: 'x-original-method' },
  haproxy: { uri: 'x-original-uri', method: 'x-original-method' },
  traefik: { uri: 'x-forwarded-uri', method: 'x-forwarded-method' },
  caddy: { uri: 'x-forwarded-uri', method: 'x-forwarded-method' },
  envoy: { uri: ':path', method: ':method' },
};

/** Headers some gateway or proxy uses to name the original URI or method: one of them beside the source is a conflict. */
const URI_HEADERS = ['x-original-uri', 'x-forwarded-uri', 'x-original-url', 'x-rewrite-url'];
const METHOD_HEADERS = ['x-original-method', 'x-forwarded-method'];
/** An HTTP method is a token (RFC 9110 §9.1). */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

/** The original request as the gateway forwarded it. */
export interface OriginalRequest {
  readonly target: OriginalTarget;
  readonly method: string;
}

/** The request as {@link readOriginalRequest} reads it: Node's `IncomingMessage` has these. */
export interface CheckRequest {
  readonly rawHeaders: readonly string[];
  readonly url?: string | undefined;
  readonly method?: string | undefined;
}

function valuesOf(rawHeaders: readonly string[], name: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if ((rawHeaders[i] as string).toLowerCase() === name) found.push(rawHeaders[i + 1] as string);
  return found;
}

/** The one value of `name` (or the request's own), refused when absent, repeated, or contradicted by another known header. */
function readOne(
  req: CheckRequest,
  name: string,
  known: readonly string[],
  ruleId: string,
): Result<string, RefusalReason> {
  const refuse = (path: string) => err({ code: 'input_malformed' as const, ruleId, path });
  const own = name === ':path' ? req.url : name === ':method' ? req.method : undefined;
  const given = own === undefined ? valuesOf(req.rawHeaders, name) : [own];
  if (given.length !== 1) return refuse(name);
  const value = given[0] as string;
  for (const other of known) {
    if (other === name) continue;
    const values = valuesOf(req.rawHeaders, other);
    if (values.length > 1 || (values.length === 1 && values[0] !== value)) return refuse(other);
  }
  return ok(value);
}

/**
 * Reads the original request's URI and method from where `source` says, and only there: raw header lines, so
 * that a repeated header is seen. Refuses (`input_malformed`, rule `serve.original-uri` or
 * `serve.original-method`, the path naming the header) a header that is missing or given twice (even with equal
 * values), another of the known URI or method headers (`X-Original-URI`, `X-Forwarded-Uri`, `X-Original-URL`,
 * `X-Rewrite-URL`; `X-Original-Method`, `X-Forwarded-Method`) with a different value, a target
 * {@link readOriginalTarget} refuses, and a method that is not an HTTP token.
 *
 * @example
 * ```ts
 * const original = readOriginalRequest(req, GATEWAY_SOURCES.traefik);
 * if (original.isOk()) original.value.target.segments; // ['inntekt', '01085301957', 'oppgave']
 * ```
 */
export function readOriginalRequest(
  req: CheckRequest,
  source: OriginalSource,
): Result<OriginalRequest, RefusalReason> {
  const uriKnown = [...URI_HEADERS, source.uri];
  const uri = readOne(req, source.uri, uriKnown, 'serve.original-uri');
  if (uri.isErr()) return err(uri.error);
  const target = readOriginalTarget(uri.value);
  if (target.isErr()) return err({ code: 'input_malformed', ruleId: 'serve.original-uri', path: source.uri });
  const method = readOne(req, source.method, [...METHOD_HEADERS, source.method], 'serve.original-method');
  if (method.isErr()) return err(method.error);
  if (!METHOD.test(method.value))
    return err({ code: 'input_malformed', ruleId: 'serve.original-method', path: source.method });
  return ok({ target: target.value, method: method.value });
}
