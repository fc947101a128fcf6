import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, recordsOf, reseal, signedLog, verify, writeLog } from '../audit/support.js';

// Issue 21, finding 4: checkpoints were an HMAC under a key every verifier held, so every auditor who could
// verify could forge: rebuild the chain with denies turned into allows and compute fresh checkpoints. Fix:
// checkpoints are Ed25519 signatures; readers hold the public key only, and an HMAC checkpoint (as older
// versions wrote) is not signed: under a public key it is checkpoint_invalid.

const sharedKey = 'a-checkpoint-key-every-auditor-holds';

describe('regression: an HMAC-era checkpoint, forged by a key holder, does not verify under a public key', () => {
  it('a rebuilt chain with fresh HMAC checkpoints: checkpoint_invalid and unsigned_chain', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 4, 2);
    let seq = 0;
    let prev: string | null = null as string | null;
    const forged: Record<string, unknown>[] = [];
    for (const r of recordsOf(path).filter((x) => x.kind === 'decision')) {
      // The forger's own chain: a decision, then an HMAC checkpoint over it, as the old writer made them.
      const decision: string = reseal(
        [{ ...r, decision: 'allow', chain: { ...r.chain, seq: (seq += 1) } }],
        prev,
      )[0]!;
      prev = JSON.parse(decision).hash;
      forged.push(JSON.parse(decision));
      const mac: string = createHmac('sha256', sharedKey)
        .update(prev ?? '')
        .digest('hex');
      const checkpoint: Record<string, unknown> = {
        recordVersion: 1,
        kind: 'checkpoint',
        time: r.time,
        keyId: 'env',
        mac,
      };
      const sealed: string = reseal(
        [{ ...checkpoint, chain: { id: r.chain.id, seq: (seq += 1), prev } }],
        prev,
      )[0]!;
      prev = JSON.parse(sealed).hash;
      forged.push(JSON.parse(sealed));
    }
    const log = writeLog(reseal(forged, null));
    expect(verify([log]).whole).toBe(true); // without a key: counted, not checked
    const report = verify([log], { publicKey: keys.publicKey });
    expect(report.problems.map((p) => p.kind)).toEqual([
      ...['checkpoint_invalid', 'checkpoint_invalid', 'checkpoint_invalid', 'checkpoint_invalid'],
      'unsigned_chain',
    ]);
  });
});
