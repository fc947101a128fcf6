// @ts-nocheck
// A real gateway process for the gateway tests (Caddy, HAProxy; nginx has nginx.ts): where scripts/caddy.sh or
// scripts/haproxy.sh installed it, started in the foreground with a generated config in a temp dir, on a free
// loopback port, and stopped by the caller. Under CI=true a missing gateway fails its tests; elsewhere they are
// skipped with a message.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Gateway {
  readonly dir: string;
  readonly port: number;
  /** What the gateway wrote to standard output and error so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface GatewayBinary {
  readonly name: string;
  readonly path: string;
  readonly available: boolean;
  /** Why the tests are skipped (or fail under CI). */
  readonly missing: string;
}

/** The binary at `$<ENV>` or `path`, usable when it runs `versionArgs` with `versionPattern` in the output. */
export function gatewayBinary(
  name: string,
  env: string,
  path: string,
  versionArgs: string[],
  versionPattern: RegExp,
): GatewayBinary {
  const at = process.env[env] ?? path;
  let available = false;
  try {
    accessSync(at, constants.X_OK);
    const run = spawnSync(at, versionArgs, { encoding: 'utf8' });
    available = versionPattern.test(`${run.stdout}${run.stderr}`);
  } catch {
    available = false;
  }
  const missing = `${name} is not available at ${at}: run \`bash scripts/${name}.sh\` (it installs the Debian package when root) or set ${env}.`;
  return { name, path: at, available, missing };
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

/**
 * Writes `files` (name → text) into a new temp dir, starts `binary.path` with `args(dir)` and `env`, and resolves
 * once `port` accepts connections; throws with the gateway's output when it exits first.
 */
export async function startGateway(
  binary: GatewayBinary,
  port: number,
  files: Readonly<Record<string, string>>,
  args: (dir: string) => string[],
  env: (dir: string) => Record<string, string> = () => ({}),
): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), `dsop-guard-${binary.name}-`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const child: ChildProcess = spawn(binary.path, args(dir), {
    cwd: dir,
    env: { ...process.env, ...env(dir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
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
  for (let i = 0; i < 200 && !(await accepts(port)); i += 1) {
    if (child.exitCode !== null) throw new Error(`${binary.name} exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    dir,
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
