import { ConfigError } from '@dsop-guard/core';
import { audit } from './audit/audit.js';
import { auditHelp } from './audit/auditHelp.js';
import { check } from './check/check.js';
import { checkHelp } from './check/checkHelp.js';
import { quote } from './flags/quote.js';
import { UsageError } from './flags/usageError.js';
import { inspect } from './inspect/inspect.js';
import { inspectHelp } from './inspect/inspectHelp.js';
import { protectMessage } from './io/protectMessage.js';
import { packageVersion } from './io/version.js';
import { mainHelp } from './mainHelp.js';
import { replay } from './replay/replay.js';
import { replayHelp } from './replay/replayHelp.js';
import { report } from './report/report.js';
import { reportHelp } from './report/reportHelp.js';
import { serveHelp } from './serve/serveHelp.js';
import { test } from './test/test.js';
import { testHelp } from './test/testHelp.js';

// Private: the `dsop-guard` command table, and the one place the CLI's errors are printed.

/** One command: its run (resolving to the exit status) and its help text (`dsop-guard <name> --help`). */
interface Command {
  readonly run: (argv: readonly string[]) => Promise<number>;
  readonly help: string;
}

/** Every command, by name. */
const commands: Readonly<Record<string, Command>> = {
  check: { run: check, help: checkHelp },
  test: { run: test, help: testHelp },
  audit: { run: audit, help: auditHelp },
  report: { run: report, help: reportHelp },
  inspect: { run: inspect, help: inspectHelp },
  replay: { run: replay, help: replayHelp },
  // Loaded only for serve: prom-client and node:cluster are not the other commands' business.
  serve: { run: async (argv) => (await import('./serve/serve.js')).serve(argv), help: serveHelp },
};

const commandOf = (name: string | undefined): Command | undefined =>
  name === undefined || !Object.hasOwn(commands, name) ? undefined : commands[name];

async function run(command: string | undefined, rest: readonly string[]): Promise<number> {
  const chosen = commandOf(command);
  if (chosen !== undefined) return chosen.run(rest);
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    // `dsop-guard help <command>` is `dsop-guard <command> --help`.
    const about = commandOf(rest[0]);
    if (rest.length > 1 || (rest.length === 1 && about === undefined))
      throw new UsageError(`help: give no command or one of ${Object.keys(commands).join(', ')}`);
    process.stdout.write(about?.help ?? mainHelp);
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
      const help = commandOf(command) === undefined ? 'dsop-guard' : `dsop-guard ${command}`;
      process.stderr.write(`dsop-guard: ${protectMessage(e.message)}\nSee '${help} --help'.\n`);
    } else {
      process.stderr.write(`dsop-guard: no verdict: ${protectMessage((e as Error)?.stack ?? String(e))}\n`);
    }
    return 2;
  }
}
