// Private: why one refresh of a remote key set failed, as an operator needs it: which URL (never its query or
// user info), at which stage, and the cause as a short code (a system error such as `ECONNREFUSED` or
// `ENOTFOUND`, a TLS error code such as `CERT_HAS_EXPIRED`, or one of this module's own), with the HTTP status
// when there was one. Never a body, a header or key material.

/** The causes this module names itself; any other cause is the code of the system or TLS error underneath. */
export type KeyFetchCause =
  | 'timeout'
  | 'http_status'
  | 'body_too_large'
  | 'body_not_utf8'
  | 'body_not_json'
  | 'redirect_refused'
  | 'metadata_invalid'
  | 'metadata_issuer_mismatch'
  | 'jwks_uri_unsafe'
  | 'no_usable_keys'
  | 'proxy_status'
  | 'fetch_failed';

/** What a failed refresh reports (the `keys.refresh_failed` event carries it). */
export interface KeyFetchFailure {
  /** The URL that failed: origin and path only. */
  readonly url: string;
  readonly stage: 'metadata' | 'jwks';
  /** A {@link KeyFetchCause}, or the code of the system or TLS error (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, …). */
  readonly cause: string;
  /** The HTTP status, for `http_status`; the egress proxy's answer to CONNECT, for `proxy_status`. */
  readonly status?: number;
}

/** A failure of one stage of a refresh, thrown inside fetchJwks and caught by the key set. */
export class KeyFetchError extends Error {
  override readonly name = 'KeyFetchError';
  constructor(readonly failure: KeyFetchFailure) {
    super(describeKeyFetchFailure(failure));
  }
}

/** `GET https://host/path: cause` (with the status for `http_status`). */
export function describeKeyFetchFailure(f: KeyFetchFailure): string {
  return `${f.stage} ${f.url}: ${f.cause}${f.status === undefined ? '' : ` ${f.status}`}`;
}

/** The URL as a failure names it: no query, fragment or user info. */
export function urlForFailure(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/**
 * undici's one way of saying that an egress proxy answered CONNECT with another status than 200 (ProxyAgent's
 * RequestAbortedError carries no field for it, and no cause holds one): read here, once, into `proxy_status` and
 * the status. test/cli/egressUndici.test.ts pins the text, and the absence of a status field, against the
 * installed undici, so an upgrade that changes either fails there.
 */
const PROXY_STATUS = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;

/** The cause of an error a fetch threw, and the status that goes with it (`proxy_status`). */
export function fetchErrorOf(error: unknown): { readonly cause: string; readonly status?: number } {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth += 1) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    const proxy =
      code === 'UND_ERR_ABORTED' && typeof message === 'string' ? PROXY_STATUS.exec(message) : null;
    if (proxy !== null) return { cause: 'proxy_status', status: Number(proxy[1]) };
    e = (e as { cause?: unknown }).cause;
  }
  return { cause: causeOf(error) };
}

/** The cause of an error a fetch threw: the code of the deepest system or TLS error it wraps, else one of ours. */
export function causeOf(error: unknown): string {
  if (error instanceof KeyFetchError) return error.failure.cause;
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth += 1) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
    if (typeof code === 'string' && CODE.test(code)) {
      return code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' ? 'timeout' : code;
    }
    if (typeof message === 'string' && /redirect/i.test(message)) return 'redirect_refused';
    e = (e as { cause?: unknown }).cause;
  }
  return 'fetch_failed';
}

/** The failure a refresh reports for what it caught: a KeyFetchError's own, else a failure at `url`. */
export function failureOf(error: unknown, url: URL, stage: KeyFetchFailure['stage']): KeyFetchFailure {
  return error instanceof KeyFetchError
    ? error.failure
    : { url: urlForFailure(url), stage, ...fetchErrorOf(error) };
}
