import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TestKeys } from './createTestKeys.js';

/** How the mock issuer answers key requests. */
export type MockIssuerMode = 'ok' | 'down' | 'hang' | 'garbage' | 'empty';

/** Options of {@link startMockIssuer}. */
export interface MockIssuerOptions {
  /** Keys to publish. Default none (publish with `rotate`). */
  readonly keys?: readonly TestKeys[];
  /** The `issuer` the metadata names. Default the server's own base URL, `http://127.0.0.1:<port>/`. */
  readonly issuer?: string;
  /** The JWKS path. Default `/jwk` (Maskinporten); Altinn publishes at `/api/metadata/jwk`. */
  readonly jwksPath?: string;
}

/** A running mock issuer on loopback. */
export interface MockIssuer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  /** The issuer named in the metadata. */
  readonly issuer: string;
  readonly metadataUrl: string;
  readonly jwksUri: string;
  /** Publishes a new key list (key rotation). */
  rotate(keys: readonly TestKeys[]): void;
  /** `ok`, `down` (503), `hang` (never answers), `garbage` (200 with a non-JSON body), `empty` (no keys). */
  setMode(mode: MockIssuerMode): void;
  /** How many requests each path has had. */
  readonly hits: { metadata: number; jwks: number };
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 (random port) that serves RFC 8414 metadata at
 * `/.well-known/oauth-authorization-server` and a JWKS, and can rotate keys, go down, hang and return garbage.
 *
 * @example
 * ```ts
 * const issuer = await startMockIssuer({ keys: [keys] });
 * const keySet = remoteKeySet({ issuer: issuer.issuer, metadataUrl: issuer.metadataUrl });
 * issuer.setMode('down'); // now every fetch fails: the verdict says keys_unavailable
 * await issuer.close();
 * ```
 */
export async function startMockIssuer(options: MockIssuerOptions = {}): Promise<MockIssuer> {
  let keys: readonly TestKeys[] = options.keys ?? [];
  let mode: MockIssuerMode = 'ok';
  const hits = { metadata: 0, jwks: 0 };
  const sockets = new Set<Socket>();
  const jwksPath = options.jwksPath ?? '/jwk';
  let base = '';
  let issuer = '';

  const send = (res: ServerResponse, status: number, body: string, type = 'application/json'): void => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', base).pathname;
    const isMetadata = path === '/.well-known/oauth-authorization-server';
    const isJwks = path === jwksPath;
    if (isMetadata) hits.metadata += 1;
    if (isJwks) hits.jwks += 1;
    if (!isMetadata && !isJwks) return send(res, 404, '{"error":"not_found"}');
    if (mode === 'hang') return;
    if (mode === 'down') return send(res, 503, '{"error":"unavailable"}');
    if (mode === 'garbage') return send(res, 200, '<html>not json{', 'text/html');
    if (isMetadata) {
      return send(
        res,
        200,
        JSON.stringify({
          issuer,
          jwks_uri: `${base}${jwksPath.slice(1)}`,
          token_endpoint: `${base}token`,
          authorization_details_types_supported: ['urn:altinn:systemuser', 'urn:altinn:consent'],
          token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'RS512'],
        }),
      );
    }
    return send(res, 200, JSON.stringify({ keys: mode === 'empty' ? [] : keys.flatMap((k) => k.jwks.keys) }));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  issuer = options.issuer ?? base;

  return {
    url: base,
    issuer,
    metadataUrl: `${base}.well-known/oauth-authorization-server`,
    jwksUri: `${base}${jwksPath.slice(1)}`,
    hits,
    rotate: (next) => {
      keys = next;
    },
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
