import { fetchErrorOf, KeyFetchError, type KeyFetchFailure, urlForFailure } from './keyFetchFailure.js';

// Private: one refresh of a remote key set over HTTP: the metadata document (when there is one), then the JWKS,
// under one time limit for the whole refresh, with body limits enforced on decoded bytes while they stream in.
// Every failure is a KeyFetchError naming the URL, the stage and the cause.

/** The longest body accepted, in decoded bytes (a 500 KiB gzip body can decode to 500 MiB). */
export const MAX_BODY = 1_048_576;

export interface JwksSource {
  readonly metadataUrl: URL | undefined;
  readonly jwksUri: URL | undefined;
  /** The `issuer` the metadata must name. */
  readonly metadataIssuer: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

export function isSafeUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

type Stage = KeyFetchFailure['stage'];

/** Reads a body to its end, refusing it as soon as more than `limit` decoded bytes have arrived. */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number, fail: Failer): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return fail('body_too_large');
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return fail('body_not_utf8');
  }
}

/** Throws the KeyFetchError of one URL and stage. */
type Failer = (cause: string, status?: number) => never;

function failerOf(url: URL, stage: Stage): Failer {
  return (cause, status) => {
    throw new KeyFetchError({
      url: urlForFailure(url),
      stage,
      cause,
      ...(status === undefined ? {} : { status }),
    });
  };
}

async function getJson(url: URL, stage: Stage, source: JwksSource, signal: AbortSignal): Promise<unknown> {
  const fail = failerOf(url, stage);
  let text: string;
  try {
    const response = await source.fetch(url, {
      signal,
      redirect: 'error',
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200 || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      return fail('http_status', response.status);
    }
    text = await readLimited(response.body, MAX_BODY, fail);
  } catch (e) {
    if (e instanceof KeyFetchError) throw e;
    const { cause, status } = fetchErrorOf(e);
    return fail(cause, status);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail('body_not_json');
  }
}

async function fetchJwksUri(source: JwksSource, signal: AbortSignal): Promise<URL> {
  if (source.jwksUri !== undefined) return source.jwksUri;
  const url = source.metadataUrl as URL;
  const fail = failerOf(url, 'metadata');
  const metadata = (await getJson(url, 'metadata', source, signal)) as Record<string, unknown> | null;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    return fail('metadata_invalid');
  if (metadata['issuer'] !== source.metadataIssuer) return fail('metadata_issuer_mismatch');
  let uri: URL;
  try {
    uri = new URL(String(metadata['jwks_uri']));
  } catch {
    return fail('metadata_invalid');
  }
  if (!isSafeUrl(uri)) return fail('jwks_uri_unsafe');
  return uri;
}

/**
 * Fetches the JWKS (through the metadata when configured so), all of it within `timeoutMs`, and says from where.
 * Rejects with a KeyFetchError on any failure.
 */
export async function fetchJwks(source: JwksSource): Promise<{ readonly jwks: unknown; readonly url: URL }> {
  const signal = AbortSignal.timeout(source.timeoutMs);
  const url = await fetchJwksUri(source, signal);
  return { jwks: await getJson(url, 'jwks', source, signal), url };
}
