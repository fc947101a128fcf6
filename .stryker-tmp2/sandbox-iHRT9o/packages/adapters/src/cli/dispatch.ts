// @ts-nocheck
import { ConfigError } from '@dsop-guard/core';
import { audit } from './audit.js';
import { check } from './check.js';
import { mainHelp } from './help.js';
import { inspect } from './inspect.js';
import { protectMessage } from './protectMessage.js';
import { quote } from './quote.js';
import { replay } from './replay.js';
import { report } from './report.js';
import { UsageError } from './usageError.js';
import { packageVersion } from './version.js';

// Private: the `dsop-guard` command table, and the one place the CLI's errors are printed.

const commands: Readonly<Record<string, (argv: readonly string[]) => Promise<number>>> = {
  check,
  audit,
  report,
  inspect,
  replay,
  // Loaded only for serve: prom-client and node:cluster are not the other commands' business.
  serve: async (argv) => (await import('./serve.js')).serve(argv),
};

async function run(command: string | undefined, rest: readonly string[]): Promise<number> {
  const chosen = command === undefined || !Object.hasOwn(commands, command) ? undefined : commands[command];
  if (chosen !== undefined) return chosen(rest);
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(mainHelp);
    return 0;
  }
  throw new UsageError(command === undefined ? 'give a command' : `unknown command ${quote(command)}`);
}

/**
 * Runs `dsop-guard <argv>` and resolves to the exit status; never rejects. A usage or configuration error is
 * printed with a pointer to the command's help (exit 2), any other error as "no verdict" with its stack (exit 2);
 * both through protectMessage, so no message shows a token or a person number.
 *
 * @example
 * ```ts
 * process.exitCode = await dispatch(process.argv.slice(2));
 * ```
 */
export async function dispatch(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    return await run(command, rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      const help =
        command !== undefined && Object.hasOwn(commands, command) ? `dsop-guard ${command}` : 'dsop-guard';
      process.stderr.write(`dsop-guard: ${protectMessage(e.message)}\nSee '${help} --help'.\n`);
    } else {
      process.stderr.write(`dsop-guard: no verdict: ${protectMessage((e as Error)?.stack ?? String(e))}\n`);
    }
    return 2;
  }
}
