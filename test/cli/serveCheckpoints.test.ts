// `dsop-guard serve` with a signing key: each worker's chain is signed, and a graceful stop leaves a signed
// closing checkpoint as each chain's last line, so the workers' logs verify together with --chains.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokens } from '../adapters/table.js';
import { checkpointKeys, recordsOf, tempDir } from '../audit/support.js';
import { runCli } from '../fixtures/runCli.js';
import { startServe } from '../fixtures/serveProcess.js';

describe('dsop-guard serve --signing-key-file', { timeout: 90_000 }, () => {
  it('a graceful stop writes a closing checkpoint per worker; audit verify --public-key --chains passes', async () => {
    const dir = tempDir();
    const keys = checkpointKeys();
    const audit = join(dir, 'decisions.jsonl');
    const serve = await startServe([
      ...[
        '--gateway',
        'nginx',
        '--preset',
        'lanekassen-saldo',
        '--env',
        'test',
        '--workers',
        '1',
        '--audit',
        audit,
      ],
      ...['--chain-id', 'gw', '--checkpoint-every', '100', '--signing-key-file', keys.privateFile],
    ]);
    for (let i = 0; i < 3; i += 1) {
      const answer = await fetch(`${serve.url}/x`, { headers: { Authorization: tokens.direct() } });
      expect(answer.status).toBeGreaterThanOrEqual(400); // test keys the preset does not know: denies, recorded
    }
    expect(await serve.stop()).toBe(0);
    const log = join(dir, 'decisions-w1.jsonl');
    expect(recordsOf(log).at(-1)).toMatchObject({ kind: 'checkpoint', reason: 'closed', every: 100 });
    const run = await runCli(['audit', 'verify', '--public-key', keys.publicFile, '--chains', 'gw/w1', log]);
    expect(run).toMatchObject({
      code: 0,
      stdout: 'chain gw/w1: 3 records, seq 1–4, 1 checkpoints (1 verified), whole\n',
    });
  });
});
