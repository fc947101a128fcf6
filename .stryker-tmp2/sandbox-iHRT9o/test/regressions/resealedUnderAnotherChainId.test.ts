// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { checkpointKeys, recordsOf, reseal, signedLog, verify, writeLog } from '../audit/support.js';

// Issue 21, finding 4: a chain resealed under another chain id (every record's chain.id changed and its hash
// recomputed, checkpoints copied) verified as whole: the HMAC checkpoint covered only the previous hash. Fix:
// the Ed25519 signature is over the checkpoint's whole text, chain id, epoch, seq and prev included.

describe('regression: a chain resealed under another chain id does not verify under the public key', () => {
  it('gw-1 copied as gw-2: every checkpoint is checkpoint_invalid', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 4, 2, { chainId: 'gw-1' });
    const moved = recordsOf(path).map((r) => ({ ...r, chain: { ...r.chain, id: 'gw-2' } }));
    const report = verify([writeLog(reseal(moved, null))], { publicKey: keys.publicKey });
    expect(report.problems.map((p) => [p.kind, p.chain, p.seq])).toEqual([
      ['checkpoint_invalid', 'gw-2', 3],
      ['checkpoint_invalid', 'gw-2', 6],
      ['unsigned_chain', 'gw-2', 6],
    ]);
  });
});
