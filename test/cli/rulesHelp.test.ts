// Law: every command that takes --rules says in its help that the module may be TypeScript (loadRules imports
// .ts with tsx), and every mention of the flag with its argument says `.ts`. Which commands take it is asked of
// the CLI itself (a command that does not answers "unknown option --rules"), not listed here. Real processes.
import { describe, expect, it } from 'vitest';
import { cli } from './cliProcess.js';

/** Every command, as `dsop-guard help <unknown>` lists them; audit's subcommands as `audit` lists them. */
async function commands(): Promise<string[][]> {
  const listed = /one of ([a-z, ]+)\n/.exec((await cli(['help', 'no-such-command'])).stderr)?.[1];
  const names = (listed ?? '').split(', ').filter((n) => n !== '');
  expect(names).toContain('report');
  const out: string[][] = [];
  for (const name of names) {
    if (name !== 'audit') out.push([name]);
    else {
      const subs = /give a subcommand \(([a-z, ]+)\)/.exec((await cli(['audit'])).stderr)?.[1] ?? '';
      expect(subs).toContain('verify');
      for (const sub of subs.split(', ')) out.push(['audit', sub]);
    }
  }
  return out;
}

describe('--rules in the help texts', { timeout: 180_000 }, () => {
  it('every command that takes --rules says .ts in its help, at every mention of the flag with its argument', async () => {
    const taking: string[] = [];
    for (const command of await commands()) {
      // A path that does not exist: a command that takes the flag stops at another usage error, or at loading it.
      const run = await cli([...command, '--rules', '/nonexistent/acme-rules.ts'], '');
      expect(run.code).toBe(2);
      if (run.stderr.includes('unknown option --rules')) continue;
      taking.push(command.join(' '));
      const help = (await cli([...command, '--help'])).stdout;
      const mentions = [...help.matchAll(/--rules <([^>]+)>/g)].map((m) => m[1]);
      expect({ command: command.join(' '), mentions: mentions.length > 0 }).toEqual({
        command: command.join(' '),
        mentions: true,
      });
      for (const argument of mentions)
        expect({ command, argument }).toEqual({ command, argument: 'module.js|.ts' });
    }
    // The commands that name a policy file: if one stops taking the flag, or another starts, this says so.
    expect(taking.sort()).toEqual(['check', 'replay', 'report', 'serve', 'test']);
  });
});
