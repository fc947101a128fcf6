import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, linesOf, signedLog, tempDir } from '../audit/support.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 21, finding 4: a line turned into CRLF was an edit nobody saw: the log reader dropped a '\r' before
// the newline, so the verifier hashed what the line had been. Fix: verification reads the line's bytes
// exactly; a CRLF line, a BOM and trailing spaces are all edits (hash_mismatch, or corrupt for a BOM, which
// is not JSON), in `audit verify` as in `report` and `replay`, which share the reader.

describe(
  'regression: CRLF, a BOM or trailing spaces are edits the verifier shows',
  { timeout: 60_000 },
  () => {
    it.each([
      [
        'a line turned into CRLF',
        (l: string[]) => l.with(1, `${l[1]}\r`),
        'decisions.jsonl:2: chain test-chain seq 2: the record does not match its hash',
      ],
      [
        'every line turned into CRLF',
        (l: string[]) => l.map((x) => `${x}\r`),
        'decisions.jsonl:1: chain test-chain seq 1: the record does not match its hash',
      ],
      [
        'a BOM before the first line',
        (l: string[]) => l.with(0, `\uFEFF${l[0]}`),
        'decisions.jsonl:1: not JSON',
      ],
      [
        'trailing spaces',
        (l: string[]) => l.with(2, `${l[2]}  `),
        'decisions.jsonl:3: chain test-chain seq 3: the record does not match its hash',
      ],
    ])('%s: exit 1', async (_, edit, message) => {
      const keys = checkpointKeys();
      const lines = linesOf(await signedLog(keys.privateKey, 3, 3));
      const path = join(tempDir(), 'decisions.jsonl');
      writeFileSync(
        path,
        edit(lines)
          .map((l) => `${l}\n`)
          .join(''),
      );
      const run = await runCli(['audit', 'verify', '--public-key', keys.publicFile, path]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`${path.slice(0, -'decisions.jsonl'.length)}${message}`);
    });
  },
);
