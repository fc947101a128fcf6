import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSink, pinoSink, type WitnessedCheckpoint, witnessedCheckpoint } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import {
  checkpointKeys,
  guarded,
  linesOf,
  recordsOf,
  reseal,
  tempDir,
  verify,
  writeLog,
} from '../audit/support.js';

// Issue 21, finding 4: a log whose tail was cut off after a checkpoint verified as whole, and nothing outside
// the host could say otherwise. Fix: checkpoints go to every sink of the trail, so a second one (here a pino
// log) carries the chain heads elsewhere; the verifier's `witness` (`audit verify --witness`) checks the log
// against them: a witnessed checkpoint not in the log is witness_missing, a different one witness_mismatch.

/** A log with a pino-shaped witness beside it (what pino writes for `logger.info({ decision: record }, msg)`). */
async function witnessedLog(privateKey: string, n: number) {
  const dir = tempDir();
  const path = join(dir, 'decisions.jsonl');
  const pinoLog = join(dir, 'pino.log');
  const logger = {
    info: (object: object, msg?: string) =>
      appendFileSync(
        pinoLog,
        `${JSON.stringify({ level: 30, time: 1, pid: 1, hostname: 'h', ...object, msg })}\n`,
      ),
  };
  const { trail, guard } = guarded({
    sinks: [fileSink({ path, fsync: 'never' }), pinoSink(logger)],
    checkpoints: { every: 2, key: privateKey },
  });
  for (let i = 0; i < n; i += 1) await guard.check({ maskinportenToken: 'x', requestId: `w-${i}` });
  await trail.close();
  const witness: WitnessedCheckpoint[] = linesOf(pinoLog).flatMap((line, i) => {
    const text = witnessedCheckpoint(line);
    return text === undefined ? [] : [{ text, at: { file: pinoLog, line: i + 1 } }];
  });
  return { path, witness };
}

describe('regression: a tail cut after a checkpoint shows against a witness', () => {
  it('the last checkpoint and the records before it cut: whole with the key alone, witness_missing with the witness', async () => {
    const keys = checkpointKeys();
    const { path, witness } = await witnessedLog(keys.privateKey, 6);
    expect(witness).toHaveLength(3);
    const options = { publicKey: keys.publicKey, witness };
    expect(verify([path], options).whole).toBe(true);
    const cut = writeLog(linesOf(path).slice(0, 6)); // up to the second checkpoint
    expect(verify([cut], { publicKey: keys.publicKey }).whole).toBe(true);
    const report = verify([cut], options);
    expect(report.problems.map((p) => [p.kind, p.chain, p.seq])).toEqual([
      ['witness_missing', 'test-chain', 9],
    ]);
  });

  it('a chain rewritten from its start, without a key: witness_mismatch and witness_missing', async () => {
    const keys = checkpointKeys();
    const { path, witness } = await witnessedLog(keys.privateKey, 4);
    const records = recordsOf(path);
    const forged = reseal(
      records.map((r) => (r.kind === 'decision' ? { ...r, decision: 'allow' } : r)),
      null,
    );
    expect(verify([writeLog(forged)]).whole).toBe(true);
    const report = verify([writeLog(forged)], { witness });
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['witness_mismatch', 3],
      ['witness_mismatch', 6],
    ]);
    const report2 = verify([writeLog(forged.slice(0, 3))], { witness });
    expect(report2.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['witness_mismatch', 3],
      ['witness_missing', 6],
    ]);
  });
});
