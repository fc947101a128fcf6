// The `dsop-guard` command line. Run from source with `pnpm dsop-guard …` (tsx), or built as the package's bin.
import { ConfigError } from '@dsop-guard/core';
import { audit } from './audit.js';
import { UsageError, check } from './check.js';
import { mainHelp } from './help.js';
import { inspect } from './inspect.js';
import { replay } from './replay.js';
import { report } from './report.js';
import { packageVersion } from './version.js';

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return await check(rest);
    if (command === 'audit') return await audit(rest);
    if (command === 'report') return await report(rest);
    if (command === 'inspect') return await inspect(rest);
    if (command === 'replay') return await replay(rest);
    // Loaded only for serve: prom-client and node:cluster are not the other commands' business.
    if (command === 'serve') return await (await import('./serve.js')).serve(rest);
    if (command === '--version' || command === '-V') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(mainHelp);
      return 0;
    }
    throw new UsageError(
      command === undefined ? 'give a command' : `unknown command ${JSON.stringify(command)}`,
    );
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof ConfigError)) throw e;
    const help =
      command === 'check' ||
      command === 'audit' ||
      command === 'report' ||
      command === 'inspect' ||
      command === 'replay' ||
      command === 'serve'
        ? `dsop-guard ${command} --help`
        : 'dsop-guard --help';
    process.stderr.write(`dsop-guard: ${e.message}\nSee '${help}'.\n`);
    return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`dsop-guard: no verdict: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
}
