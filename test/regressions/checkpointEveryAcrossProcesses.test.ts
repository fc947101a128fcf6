import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mpKeys, now, tokens } from '../adapters/table.js';
import { checkpointKeys, recordsOf, tempDir } from '../audit/support.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 21, finding 4: `check --audit --checkpoint-every n` (n > 1) never wrote a checkpoint: the count
// restarted in every process, and each `check` is a process of its own. Fix: the count resumes from the chain
// (the records after its last checkpoint), so one checkpoint goes every n records across processes; `check`,
// a one-shot writer, writes no closing checkpoint of its own.

describe(
  'regression: check --checkpoint-every n checkpoints every n records across processes',
  { timeout: 90_000 },
  () => {
    it('five runs of one record each, every 2: checkpoints after records 2 and 4, and verify passes', async () => {
      const dir = tempDir();
      const keys = checkpointKeys();
      const jwks = join(dir, 'mp-jwks.json');
      writeFileSync(jwks, JSON.stringify(mpKeys.jwks));
      const log = join(dir, 'decisions.jsonl');
      const args = [
        ...[
          'check',
          '--preset',
          'lanekassen-saldo',
          '--env',
          'test',
          '--maskinporten-jwks',
          jwks,
          '--now',
          String(now),
        ],
        ...[
          '--audit',
          log,
          '--chain-id',
          'laptop',
          '--checkpoint-every',
          '2',
          '--signing-key-file',
          keys.privateFile,
        ],
        ...['--maskinporten-token', tokens.direct(), '--person', tokens.person],
      ];
      for (let i = 0; i < 5; i += 1) {
        // Nothing but the start-up notes (issue 25): the decision log, the checkpoints, the keys, the egress.
        const lines = (await runCli(args)).stderr.split('\n').filter((l) => l !== '');
        expect(
          lines.filter((l) => !/^dsop-guard check: (decision log|checkpoints|keys|egress)\b/.test(l)),
        ).toEqual([]);
        expect(lines).toContain(
          'dsop-guard check: checkpoints: signed every 2 records (key from --signing-key-file)',
        );
      }
      expect(recordsOf(log).map((r) => r.kind)).toEqual([
        ...['decision', 'decision', 'checkpoint', 'decision', 'decision', 'checkpoint', 'decision'],
      ]);
      const verified = await runCli(['audit', 'verify', '--public-key', keys.publicFile, log]);
      expect(verified).toMatchObject({ code: 0, stderr: '' });
      expect(verified.stdout).toBe(
        'chain laptop: 5 records, seq 1–7, 2 checkpoints (2 verified), 1 records after the last checkpoint, whole\n',
      );
    });
  },
);
