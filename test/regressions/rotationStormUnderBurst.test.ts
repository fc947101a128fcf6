import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSink } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, guarded, recordsOf, tempDir, verify } from '../audit/support.js';

// Found in session 8 while the audit trail was split by concern: under a signing trail, a burst of checks made
// one file per record. The file sink answered "rotation due" from the size of the file it was writing plus all
// it had queued, and did not know that a `rotate` checkpoint was already queued (or written, the rotation not
// yet made): every later record of the burst asked again, got yes, and the trail wrote one more rotate
// checkpoint before it. 500 records in bursts of 100 with maxBytes 256 KiB became 203 files; with `maxFiles`
// the oldest are deleted, so a burst could rotate records away that the size bound promised to keep. Now the
// sink counts only what will land in the file the next record goes to.

describe('a burst under a signing trail rotates by size, not per record', () => {
  it('records sent 100 at a time fill each file to about maxBytes, each file ends signed, the chain is whole', async () => {
    const keys = checkpointKeys();
    const path = join(tempDir(), 'decisions.jsonl');
    const maxBytes = 64 * 1024;
    const maxFiles = 50;
    const { trail, guard } = guarded({
      sinks: [fileSink({ path, fsync: 'never', maxBytes, maxFiles })],
      checkpoints: { every: 1000, key: keys.privateKey },
    });
    for (let burst = 0; burst < 5; burst += 1) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          guard.check({ maskinportenToken: 'x', requestId: `r-${burst}-${i}` }),
        ),
      );
    }
    await trail.close();
    const files = [...Array.from({ length: maxFiles }, (_, i) => `${path}.${maxFiles - i}`), path].filter(
      existsSync,
    );
    const sizes = files.map((f) => readFileSync(f).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    // As many files as the bytes need (one more for a last, partly filled file), not one per record.
    expect(files.length).toBeLessThanOrEqual(Math.ceil(total / maxBytes) + 1);
    for (const [i, file] of files.slice(0, -1).entries()) {
      expect(recordsOf(file).at(-1)).toMatchObject({ kind: 'checkpoint', reason: 'rotate' });
      expect(sizes[i]).toBeLessThanOrEqual(maxBytes);
    }
    const report = verify(files, { publicKey: keys.publicKey });
    expect(report.problems).toEqual([]);
    expect(report.chains[0]).toMatchObject({ records: 500 });
  });
});
