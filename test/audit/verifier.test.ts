import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ChainProblem, createChainVerifier, fileSink } from '@dsop-guard/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { guarded, linesOf, tempDir, verify } from './support.js';

let pristine: string[];
beforeAll(async () => {
  const path = join(tempDir(), 'decisions.jsonl');
  const { trail, guard } = guarded({ sinks: [fileSink({ path, fsync: 'never' })] });
  for (let i = 1; i <= 5; i += 1) await guard.check({ maskinportenToken: 'x', requestId: `v-${i}` });
  await trail.close();
  pristine = linesOf(path);
});

/** Writes `lines` to a fresh file and returns the first problem the verifier names. */
function firstProblem(lines: readonly string[], ending = '\n'): ChainProblem | undefined {
  const path = join(tempDir(), 'tampered.jsonl');
  writeFileSync(path, lines.join('\n') + ending);
  const report = verify([path]);
  const first = report.problems[0];
  return first === undefined ? undefined : { ...first, file: first.file === path ? 'tampered' : first.file };
}

const at = (line: number, kind: string, seq: number | null) => ({
  file: 'tampered',
  line,
  kind,
  chain: seq === null ? null : 'test-chain',
  seq,
});

/** The line with members replaced (`undefined` removes one). */
const edit = (line: string, patch: Record<string, unknown>): string =>
  JSON.stringify({ ...JSON.parse(line), ...patch });

describe('the chain verifier names the first broken link', () => {
  it('an untouched log is whole', () => {
    expect(firstProblem(pristine)).toBeUndefined();
  });

  it.each([
    [
      'an edited record',
      (l: string[]) => l.with(2, edit(l[2] as string, { decision: 'allow' })),
      at(3, 'hash_mismatch', 3),
    ],
    ['a deleted record', (l: string[]) => l.toSpliced(2, 1), at(3, 'seq_gap', 4)],
    [
      'two records swapped',
      (l: string[]) => l.with(1, l[2] as string).with(2, l[1] as string),
      at(2, 'seq_gap', 3),
    ],
    ['a record repeated', (l: string[]) => l.toSpliced(3, 0, l[1] as string), at(4, 'seq_repeat', 2)],
    [
      'an inserted record (made up, hash recomputed)',
      (l: string[]) =>
        l.toSpliced(2, 0, l[2] as string).with(3, edit(l[2] as string, { requestId: 'forged' })),
      at(4, 'seq_repeat', 3),
    ],
    ['the first record removed', (l: string[]) => l.slice(1), at(1, 'chain_start', 2)],
    ['a line of junk', (l: string[]) => l.toSpliced(2, 0, 'junk'), at(3, 'corrupt', null)],
    [
      'JSON that is not a record',
      (l: string[]) => l.toSpliced(2, 0, '{"hello":1}'),
      at(3, 'not_a_record', null),
    ],
    [
      'a record of another version',
      (l: string[]) => l.with(4, edit(l[4] as string, { recordVersion: 2 })),
      at(5, 'unknown_version', null),
    ],
    [
      'a record without its version',
      (l: string[]) => l.with(4, edit(l[4] as string, { recordVersion: undefined })),
      at(5, 'not_a_record', null),
    ],
  ])('%s', (_, tamper, expected) => {
    expect(firstProblem(tamper([...pristine]))).toEqual(expected);
  });

  it('a line re-serialised with the same meaning (members reordered) no longer matches its hash', () => {
    const { hash, ...rest } = JSON.parse(pristine[1] as string);
    expect(firstProblem(pristine.with(1, JSON.stringify({ hash, ...rest })))).toEqual(
      at(2, 'hash_mismatch', 2),
    );
  });

  it('an edit with its hash recomputed shows at the next link', async () => {
    // core's private sealRecord, on purpose: the forger recomputes the hash exactly as the trail does.
    const { sealRecord } = await import('../../packages/core/src/audit/chainHash.js');
    const { hash: _hash, ...forged } = JSON.parse(pristine[1] as string);
    forged.requestId = 'forged';
    expect(firstProblem(pristine.with(1, sealRecord(forged).line))).toEqual(at(3, 'link_mismatch', 3));
  });

  it('a truncated last line (no newline) is torn; the records before it are whole', () => {
    const lines = pristine.with(4, (pristine[4] as string).slice(0, 100));
    expect(firstProblem(lines, '')).toEqual(at(5, 'torn', null));
    const path = join(tempDir(), 'torn.jsonl');
    writeFileSync(path, lines.join('\n'));
    expect(verify([path]).chains[0]).toMatchObject({ records: 4, lastSeq: 4, firstBreak: null });
  });

  it('a hash of non-ASCII text of the right length is a mismatch, not a crash', () => {
    const odd = edit(pristine[0] as string, { hash: 'é'.repeat(64) });
    expect(() => createChainVerifier().push(odd, { file: 'f', line: 1 })).not.toThrow();
    expect(firstProblem(pristine.with(0, odd))).toEqual(at(1, 'hash_mismatch', 1));
  });
});
