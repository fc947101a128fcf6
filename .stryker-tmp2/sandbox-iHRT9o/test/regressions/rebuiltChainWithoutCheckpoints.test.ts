// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { checkpointKeys, recordsOf, reseal, signedLog, verify, writeLog } from '../audit/support.js';

// Issue 21, finding 4: a chain rebuilt from scratch (every checkpoint dropped, denies turned into allows,
// every record sealed and linked afresh) verified as whole even with the checkpoint key: nothing required a
// chain to be signed at all. Fix: with a public key every chain needs a checkpoint that verifies
// (unsigned_chain otherwise), and no more records after the last one than it promises.

describe('regression: a chain rebuilt without its checkpoints does not verify under the public key', () => {
  it('denies turned into allows, checkpoints dropped, resealed from seq 1: unsigned_chain', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 6, 2);
    expect(verify([path], { publicKey: keys.publicKey }).whole).toBe(true);
    const decisions = recordsOf(path).filter((r) => r.kind === 'decision');
    expect(decisions.every((r) => r.decision === 'deny')).toBe(true);
    const forged = decisions.map((r, i) => ({
      ...r,
      decision: 'allow',
      reasons: [],
      chain: { ...r.chain, seq: i + 1 },
    }));
    const rebuilt = writeLog(reseal(forged, null));
    expect(verify([rebuilt]).whole).toBe(true); // without a key a hash chain shows accidents, not an attacker
    const report = verify([rebuilt], { publicKey: keys.publicKey });
    expect(report.whole).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.chain])).toEqual([['unsigned_chain', 'test-chain']]);
  });
});
