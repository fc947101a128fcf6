import { appendFileSync } from 'node:fs';
import { fileSink, type GuardEvent } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, guarded, linesOf, recordsOf, reseal, signedLog, verify } from '../audit/support.js';

// Issue 21, finding 4: a restarted writer resumed from whatever the last line of the file claimed, without
// checking its seal, and its next checkpoint then vouched for an appended forgery. Fix: a writer resumes only
// from a sealed record of its own chain; with a signing key, only from lines that verify back to a signed
// checkpoint, and (for a writer that checkpoints when it closes) only when that checkpoint is the last line.
// Otherwise it starts a new epoch at seq 1, raises audit.epoch_started, and the verifier reports the epoch.

async function restart(path: string, privateKey: string | undefined, events: GuardEvent[]) {
  const { trail, guard } = guarded({
    sinks: [fileSink({ path, fsync: 'never' })],
    ...(privateKey === undefined ? {} : { checkpoints: { every: 2, key: privateKey } }),
    onEvent: (e) => events.push(e),
  });
  await guard.check({ maskinportenToken: 'x', requestId: 'after' });
  await trail.close();
}

describe('regression: a restarted writer does not resume onto a forged last line', () => {
  it('an unsealed last line (an allow written over a deny): a new epoch, not a continuation', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 2, 2);
    const last = recordsOf(path).at(-1)!;
    appendFileSync(
      path,
      `${JSON.stringify({ ...last, kind: 'decision', decision: 'allow', chain: { ...last.chain, seq: 4 } })}\n`,
    );
    const events: GuardEvent[] = [];
    await restart(path, keys.privateKey, events);
    expect(events).toEqual([
      { type: 'audit.epoch_started', level: 'warn', chain: 'test-chain', epoch: 2, reason: 'unsealed_head' },
    ]);
    const records = recordsOf(path);
    expect(records.at(-2)?.chain).toEqual({ id: 'test-chain', seq: 1, prev: null, epoch: 2 });
    const report = verify([path], { publicKey: keys.publicKey });
    expect(report.chains[0]?.epochStarts).toEqual([{ file: path, line: 5, epoch: 2, unsignedBefore: 1 }]);
    expect(report.problems.map((p) => [p.kind, p.line])).toEqual([
      ['link_mismatch', 4],
      ['hash_mismatch', 4],
    ]);
  });

  it('a sealed, linked forgery appended after the closing checkpoint: the next checkpoint does not vouch for it', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 2, 2);
    const records = recordsOf(path);
    const head = records.at(-1)!;
    const decision = records[0]!;
    const [forged] = reseal(
      [{ ...decision, decision: 'allow', chain: { ...head.chain, seq: head.chain.seq + 1 } }],
      head.hash,
    );
    appendFileSync(path, `${forged}\n`);
    const events: GuardEvent[] = [];
    await restart(path, keys.privateKey, events);
    expect(events.map((e) => e.type === 'audit.epoch_started' && e.reason)).toEqual(['unsigned_tail']);
    const lines = linesOf(path);
    expect(JSON.parse(lines[4] as string).chain).toMatchObject({ seq: 1, prev: null, epoch: 2 });
    const report = verify([path], { publicKey: keys.publicKey });
    expect(report.chains[0]?.epochStarts).toEqual([{ file: path, line: 5, epoch: 2, unsignedBefore: 1 }]);
  });

  it('without a key: an unsealed last line starts a new epoch too', async () => {
    const path = await signedLog(checkpointKeys().privateKey, 1, 5);
    appendFileSync(path, `${linesOf(path)[0]!.replace('"deny"', '"allow"')}\n`);
    const events: GuardEvent[] = [];
    await restart(path, undefined, events);
    expect(events.map((e) => e.type)).toEqual(['audit.epoch_started']);
  });

  it('a sealed last line of its own chain is resumed as before', async () => {
    const keys = checkpointKeys();
    const path = await signedLog(keys.privateKey, 3, 2);
    const events: GuardEvent[] = [];
    await restart(path, keys.privateKey, events);
    expect(events).toEqual([]);
    expect(recordsOf(path).map((r) => r.chain.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(verify([path], { publicKey: keys.publicKey }).whole).toBe(true);
  });
});
