import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
// Private helpers, pinned on purpose: chain-head recovery is pure, so its laws are stated as tables here, beside
// the trail and file-sink tests that exercise it through the public API.
import type { Signing } from '../../packages/core/src/audit/auditTrailSettings.js';
import { sealRecord, signRecord } from '../../packages/core/src/audit/chainHash.js';
import { checkpointKeyId } from '../../packages/core/src/audit/checkpointKeyId.js';
import { findChainHead } from '../../packages/core/src/audit/findChainHead.js';
import { recoverChainHead } from '../../packages/core/src/audit/recoverChainHead.js';

const { privateKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519').privateKey;
const signing = (atClose: boolean): Signing => ({
  every: 10,
  key: privateKey,
  keyId: checkpointKeyId(privateKey),
  atClose,
});

type Kind = 'decision' | 'checkpoint';
interface Step {
  readonly kind: Kind;
  readonly key?: typeof privateKey;
}

/** Lines of chain `id`, linked from `seq` on, after `prev`; checkpoints signed with `key` (default this writer's). */
function chain(id: string, steps: readonly Step[], seq = 1, prev: string | null = null, epoch = 1): string[] {
  const lines: string[] = [];
  let last = prev;
  steps.forEach((step, i) => {
    const link = { id, seq: seq + i, prev: last, ...(epoch > 1 ? { epoch } : {}) };
    const body =
      step.kind === 'decision'
        ? { recordVersion: 1, kind: 'decision', id: `d${seq + i}`, chain: link }
        : {
            recordVersion: 1,
            kind: 'checkpoint',
            reason: 'every',
            every: 10,
            keyId: checkpointKeyId(step.key ?? privateKey),
            chain: link,
          };
    const { line, hash } =
      step.kind === 'checkpoint' ? signRecord(body, step.key ?? privateKey) : sealRecord(body);
    lines.push(line);
    last = hash;
  });
  return lines;
}

const d: Step = { kind: 'decision' };
const cp: Step = { kind: 'checkpoint' };
const seqs = (lines: readonly string[] | undefined) =>
  lines?.map((l) => (JSON.parse(l) as { chain: { seq: number } }).chain.seq);

describe('findChainHead: the chain lines from the last anchor, given lines newest first', () => {
  const gw = chain('gw', [d, d, cp, d, d]);
  const three = chain('gw', [d, d, d]);
  const table: readonly [string, readonly string[], readonly number[] | undefined][] = [
    ['no lines: no head', [], undefined],
    ['only foreign and torn lines: no head', [...chain('other', [d, d]), '{"chain":{"id":"gw"'], undefined],
    ['from the last checkpoint to the last line', gw, [3, 4, 5]],
    ['from seq 1 when no checkpoint comes first', chain('gw', [d, d, d]), [1, 2, 3]],
    [
      'foreign and torn lines between are passed over',
      [three[0] as string, 'garbage', three[1] as string, ...chain('x', [d]), three[2] as string],
      [1, 2, 3],
    ],
    ['all of the chain when no anchor is found', chain('gw', [d, d], 7, 'f'.repeat(64)), [7, 8]],
  ];
  it.each(table)('%s', (_, oldestFirst, expected) => {
    expect(seqs(findChainHead([...oldestFirst].reverse(), 'gw')?.lines)).toEqual(expected);
  });

  it('stops reading at the anchor (the lines before it are never asked for)', () => {
    const asked: string[] = [];
    function* newestFirst() {
      for (const line of [...gw].reverse()) {
        asked.push(line);
        yield line;
      }
    }
    findChainHead(newestFirst(), 'gw');
    expect(asked).toHaveLength(3);
  });
});

describe('recoverChainHead: a restarted writer goes on only from a head it can trust', () => {
  const plain = chain('gw', [d, d, d]);
  const signed = chain('gw', [cp, d, d], 11, 'a'.repeat(64));
  const signedClosed = chain('gw', [cp, d, d, cp], 11, 'a'.repeat(64));
  const foreignKey = chain('gw', [{ kind: 'checkpoint', key: other }, d], 11, 'a'.repeat(64));
  const tampered = [...plain.slice(0, 2), (plain[2] as string).replace('"d3"', '"dX"')];
  const epoch3 = chain('gw', [d, d], 1, null, 3);
  const gap = [plain[0] as string, plain[2] as string];
  const table: readonly [string, readonly string[], Signing | undefined, object][] = [
    ['sealed lines, no signing: on from the last line', plain, undefined, { seq: 3, sinceCheckpoint: 3 }],
    ['a tampered last line: a new epoch', tampered, undefined, { restart: 2, reason: 'unsealed_head' }],
    [
      'a foreign line among them: a new epoch',
      [...plain, ...chain('x', [d])],
      undefined,
      { reason: 'unsealed_head' },
    ],
    ['the next epoch after the highest seen', epoch3, undefined, { seq: 2, epoch: 3 }],
    ['with signing: from a signed checkpoint', signed, signing(false), { seq: 13, sinceCheckpoint: 2 }],
    ['with signing: from seq 1 of the epoch', plain, signing(false), { seq: 3, sinceCheckpoint: 3 }],
    [
      'with signing: another key signed the checkpoint',
      foreignKey,
      signing(false),
      { reason: 'unverified_head' },
    ],
    ['with signing: a gap in the links', gap, signing(false), { reason: 'unverified_head' }],
    ['atClose: records after the last checkpoint', signed, signing(true), { reason: 'unsigned_tail' }],
    [
      'atClose: the head is the closing checkpoint',
      signedClosed.slice(-1),
      signing(true),
      { seq: 14, sinceCheckpoint: 0 },
    ],
  ];
  it.each(table)('%s', (_, lines, keys, expected) => {
    expect(recoverChainHead(lines, 'gw', keys)).toMatchObject(expected);
  });

  it('goes on with the hash of the last line', () => {
    const last = JSON.parse(plain[2] as string) as { hash: string };
    expect(recoverChainHead(plain, 'gw', undefined)).toEqual({
      seq: 3,
      prev: last.hash,
      epoch: 1,
      sinceCheckpoint: 3,
    });
  });
});
