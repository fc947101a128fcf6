// @ts-nocheck
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
    // The forger's own chain: each decision turned into an allow, then an HMAC checkpoint over it, as the old
    // writer made them, every line sealed and linked afresh.
    const lines: string[] = [];
    let prev: string | null = null;
    const append = (record: object): void => {
      const [line] = reseal([record], prev);
      lines.push(line as string);
      prev = JSON.parse(line as string).hash;
    };
    for (const r of recordsOf(path).filter((x) => x.kind === 'decision')) {
      append({ ...r, decision: 'allow', chain: { ...r.chain, seq: lines.length + 1 } });
      const mac = createHmac('sha256', sharedKey)
        .update(prev ?? '')
        .digest('hex');
      const chain = { id: r.chain.id, seq: lines.length + 1 };
      append({ recordVersion: 1, kind: 'checkpoint', time: r.time, keyId: 'env', mac, chain });
    }
    const log = writeLog(lines);
    expect(verify([log]).whole).toBe(true); // without a key: counted, not checked
    const report = verify([log], { publicKey: keys.publicKey });
    expect(report.problems.map((p) => p.kind)).toEqual([
      ...['checkpoint_invalid', 'checkpoint_invalid', 'checkpoint_invalid', 'checkpoint_invalid'],
      'unsigned_chain',
    ]);
  });
});
