// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { checkpointKeys, linesOf, recordsOf, reseal, signedLog, verify, writeLog } from '../audit/support.js';

// Issue 21, finding 4: everything after a checkpoint could be rewritten (records changed, later checkpoints
// dropped or relinked) and the log still verified: a checkpoint vouched only for the hash before it, and
// nothing asked for the next one. Fix: with a public key a relinked checkpoint no longer verifies, and a
// chain whose records after its last signed checkpoint outnumber the checkpoint's `every` is unsigned_tail.

describe('regression: a chain rewritten after a checkpoint does not verify under the public key', () => {
  it('later checkpoints dropped: the records after the first are an unsigned tail longer than every', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 8, 2);
    const lines = linesOf(path);
    const records = recordsOf(path);
    const first = records.findIndex((r) => r.kind === 'checkpoint');
    const after = records
      .slice(first + 1)
      .filter((r) => r.kind === 'decision')
      .map((r, i) => ({
        ...r,
        decision: 'allow',
        chain: { ...r.chain, seq: records[first]!.chain.seq + 1 + i },
      }));
    const log = writeLog([...lines.slice(0, first + 1), ...reseal(after, records[first]!.hash)]);
    const report = verify([log], { publicKey: keys.publicKey });
    expect(report.problems.map((p) => p.kind)).toEqual(['unsigned_tail']);
    expect(report.chains[0]).toMatchObject({ checkpointsVerified: 1, tail: 6 });
  });

  it('later checkpoints kept and relinked: each is checkpoint_invalid', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 6, 2);
    const records = recordsOf(path);
    const first = records.findIndex((r) => r.kind === 'checkpoint');
    const after = records
      .slice(first + 1)
      .map((r) => (r.kind === 'decision' ? { ...r, decision: 'allow' } : r));
    const log = writeLog([...linesOf(path).slice(0, first + 1), ...reseal(after, records[first]!.hash)]);
    const report = verify([log], { publicKey: keys.publicKey });
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['checkpoint_invalid', 6],
      ['checkpoint_invalid', 9],
      ['unsigned_tail', 9],
    ]);
  });
});
