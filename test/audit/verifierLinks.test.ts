import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { checkLine, checkpointKeyId, createChainVerifier, fileSink } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
// Pins core's private sealRecord/signRecord on purpose: a forger with write access to the log recomputes hashes
// and signatures exactly as the trail does, and these tests must forge like that.
import { sealRecord, signRecord } from '../../packages/core/src/audit/chainHash.js';
import { checkpointKeys, guarded, tempDir, verify } from './support.js';

// The chain verifier's links over chains written by hand (sealed and signed as the writer does), for the cases a
// trail does not write: a chain's first record, epochs, checkpoints without a signature or naming another key,
// the end-only problems as a chain's first break, and checkLine's reading of a line's shape.

const keys = checkpointKeys();
const signing = createPrivateKey(keys.privateKey);
const keyId = checkpointKeyId(keys.publicKey);

interface Entry {
  readonly kind?: 'decision' | 'checkpoint';
  readonly seq: number;
  readonly epoch?: number;
  /** `undefined`: the previous line's hash (null for the first). */
  readonly prev?: string | null;
  readonly every?: unknown;
  readonly keyId?: unknown;
  /** A checkpoint sealed but not signed. */
  readonly unsigned?: boolean;
}

/** The lines of chain `id`, each linked to the one before unless told otherwise. */
function chainOf(entries: readonly Entry[], id = 'c'): string[] {
  let last: string | null = null;
  return entries.map((e) => {
    const chain = {
      id,
      seq: e.seq,
      prev: e.prev === undefined ? last : e.prev,
      ...(e.epoch ? { epoch: e.epoch } : {}),
    };
    const body =
      e.kind === 'checkpoint'
        ? { recordVersion: 1, kind: 'checkpoint', chain, every: e.every ?? 2, keyId: e.keyId ?? keyId }
        : { recordVersion: 1, kind: 'decision', chain, decision: 'allow' };
    const sealed = e.kind === 'checkpoint' && !e.unsigned ? signRecord(body, signing) : sealRecord(body);
    last = sealed.hash;
    return sealed.line;
  });
}

const cp = (seq: number, more: Partial<Entry> = {}): Entry => ({ kind: 'checkpoint', seq, ...more });

function report(lines: readonly string[], options: Parameters<typeof createChainVerifier>[0] = {}) {
  const verifier = createChainVerifier(options);
  lines.forEach((line, i) => {
    verifier.push(line, { file: 'f', line: i + 1 });
  });
  return verifier.report();
}
const problems = (lines: readonly string[], options: Parameters<typeof createChainVerifier>[0] = {}) =>
  report(lines, options).problems.map((p) => `${p.kind}@${p.line}`);
const signed = { publicKey: keys.publicKey };

describe('the chain verifier: a chain starts at seq 1 with no prev', () => {
  it('a hand-written signed chain is whole', () => {
    expect(problems(chainOf([{ seq: 1 }, { seq: 2 }, cp(3)]), signed)).toEqual([]);
  });

  it.each([
    ['seq 1 that names a prev', [{ seq: 1, prev: 'a'.repeat(64) }, { seq: 2 }]],
    ['seq 2 with no prev', [{ seq: 2, prev: null }, { seq: 3 }]],
  ])('%s is chain_start', (_, entries) => {
    expect(problems(chainOf(entries))).toEqual(['chain_start@1']);
  });

  it('a chain whose first record is of epoch 2 reports that epoch start', () => {
    const r = report(
      chainOf([
        { seq: 1, epoch: 2 },
        { seq: 2, epoch: 2 },
      ]),
    );
    expect(r.whole).toBe(true);
    expect(r.chains[0]?.epochStarts).toEqual([{ file: 'f', line: 1, epoch: 2, unsignedBefore: 0 }]);
  });

  it('a new epoch starts at seq 1 with no prev; anything else is chain_start', () => {
    const ok = chainOf([{ seq: 1 }, cp(2), { seq: 1, epoch: 2, prev: null }, cp(2, { epoch: 2 })]);
    expect(problems(ok, signed)).toEqual([]);
    const bad = chainOf([{ seq: 1 }, cp(2), { seq: 3, epoch: 2, prev: null }]);
    expect(problems(bad)).toEqual(['chain_start@3']);
  });

  it('the unsigned tail an epoch ends with is judged as a chain end is, and reported at the new epoch', () => {
    // epoch 1: a checkpoint (every 2), then three decisions; epoch 2 starts and is signed.
    const lines = chainOf([
      { seq: 1 },
      cp(2),
      { seq: 3 },
      { seq: 4 },
      { seq: 5 },
      { seq: 1, epoch: 2, prev: null },
      cp(2, { epoch: 2 }),
    ]);
    const r = report(lines, signed);
    expect(r.problems.map((p) => `${p.kind}@${p.line}`)).toEqual(['unsigned_tail@6']);
    expect(r.chains[0]?.epochStarts).toEqual([{ file: 'f', line: 6, epoch: 2, unsignedBefore: 3 }]);
    // Two records after the checkpoint are what it promises: no problem, and the tail restarts with the epoch.
    const two = chainOf([
      { seq: 1 },
      cp(2),
      { seq: 3 },
      { seq: 4 },
      { seq: 1, epoch: 2, prev: null },
      cp(2, { epoch: 2 }),
    ]);
    expect(problems(two, signed)).toEqual([]);
    expect(report(two, signed).chains[0]?.tail).toBe(0);
  });

  it('without a key no tail is judged: an epoch after unsigned records is no problem, only an epoch start', () => {
    const lines = chainOf([
      { seq: 1 },
      { seq: 2 },
      { seq: 3 },
      { seq: 1, epoch: 2, prev: null },
      { seq: 2, epoch: 2 },
    ]);
    const r = report(lines);
    expect(r.problems).toEqual([]);
    expect(r.whole).toBe(true);
    expect(r.chains[0]?.epochStarts).toEqual([{ file: 'f', line: 4, epoch: 2, unsignedBefore: 3 }]);
  });
});

describe('the chain verifier with a key: a checkpoint counts only when it is signed by that key and names it', () => {
  it('a sealed checkpoint without a signature is checkpoint_invalid, not a crash', () => {
    const lines = chainOf([{ seq: 1 }, cp(2, { unsigned: true })]);
    expect(problems(lines, signed)).toEqual(['checkpoint_invalid@2', 'unsigned_chain@2']);
    expect(problems(lines)).toEqual([]);
  });

  it('a checkpoint signed by the key but naming another key id is checkpoint_invalid', () => {
    const lines = chainOf([{ seq: 1 }, cp(2, { keyId: 'ed25519:00000000000000000000000000000000' })]);
    expect(problems(lines, signed)).toEqual(['checkpoint_invalid@2', 'unsigned_chain@2']);
  });

  it('an end-only problem is its chain first break: the first found of them', () => {
    const lines = chainOf([{ seq: 1 }, { seq: 2 }]);
    expect(report(lines, signed).chains[0]?.firstBreak).toMatchObject({ kind: 'unsigned_chain', line: 2 });
    const tail = chainOf([{ seq: 1 }, cp(2), { seq: 3 }, { seq: 4 }, { seq: 5 }]);
    const witness = [{ text: chainOf([{ seq: 1 }, cp(2), cp(3)])[2] as string, at: { file: 'w', line: 1 } }];
    const r = report(tail, { ...signed, witness });
    expect(r.problems.map((p) => p.kind)).toEqual(['unsigned_tail', 'witness_missing']);
    expect(r.chains[0]?.firstBreak).toMatchObject({ kind: 'unsigned_tail', line: 5 });
    expect(report(chainOf([{ seq: 1 }, cp(2)]), signed).chains[0]?.firstBreak).toBeNull();
  });

  it('the records of a known chain are linked when maxChains is reached; only a new chain is too many', () => {
    const lines = [...chainOf([{ seq: 1 }, { seq: 2 }, { seq: 3 }]), ...chainOf([{ seq: 1 }], 'd')];
    expect(problems(lines, { maxChains: 1 })).toEqual(['too_many_chains@4']);
    // A record of one chain too many is a problem of that chain, not an unreadable line.
    expect(report(lines, { maxChains: 1 }).unreadable).toEqual([]);
  });

  it('push returns the record a line holds, and nothing for a line that holds none', () => {
    const [line] = chainOf([{ seq: 1 }]);
    const verifier = createChainVerifier();
    expect(verifier.push(line as string, { file: 'f', line: 1 })).toEqual(JSON.parse(line as string));
    expect(verifier.push('junk', { file: 'f', line: 2 })).toBeUndefined();
  });
});

describe('checkLine reads a line on its own, and never throws', () => {
  const base = JSON.parse(chainOf([{ seq: 1 }])[0] as string);
  const shaped = (patch: (r: Record<string, unknown>) => unknown) =>
    JSON.stringify(patch(structuredClone(base)));
  it.each([
    ['a kind that is neither', (r: Record<string, unknown>) => ({ ...r, kind: 'note' })],
    ['a hash that is not a string', (r: Record<string, unknown>) => ({ ...r, hash: 5 })],
    ['a chain that is not an object', (r: Record<string, unknown>) => ({ ...r, chain: 'c' })],
    ['a chain that is null', (r: Record<string, unknown>) => ({ ...r, chain: null })],
    [
      'a chain id that is not a string',
      (r: Record<string, unknown>) => ({ ...r, chain: { id: 1, seq: 1, prev: null } }),
    ],
    [
      'a prev that is a number',
      (r: Record<string, unknown>) => ({ ...r, chain: { id: 'c', seq: 2, prev: 1 } }),
    ],
    [
      'an epoch of 0',
      (r: Record<string, unknown>) => ({ ...r, chain: { id: 'c', seq: 1, prev: null, epoch: 0 } }),
    ],
    [
      'an epoch of 1.5',
      (r: Record<string, unknown>) => ({ ...r, chain: { id: 'c', seq: 1, prev: null, epoch: 1.5 } }),
    ],
    ['an array', () => [base]],
  ])('%s: not_a_record', (_, patch) => {
    expect(checkLine(shaped(patch))).toEqual({ problem: 'not_a_record' });
  });

  it('JSON that is not an object is not a record; junk is corrupt unless it is a torn last line', () => {
    expect(checkLine('5')).toEqual({ problem: 'not_a_record' });
    expect(checkLine('"recordVersion"')).toEqual({ problem: 'not_a_record' });
    expect(checkLine('junk')).toEqual({ problem: 'corrupt' });
    expect(checkLine('junk', true)).toEqual({ problem: 'torn' });
  });

  it('an explicit epoch 1 is epoch 1; a decision has no checkpoint part', () => {
    const line = shaped((r) => ({ ...r, chain: { id: 'c', seq: 1, prev: null, epoch: 1 } }));
    const checked = checkLine(line);
    expect('link' in checked && checked.link).toMatchObject({ epoch: 1, kind: 'decision', checkpoint: null });
  });

  it.each([
    [2, 'ed25519:x', 2, 'ed25519:x'],
    [1, 'k', 1, 'k'],
    [0, 5, null, null],
    [1.5, ['k'], null, null],
    ['2', undefined, null, null],
  ])('a checkpoint with every %o and keyId %o reads every %o, keyId %o', (every, kid, e, k) => {
    const [line] = chainOf([cp(1, { every, keyId: kid, unsigned: true })]);
    const fixed = kid === undefined ? (line as string).replace(/"keyId":"[^"]*",/, '') : (line as string);
    const checked = checkLine(fixed);
    expect('link' in checked && checked.link.checkpoint).toMatchObject({ every: e, keyId: k, signed: null });
  });
});

describe('the checkpoint signing key may be given as a KeyObject', () => {
  it('a trail signs with a private KeyObject as with its PEM text', async () => {
    const path = join(tempDir(), 'decisions.jsonl');
    const { trail, guard } = guarded({
      sinks: [fileSink({ path, fsync: 'never' })],
      checkpoints: { every: 1, key: signing },
    });
    await guard.check({ maskinportenToken: 'x', requestId: 'k-1' });
    await trail.close();
    const r = verify([path], signed);
    expect(r.whole).toBe(true);
    expect(r.chains[0]?.checkpointsVerified).toBeGreaterThan(0);
  });
});
