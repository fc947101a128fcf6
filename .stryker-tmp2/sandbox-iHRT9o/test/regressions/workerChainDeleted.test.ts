// @ts-nocheck
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, signedLog, tempDir } from '../audit/support.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 21, finding 4: a worker's whole chain deleted (serve --workers 2 writes decisions-w1.jsonl and
// decisions-w2.jsonl, chains gw/w1 and gw/w2) left logs that verified as whole: the verifier knew only the
// chains it saw. Fix: `audit verify --chains <id,…>` (or --chains-file) names the chains that must be there;
// a missing one is chain_missing, exit 1.

describe('regression: a worker chain deleted whole shows with --chains', { timeout: 60_000 }, () => {
  it('gw/w2 deleted: whole without --chains, exit 1 with --chains and --chains-file', async () => {
    const keys = checkpointKeys();
    const dir = tempDir();
    const w1 = join(dir, 'decisions-w1.jsonl');
    const w2 = join(dir, 'decisions-w2.jsonl');
    await signedLog(keys.privateKey, 2, 2, { chainId: 'gw/w1', path: w1 });
    await signedLog(keys.privateKey, 2, 2, { chainId: 'gw/w2', path: w2 });
    rmSync(w2);
    const key = ['--public-key', keys.publicFile];
    expect((await runCli(['audit', 'verify', ...key, w1])).code).toBe(0);
    const listed = await runCli(['audit', 'verify', ...key, '--chains', 'gw/w1,gw/w2', w1]);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('chain gw/w2: an expected chain (--chains) has no record in the files');
    const manifest = join(dir, 'chains.txt');
    writeFileSync(manifest, '# serve --workers 2 --chain-id gw\ngw/w1\ngw/w2\n');
    const fromFile = await runCli([
      'audit',
      'verify',
      ...key,
      '--chains-file',
      manifest,
      '--format',
      'json',
      w1,
    ]);
    expect(fromFile.code).toBe(1);
    expect(JSON.parse(fromFile.stdout).problems).toEqual([
      { file: '', line: 0, kind: 'chain_missing', chain: 'gw/w2', seq: null },
    ]);
  });
});
