// @ts-nocheck
// The three gateways the attack table runs through, each with the configuration docs/gateways.md shows
// (docConfig): nginx auth_request, Caddy forward auth, HAProxy with the Lua action. Only the addresses change:
// the gateway listens on `port`, asks dsop-guard serve at `guard` and forwards to `api` (host:port each).
import { writeFileSync } from 'node:fs';
import { docConfig, fill } from './docConfig.js';
import { type GatewayBinary, gatewayBinary, startGateway } from './gatewayProcess.js';
import { nginxAvailable, nginxMissing, nginxPath, startNginx } from './nginx.js';

export interface Addresses {
  readonly port: number;
  readonly guard: string;
  readonly api: string;
}

export interface RunningGateway {
  /** What the gateway logged so far (nginx: its error log). */
  log(): string;
  stop(): Promise<void>;
}

export interface GatewayKind {
  /** Also the value of `dsop-guard serve --gateway`. */
  readonly name: 'nginx' | 'caddy' | 'haproxy';
  readonly binary: GatewayBinary;
  /**
   * Removes every client `X-Dsop-*` header before the upstream. nginx cannot remove headers by a prefix: it
   * replaces or removes, by name, those the service answers with and those it reads.
   */
  readonly stripsEveryDsopHeader: boolean;
  start(at: Addresses): Promise<RunningGateway>;
}

const addresses = (at: Addresses) => ({ '127.0.0.1:8080': at.guard, '127.0.0.1:9000': at.api });

const nginx: GatewayKind = {
  name: 'nginx',
  binary: { name: 'nginx', path: nginxPath, available: nginxAvailable, missing: nginxMissing },
  stripsEveryDsopHeader: false,
  start: async (at) => {
    const config = fill(docConfig('nginx'), {
      ...addresses(at),
      'listen 8000;': `listen 127.0.0.1:${at.port};`,
    });
    const running = await startNginx(at.port, () => config);
    return { log: running.errorLog, stop: running.stop };
  },
};

const caddy: GatewayKind = {
  name: 'caddy',
  stripsEveryDsopHeader: true,
  binary: gatewayBinary('caddy', 'CADDY_PATH', '/usr/bin/caddy', ['version'], /^v?2\./m),
  start: async (at) => {
    // Not the docs': the admin API off (it would take port 2019) and every site on loopback only.
    const global = '{\n\tadmin off\n\tdefault_bind 127.0.0.1\n}\n';
    const config = fill(docConfig('caddy'), { ...addresses(at), ':8000 {': `:${at.port} {` });
    const running = await startGateway(
      caddy.binary,
      at.port,
      { Caddyfile: global + config },
      (dir) => ['run', '--adapter', 'caddyfile', '--config', `${dir}/Caddyfile`],
      (dir) => ({ HOME: dir, XDG_DATA_HOME: `${dir}/data`, XDG_CONFIG_HOME: `${dir}/config` }),
    );
    return { log: running.output, stop: running.stop };
  },
};

const haproxy: GatewayKind = {
  name: 'haproxy',
  stripsEveryDsopHeader: true,
  binary: gatewayBinary(
    'haproxy',
    'HAPROXY_PATH',
    '/usr/sbin/haproxy',
    ['-v'],
    /HAProxy version 2\.([6-9]|\d\d)|HAProxy version [3-9]\./,
  ),
  start: async (at) => {
    const lua = fill(docConfig('haproxy-lua'), { 'http://127.0.0.1:8080/check': `http://${at.guard}/check` });
    const running = await startGateway(haproxy.binary, at.port, { 'dsop-guard.lua': lua }, (dir) => {
      const config = fill(docConfig('haproxy'), {
        '127.0.0.1:9000': at.api,
        'bind :8000': `bind 127.0.0.1:${at.port}`,
        '/etc/haproxy/dsop-guard.lua': `${dir}/dsop-guard.lua`,
      });
      writeFileSync(`${dir}/haproxy.cfg`, config);
      return ['-db', '-f', `${dir}/haproxy.cfg`];
    });
    return { log: running.output, stop: running.stop };
  },
};

export const gatewayKinds: readonly GatewayKind[] = [nginx, caddy, haproxy];
