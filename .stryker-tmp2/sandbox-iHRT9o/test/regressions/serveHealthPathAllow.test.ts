// @ts-nocheck
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys } from '../adapters/table.js';
import { tempDir } from '../audit/support.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';

// `dsop-guard serve` answered GET/HEAD of /healthz, /readyz and /metrics on the port it judged checks on. Envoy
// ext_authz in HTTP mode without path_prefix sends the check with the client's own path, so a client asking the
// protected API for /healthz or /metrics got the service's own 200, which the gateway took as an allow: the
// upstream's /healthz, /readyz and /metrics were reachable without any token. Now the admin endpoints have a port
// of their own (--admin-port, default the check port + 1) and the check port judges every path and method.

describe(
  'regression: a client path of /healthz or /metrics is a check, not an allow',
  { timeout: 90_000 },
  () => {
    let serve: ServeProcess;
    beforeAll(async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
      writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
      serve = await startServe([
        ...['--preset', 'lanekassen-saldo', '--env', 'test', '--workers', '1', '--gateway', 'envoy'],
        ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
      ]);
    }, 90_000);
    afterAll(async () => {
      await serve?.stop();
    });

    it.each([
      '/healthz',
      '/readyz',
      '/metrics',
    ])('GET and HEAD %s as Envoy (the path) and forward-auth gateways (X-Forwarded-Uri) send it, without a token: denied', async (path) => {
      for (const method of ['GET', 'HEAD']) {
        const envoy = await fetch(`${serve.url}${path}`, { method });
        const forwarded = await fetch(`${serve.url}/check`, {
          method,
          headers: { 'X-Forwarded-Uri': path, 'X-Forwarded-Method': method },
        });
        for (const answer of [envoy, forwarded]) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.headers.get('x-dsop-decision')).toBeNull();
        }
      }
      // The probes still answer, on the admin port.
      expect((await fetch(`${serve.adminUrl}${path}`)).status).toBe(200);
    });
  },
);
