// The CLI tests' way of running `dsop-guard`: the shared runner (test/fixtures/runCli.ts), with standard input
// and the command as positional arguments.
import { type CliRun, repoRoot, runCli } from '../fixtures/runCli.js';

export const root = repoRoot;
export type Run = CliRun;

/** Runs `dsop-guard <args>` with `stdin` on its standard input; `command` runs it another way (`pnpm dsop-guard`). */
export function cli(args: readonly string[], stdin = '', command?: readonly string[]): Promise<Run> {
  return runCli(args, { stdin, ...(command === undefined ? {} : { command }) });
}
