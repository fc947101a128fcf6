import { generateKeyPairSync } from 'node:crypto';
import type { ChainProblemKind, CheckedLink, LogPosition } from '@dsop-guard/core';
import { checkpointKeyId } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
// Private helpers, pinned on purpose: the verifier's per-line check, its end-of-files check and its options are
// pure functions of their inputs, so their laws are stated as tables here, beside the verifier tests that
// exercise them through createChainVerifier.
import { buildChainReport } from '../../packages/core/src/audit/buildChainReport.js';
import { type ChainRules, type ChainState, openChain } from '../../packages/core/src/audit/chainState.js';
import { chainVerifierSettings } from '../../packages/core/src/audit/chainVerifierSettings.js';
import { createProblemLog } from '../../packages/core/src/audit/problemLog.js';
import { problemsAtTheEnd } from '../../packages/core/src/audit/problemsAtTheEnd.js';
import { type LinkFacts, linkBreak, stepChain } from '../../packages/core/src/audit/stepChain.js';

const at = (line: number): LogPosition => ({ file: 'decisions.jsonl', line });
const hash = (n: number) => n.toString(16).padStart(64, '0');

/** Record `seq` of chain `gw`, linked to the hash of seq - 1 (hash(seq) is its own), sealed. */
function rec(seq: number, over: Partial<CheckedLink> = {}): CheckedLink {
  return {
    kind: 'decision',
    id: 'gw',
    seq,
    prev: seq === 1 ? null : hash(seq - 1),
    epoch: 1,
    hash: hash(seq),
    sealed: true,
    checkpoint: null,
    ...over,
  };
}
const cp = (seq: number, every: number | null, over: Partial<CheckedLink> = {}): CheckedLink =>
  rec(seq, { kind: 'checkpoint', checkpoint: { every, keyId: 'k', signed: null }, ...over });

const plain: ChainRules = { partial: false, keyed: false, maxGap: undefined };
const keyed: ChainRules = { partial: false, keyed: true, maxGap: undefined };
const none: LinkFacts = { signed: false, witnessed: undefined };
const signed: LinkFacts = { signed: true, witnessed: undefined };

/** The chain after `records` (each with its facts), and every problem's kind and seq, in order. */
function run(records: readonly (CheckedLink | [CheckedLink, LinkFacts])[], rules: ChainRules = plain) {
  let state: ChainState | undefined;
  const problems: [ChainProblemKind, number | null][] = [];
  records.forEach((r, i) => {
    const [record, facts] = Array.isArray(r) ? r : [r, none];
    const step = stepChain(state, record, at(i + 1), facts, rules);
    state = step.state;
    problems.push(...step.problems.map((p): [ChainProblemKind, number | null] => [p.kind, p.seq]));
  });
  return { state: state as ChainState, problems };
}

describe('linkBreak: the kind of break between a chain so far and its next record', () => {
  const after3 = run([rec(1), rec(2), rec(3)]).state;
  const table: readonly [string, ChainState | undefined, CheckedLink, boolean, ChainProblemKind | null][] = [
    ['a chain that starts at seq 1: none', undefined, rec(1), false, null],
    ['a chain that starts later: chain_start', undefined, rec(4), false, 'chain_start'],
    ['a chain that starts later, partial: none', undefined, rec(4), true, null],
    ['seq 1 with a prev: chain_start', undefined, rec(1, { prev: hash(0) }), false, 'chain_start'],
    ['the next seq, linked: none', after3, rec(4), false, null],
    ['a seq seen already: seq_repeat', after3, rec(3), false, 'seq_repeat'],
    ['a seq after a gap: seq_gap', after3, rec(5), false, 'seq_gap'],
    ['the next seq, another prev: link_mismatch', after3, rec(4, { prev: hash(9) }), false, 'link_mismatch'],
    ['an earlier epoch: link_mismatch', { ...after3, epoch: 2 }, rec(4), false, 'link_mismatch'],
    ['a later epoch that starts at seq 1: none', after3, rec(1, { epoch: 2 }), false, null],
    ['a later epoch that starts later: chain_start', after3, rec(2, { epoch: 2 }), true, 'chain_start'],
  ];
  it.each(table)('%s', (_, state, record, partial, expected) => {
    expect(linkBreak(state, record, partial)).toBe(expected);
  });
});

describe('stepChain: what one record does to its chain, as a function of the state before', () => {
  const table: readonly [string, readonly (CheckedLink | [CheckedLink, LinkFacts])[], ChainRules, object][] =
    [
      [
        'a whole chain: counted, no problem, its tail the records since the start',
        [rec(1), rec(2), rec(3)],
        plain,
        { problems: [], state: { records: 3, lastSeq: 3, lastHash: hash(3), tail: 3, firstBreak: null } },
      ],
      [
        'an edited line: hash_mismatch, and the chain goes on from it',
        [rec(1), rec(2, { sealed: false }), rec(3)],
        plain,
        { problems: [['hash_mismatch', 2]], state: { records: 3, lastSeq: 3 } },
      ],
      [
        'a deleted record is one seq_gap, not one problem per later record',
        [rec(1), rec(3), rec(4), rec(5)],
        plain,
        {
          problems: [['seq_gap', 3]],
          state: { records: 4, lastSeq: 5, firstBreak: { kind: 'seq_gap', line: 2 } },
        },
      ],
      [
        'without a key, a checkpoint is counted and ends the tail, signed or not',
        [rec(1), rec(2), cp(3, 1)],
        plain,
        { problems: [], state: { checkpoints: 1, checkpointsVerified: 0, tail: 0 } },
      ],
      [
        'with a key, an unsigned checkpoint is checkpoint_invalid and leaves the tail as it was',
        [rec(1), rec(2), cp(3, 5)],
        keyed,
        { problems: [['checkpoint_invalid', 3]], state: { checkpointsVerified: 0, tail: 2, every: null } },
      ],
      [
        'with a key, a signed checkpoint after more records than it promises: checkpoint_gap',
        [rec(1), rec(2), [cp(3, 1), signed]],
        keyed,
        { problems: [['checkpoint_gap', 3]], state: { checkpointsVerified: 1, tail: 0, every: 1 } },
      ],
      [
        'maxGap is the limit instead of the checkpoint promise',
        [rec(1), rec(2), [cp(3, 1), signed]],
        { ...keyed, maxGap: 2 },
        { problems: [], state: { checkpointsVerified: 1 } },
      ],
      [
        'a checkpoint a witness saw with another hash: witness_mismatch, before its signature is judged',
        [rec(1), [cp(2, 5), { signed: false, witnessed: hash(99) }]],
        keyed,
        {
          problems: [
            ['witness_mismatch', 2],
            ['checkpoint_invalid', 2],
          ],
        },
      ],
      [
        'a new epoch: reported as an epoch start with the unsigned records before it, the tail judged',
        [rec(1), [cp(2, 1), signed], rec(3), rec(4), rec(1, { epoch: 2 })],
        keyed,
        {
          problems: [['unsigned_tail', 1]],
          state: { epoch: 2, lastSeq: 1, tail: 1, epochStarts: [{ line: 5, epoch: 2, unsignedBefore: 2 }] },
        },
      ],
      [
        'a chain first seen in epoch 3 starts with that epoch start, none unsigned before it',
        [rec(1, { epoch: 3 })],
        plain,
        { problems: [], state: { epoch: 3, epochStarts: [{ line: 1, epoch: 3, unsignedBefore: 0 }] } },
      ],
    ];
  it.each(table)('%s', (_, records, rules, expected) => {
    expect(run(records, rules)).toMatchObject(expected);
  });

  it('is pure: the state before is left as it was', () => {
    const before = run([rec(1), rec(2)]).state;
    const copy = structuredClone(before);
    stepChain(before, rec(5, { sealed: false, epoch: 2 }), at(3), none, keyed);
    expect(before).toEqual(copy);
  });

  it('the first break is the first problem of the chain, kept after later ones', () => {
    const { state } = run([rec(1), rec(3), rec(3)]);
    expect(state.firstBreak).toEqual({ ...at(2), kind: 'seq_gap', chain: 'gw', seq: 3 });
  });
});

describe('problemsAtTheEnd and the report: what only the end of the files shows', () => {
  const signedChain = run([rec(1), [cp(2, 1), signed], rec(3), rec(4)], keyed).state;
  const unsigned = { ...run([rec(1)]).state, id: 'w2' };
  const chains = new Map([
    ['gw', signedChain],
    ['w2', unsigned],
  ]);
  const missing = { ...at(7), kind: 'witness_missing' as const, chain: 'gw', seq: 9 };

  it('with a key: unsigned_tail and unsigned_chain at each chain last line; then missing chains, then witnesses', () => {
    const late = problemsAtTheEnd(chains, keyed, ['gw', 'gw/w3'], [missing]);
    expect(late.map((p) => [p.kind, p.chain, p.line, p.seq])).toEqual([
      ['unsigned_tail', 'gw', 4, 4],
      ['unsigned_chain', 'w2', 1, 1],
      ['chain_missing', 'gw/w3', 0, null],
      ['witness_missing', 'gw', 7, 9],
    ]);
  });

  it('without a key no chain is unsigned', () => {
    expect(problemsAtTheEnd(chains, plain, [], [])).toEqual([]);
  });

  it('a chain whose lines showed no break gets the first late problem of its own as its first break', () => {
    const log = createProblemLog(1);
    log.note({ ...at(1), kind: 'corrupt', chain: null, seq: null });
    log.note({ ...at(2), kind: 'corrupt', chain: null, seq: null });
    const late = problemsAtTheEnd(chains, keyed, ['gw/w3'], [missing]);
    const report = buildChainReport(chains, log.noted(), late, 'ed25519:x', 3);
    expect(report.chains.map((c) => c.firstBreak?.kind)).toEqual(['unsigned_tail', 'unsigned_chain']);
    // At most maxProblems kept of each list; every one counted.
    expect(report.unreadable).toHaveLength(1);
    expect(report.problems.map((p) => p.kind)).toEqual(['corrupt', 'unsigned_tail', 'unsigned_chain']);
    expect(report).toMatchObject({ problemCount: 6, keyId: 'ed25519:x', whole: false });
  });

  it('a chain opened by its first record holds nothing of it yet', () => {
    expect(openChain(rec(4), at(1))).toMatchObject({ records: 0, firstSeq: 4, lastSeq: 3, tail: 0 });
  });
});

describe('chainVerifierSettings: the defaults, and the public key named once', () => {
  const pair = generateKeyPairSync('ed25519');
  it('without options: no key, no witness, no expected chain, 1000 problems, 100 000 chains', () => {
    expect(chainVerifierSettings({})).toEqual({
      key: undefined,
      keyId: null,
      partial: false,
      maxProblems: 1000,
      maxChains: 100_000,
      maxGap: undefined,
      expectedChains: [],
      witness: [],
    });
  });

  it('with a public key: its id is that of checkpointKeyId', () => {
    const settings = chainVerifierSettings({ publicKey: pair.publicKey, maxGap: 3 });
    expect(settings.keyId).toBe(checkpointKeyId(pair.publicKey));
    expect(settings.maxGap).toBe(3);
  });

  it('with several bad options, the first in the order checked is the one named', () => {
    expect(() => chainVerifierSettings({ maxProblems: -1, maxChains: 0, witness: 'x' as never })).toThrow(
      /^maxProblems:/,
    );
    expect(() => chainVerifierSettings({ maxChains: 0, maxGap: 2 })).toThrow(/^maxChains:/);
    expect(() => chainVerifierSettings({ publicKey: 'not a key', witness: 'x' as never })).toThrow(
      /^witness:/,
    );
  });
});
