// @ts-nocheck
// A real nginx for the gateway tests and the serve benchmark: where scripts/nginx.sh installed it, a generated
// nginx.conf in a temp dir (pid, logs and temp paths there, `daemon off`), started and stopped by the caller.
// Under CI=true a missing nginx fails the gateway tests; elsewhere they are skipped with a message.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const nginxPath = process.env['NGINX_PATH'] ?? '/usr/sbin/nginx';

/** Executable, and built with auth_request (`nginx -V` lists its configure flags on standard error). */
function usable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  const run = spawnSync(path, ['-V'], { encoding: 'utf8' });
  return /--with-http_auth_request_module/.test(`${run.stdout}${run.stderr}`);
}

export const nginxAvailable = usable(nginxPath);
export const inCi = process.env['CI'] === 'true';
export const nginxMissing = `nginx with auth_request is not available at ${nginxPath}: run \`bash scripts/nginx.sh\` (it installs the Debian package when root) or set NGINX_PATH.`;

/** A free loopback port (bound, read and released: a tiny race, fine on a test machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Nginx {
  readonly dir: string;
  readonly url: string;
  /** nginx's error log so far. */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx with the `http { … }` block `http(dir)` gives (the caller writes its `server` blocks; the temp
 * paths and logs are set here), listening where the config says on `port`; resolves once it accepts connections.
 */
export async function startNginx(port: number, http: (dir: string) => string): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-nginx-'));
  const conf = `daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 512; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${http(dir)}
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(
    nginxPath,
    ['-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const orphaned = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', orphaned);
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      process.off('exit', orphaned);
      resolve();
    }),
  );
  const errorLog = (): string => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  for (let i = 0; i < 100 && !(await accepts(port)); i += 1) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}\n${errorLog()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    url: `http://127.0.0.1:${port}`,
    errorLog,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT'); // graceful: nginx finishes what it serves
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The `upstream` block of a protected location's dsop-guard at `guard` (host:port), with kept-alive connections. */
export function guardUpstream(prefix: string, guard: string): string {
  return `
  upstream dsop_guard${prefix.replace(/[^a-z0-9]/gi, '_')} {
    server ${guard} max_fails=0;
    keepalive 32;
  }`;
}

/**
 * One protected location: `auth_request` to dsop-guard serve (its {@link guardUpstream}), the allow headers passed
 * upstream (and whatever the client sent under those names replaced), and a deny answered with dsop-guard's own
 * status, challenge and problem body, which it also sends as headers for this (X-Dsop-Problem-Headers: 1).
 * When dsop-guard cannot be reached, or does not answer within `timeout`, the request is refused with 503.
 */
export function protectedLocation(prefix: string, upstream: string, timeout = '2s'): string {
  const name = prefix.replace(/[^a-z0-9]/gi, '_');
  return `
    location ${prefix} {
      auth_request /_dsop_guard${name};
      auth_request_set $dsop_consumer $upstream_http_x_dsop_consumer;
      auth_request_set $dsop_supplier $upstream_http_x_dsop_supplier;
      auth_request_set $dsop_delegation $upstream_http_x_dsop_delegation;
      auth_request_set $dsop_decision_id $upstream_http_x_dsop_decision_id;
      auth_request_set $dsop_status $upstream_http_x_dsop_status;
      auth_request_set $dsop_problem $upstream_http_x_dsop_problem;
      auth_request_set $dsop_www $upstream_http_www_authenticate;
      auth_request_set $dsop_retry $upstream_http_retry_after;
      error_page 401 403 500 = @dsop_denied;
      proxy_set_header X-Dsop-Decision allow;
      proxy_set_header X-Dsop-Consumer $dsop_consumer;
      proxy_set_header X-Dsop-Supplier $dsop_supplier;
      proxy_set_header X-Dsop-Delegation $dsop_delegation;
      proxy_set_header X-Dsop-Decision-Id $dsop_decision_id;
      proxy_pass http://${upstream};
    }
    location = /_dsop_guard${name} {
      internal;
      proxy_pass http://dsop_guard${name}/check;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Original-Method $request_method;
      proxy_set_header X-Dsop-Problem-Headers 1;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout ${timeout};
      proxy_send_timeout ${timeout};
      proxy_read_timeout ${timeout};
    }`;
}

/** The deny answer of every protected location (once per server block). */
export const deniedLocation = `
    location @dsop_denied {
      internal;
      default_type application/problem+json;
      add_header Cache-Control no-store always;
      add_header WWW-Authenticate $dsop_www always;
      add_header Retry-After $dsop_retry always;
      if ($dsop_problem = "") {
        return 503 '{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"The authorization service could not be reached."}';
      }
      if ($dsop_status = 400) { return 400 $dsop_problem; }
      # auth_request itself passes a 401's WWW-Authenticate on: add no second one.
      if ($dsop_status = 401) {
        add_header Cache-Control no-store always;
        return 401 $dsop_problem;
      }
      if ($dsop_status = 403) { return 403 $dsop_problem; }
      if ($dsop_status = 500) { return 500 $dsop_problem; }
      if ($dsop_status = 503) { return 503 $dsop_problem; }
      return 403 $dsop_problem;
    }`;
