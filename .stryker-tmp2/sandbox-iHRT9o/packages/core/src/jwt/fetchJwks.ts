// @ts-nocheck
// Private: one refresh of a remote key set over HTTP: the metadata document (when there is one), then the JWKS,
// under one time limit for the whole refresh, with body limits enforced on decoded bytes while they stream in.

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

/** Reads a body to its end, refusing it as soon as more than `limit` decoded bytes have arrived. */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new Error('body too large');
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
}

async function getJson(url: URL, source: JwksSource, signal: AbortSignal): Promise<unknown> {
  const response = await source.fetch(url, {
    signal,
    redirect: 'error',
    headers: { accept: 'application/json' },
  });
  if (response.status !== 200 || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`status ${response.status}`);
  }
  return JSON.parse(await readLimited(response.body, MAX_BODY)) as unknown;
}

async function jwksUriOf(source: JwksSource, signal: AbortSignal): Promise<URL> {
  if (source.jwksUri !== undefined) return source.jwksUri;
  const metadata = (await getJson(source.metadataUrl as URL, source, signal)) as Record<
    string,
    unknown
  > | null;
  if (typeof metadata !== 'object' || metadata === null) throw new Error('metadata is not an object');
  if (metadata['issuer'] !== source.metadataIssuer) throw new Error('metadata issuer mismatch');
  const uri = new URL(String(metadata['jwks_uri']));
  if (!isSafeUrl(uri)) throw new Error('unsafe jwks_uri');
  return uri;
}

/** Fetches the JWKS (through the metadata when configured so), all of it within `timeoutMs`. Rejects on any failure. */
export async function fetchJwks(source: JwksSource): Promise<unknown> {
  const signal = AbortSignal.timeout(source.timeoutMs);
  return getJson(await jwksUriOf(source, signal), source, signal);
}
