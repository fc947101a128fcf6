// The real CLI in a child process, run from source as `pnpm dsop-guard` does (node with tsx and the `source`
// condition), at most two at a time: each pays for node, tsx and the sources, on a two-core machine.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
const main = join(root, 'packages/adapters/src/cli/main.ts');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await fn();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Runs `dsop-guard <args>` with `stdin` on its standard input; `command` runs it another way (`pnpm dsop-guard`). */
export function cli(
  args: readonly string[],
  stdin = '',
  command: readonly string[] = ['node', '--conditions=source', '--import', 'tsx', main],
): Promise<Run> {
  return slot(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(command[0] as string, [...command.slice(1), ...args], { cwd: root });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => {
          stdout += d;
        });
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(stdin);
      }),
  );
}
