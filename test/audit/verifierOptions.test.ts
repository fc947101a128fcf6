import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, checkpointKeyId, createChainVerifier, witnessedCheckpoint } from '@dsop-guard/core';
import { beforeAll, describe, expect, it } from 'vitest';
// Pins core's private sealRecord on purpose: a forged record must carry a correctly recomputed hash.
import { sealRecord } from '../../packages/core/src/audit/chainHash.js';
import { checkpointKeys, linesOf, signedLog, verify, writeLog } from './support.js';

// What the chain verifier's options promise (docs/audit.md): `maxGap` tightens the checkpoints' own `every`,
// `expectedChains` names chains that must be there, `partial` accepts a chain cut at its start, `maxProblems`
// caps the list and not the count; and bad options are a ConfigError naming the field, when the verifier is made.

let keys: ReturnType<typeof checkpointKeys>;
/** 5 decisions, a checkpoint every 2 (and one at close): seq 1 2 [3] 4 5 [6] 7 [8]. */
let log: string[];
beforeAll(async () => {
  keys = checkpointKeys();
  log = linesOf(await signedLog(keys.privateKey, 5, 2));
});

const kinds = (lines: readonly string[], options: Parameters<typeof verify>[1]) =>
  verify([writeLog(lines)], options).problems.map((p) => [p.kind, p.line, p.seq]);

describe('the chain verifier with a public key holds the checkpoints to what they promise', () => {
  it('the log as written: whole, every checkpoint verified, keyId that of the public key', () => {
    const report = verify([writeLog(log)], { publicKey: keys.publicKey });
    expect(report.whole).toBe(true);
    expect(report.keyId).toBe(checkpointKeyId(keys.publicKey));
    expect(report.chains[0]).toMatchObject({ checkpoints: 3, checkpointsVerified: 3, records: 5, tail: 0 });
  });

  it('maxGap below the checkpoints own every: each checkpoint after more records than it is a checkpoint_gap', () => {
    expect(kinds(log, { publicKey: keys.publicKey, maxGap: 1 })).toEqual([
      ['checkpoint_gap', 3, 3],
      ['checkpoint_gap', 6, 6],
    ]);
  });

  it('maxGap equal to the records between checkpoints is no gap', () => {
    expect(kinds(log, { publicKey: keys.publicKey, maxGap: 2 })).toEqual([]);
  });

  it('records after the last checkpoint: as many as it promises is whole, more is unsigned_tail', () => {
    const upToSeq5 = log.slice(0, 5); // [3] then two decisions
    expect(kinds(upToSeq5, { publicKey: keys.publicKey })).toEqual([]);
    expect(verify([writeLog(upToSeq5)], { publicKey: keys.publicKey }).chains[0]?.tail).toBe(2);
    expect(kinds(upToSeq5, { publicKey: keys.publicKey, maxGap: 1 })).toEqual([
      ['checkpoint_gap', 3, 3],
      ['unsigned_tail', 5, 5],
    ]);
  });

  it('without a key, checkpoints are counted, not checked, and no tail is unsigned', () => {
    const report = verify([writeLog(log.slice(0, 5))]);
    expect(report.whole).toBe(true);
    expect(report.keyId).toBeNull();
    expect(report.chains[0]).toMatchObject({ records: 4, checkpoints: 1, checkpointsVerified: 0, tail: 2 });
  });

  it('a checkpoint signed by another key is checkpoint_invalid, and the chain, with none verified, unsigned', () => {
    const other = checkpointKeys();
    const report = verify([writeLog(log)], { publicKey: other.publicKey });
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['checkpoint_invalid', 3],
      ['checkpoint_invalid', 6],
      ['checkpoint_invalid', 8],
      ['unsigned_chain', 8],
    ]);
    expect(report.chains[0]).toMatchObject({ checkpointsVerified: 0 });
  });
});

describe('the chain verifier: expected chains, partial chains, the problem list', () => {
  it('an expected chain with no record is chain_missing (line 0, no seq); the chains present are whole', () => {
    const report = verify([writeLog(log)], { expectedChains: ['test-chain', 'gw/w2'] });
    expect(report.problems).toEqual([
      { file: '', line: 0, kind: 'chain_missing', chain: 'gw/w2', seq: null },
    ]);
    expect(report.whole).toBe(false);
    expect(report.chains[0]?.firstBreak).toBeNull();
    expect(verify([writeLog(log)], { expectedChains: ['test-chain'] }).whole).toBe(true);
  });

  it('a chain that starts after seq 1 is chain_start, and whole with partial', () => {
    expect(kinds(log.slice(3), {})).toEqual([['chain_start', 1, 4]]);
    const report = verify([writeLog(log.slice(3))], { partial: true });
    expect(report.whole).toBe(true);
    expect(report.chains[0]).toMatchObject({ firstSeq: 4, lastSeq: 8, records: 3 });
  });

  it('partial does not excuse a gap inside the chain', () => {
    expect(kinds(log.toSpliced(4, 1), { partial: true })).toEqual([['seq_gap', 5, 6]]);
  });

  it('maxProblems 0 keeps no problem but counts them all, and the log is not whole', () => {
    const verifier = createChainVerifier({ maxProblems: 0 });
    for (let line = 1; line <= 3; line += 1) verifier.push('junk', { file: 'f', line });
    const report = verifier.report();
    expect(report.problems).toEqual([]);
    expect(report.unreadable).toEqual([]);
    expect(report.problemCount).toBe(3);
    expect(report.whole).toBe(false);
  });

  it('the problems only the end shows are capped with the rest, and counted', () => {
    const verifier = createChainVerifier({ maxProblems: 1, expectedChains: ['a', 'b', 'c'] });
    verifier.push('junk', { file: 'f', line: 1 });
    const report = verifier.report();
    expect(report.problems.map((p) => p.kind)).toEqual(['corrupt']);
    expect(report.problemCount).toBe(4);
  });

  it('a first break in a chain is its first problem; later ones are counted, not its firstBreak', () => {
    const report = verify([writeLog(log.toSpliced(2, 1).toSpliced(4, 1))]);
    expect(report.problems.map((p) => [p.kind, p.seq])).toEqual([
      ['seq_gap', 4],
      ['seq_gap', 7],
    ]);
    expect(report.chains[0]?.firstBreak).toMatchObject({ kind: 'seq_gap', seq: 4, line: 3 });
  });

  it('a record of an older epoch than its chain has reached is a link_mismatch', () => {
    const chain = (seq: number, epoch: number, prev: string | null) =>
      sealRecord({ recordVersion: 1, kind: 'checkpoint', chain: { id: 'e', seq, prev, epoch } });
    const first = chain(1, 2, null);
    const older = chain(2, 1, first.hash);
    const verifier = createChainVerifier();
    verifier.push(first.line, { file: 'f', line: 1 });
    verifier.push(older.line, { file: 'f', line: 2 });
    expect(verifier.report().problems.map((p) => p.kind)).toEqual(['link_mismatch']);
  });
});

describe('the chain verifier refuses bad options when it is made', () => {
  const { privateKey: rsa } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pair = generateKeyPairSync('ed25519');
  const nonNegative = 'must be a non-negative integer';
  const positive = 'must be a positive integer';
  const notPublic = 'give the public key: a reader must not hold the signing key';
  it.each([
    ['options', null, 'must be an object'],
    ['options', 'gw/w1', 'must be an object'],
    ['maxProblems', { maxProblems: -1 }, nonNegative],
    ['maxProblems', { maxProblems: 1.5 }, nonNegative],
    ['maxChains', { maxChains: 0 }, positive],
    ['maxChains', { maxChains: 2.5 }, positive],
    ['maxGap', { maxGap: 0, publicKey: pair.publicKey }, positive],
    ['maxGap', { maxGap: 1.5, publicKey: pair.publicKey }, positive],
    ['maxGap', { maxGap: 2 }, 'goes with publicKey: without it checkpoints are not checked'],
    ['expectedChains', { expectedChains: 'gw/w1' }, 'must be a list of chain ids'],
    ['expectedChains', { expectedChains: ['gw/w1', 2] }, 'must be a list of chain ids'],
    ['witness', { witness: 'pino.log' }, 'must be a list'],
    ['publicKey', { publicKey: pair.privateKey }, notPublic],
    ['publicKey', { publicKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) }, notPublic],
    ['publicKey', { publicKey: 'not a key' }, 'must be an Ed25519 public key, a KeyObject or PEM text'],
    ['publicKey', { publicKey: rsa }, notPublic],
  ])('%s: %o', (field, options, message) => {
    let thrown: unknown;
    try {
      createChainVerifier(options as never);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).field).toBe(field);
    // The field, then what is wrong with it (the message is part of the contract the CLI prints).
    expect((thrown as ConfigError).message).toBe(`${field}: ${message}`);
  });

  it('the smallest allowed values are allowed', () => {
    expect(() =>
      createChainVerifier({ maxProblems: 0, maxChains: 1, maxGap: 1, publicKey: pair.publicKey }),
    ).not.toThrow();
  });
});

describe('witnessed checkpoints: only a sealed (and, with a key, signed) checkpoint is a witness', () => {
  const witnessAt = (text: string) => ({ text, at: { file: 'pino.log', line: 7 } });
  const checkpointOf = (lines: readonly string[]) =>
    lines.find((l) => JSON.parse(l).kind === 'checkpoint') as string;

  it('each checkpoint of the log, witnessed: whole, with and without the key', () => {
    const witness = log.filter((l) => JSON.parse(l).kind === 'checkpoint').map(witnessAt);
    expect(witness).toHaveLength(3);
    expect(verify([writeLog(log)], { witness }).whole).toBe(true);
    expect(verify([writeLog(log)], { witness, publicKey: keys.publicKey }).whole).toBe(true);
  });

  it.each([
    ['junk', () => 'junk', null],
    ['a decision record', () => log[0] as string, 'test-chain'],
    [
      'a checkpoint edited (no longer sealed)',
      () => checkpointOf(log).replace('"every":2', '"every":3'),
      'test-chain',
    ],
  ])('%s is witness_invalid, at the witness line', (_, text, chain) => {
    const report = verify([writeLog(log)], { witness: [witnessAt(text())] });
    // The record's place in its chain is named when the line is one.
    const seq = chain === null ? null : (JSON.parse(text()) as { chain: { seq: number } }).chain.seq;
    expect(seq).not.toBe(0);
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'witness_invalid', file: 'pino.log', line: 7, chain, seq }),
    ]);
    // A witness that names its chain is a chain's problem, not an unreadable line.
    if (chain !== null) expect(report.unreadable).toEqual([]);
    expect(report.whole).toBe(false);
  });

  it('with a key, a checkpoint signed by another key is witness_invalid; without one it is a witness', async () => {
    const other = checkpointKeys();
    const foreign = checkpointOf(linesOf(await signedLog(other.privateKey, 2, 2)));
    const witness = [witnessAt(foreign)];
    expect(kindsOf(verify([writeLog(log)], { witness, publicKey: keys.publicKey }))).toEqual([
      'witness_invalid',
    ]);
    // Its chain id and seq are those of a checkpoint of this log: a witness that differs from it.
    expect(kindsOf(verify([writeLog(log)], { witness }))).toEqual(['witness_mismatch']);
  });

  it('a witnessed checkpoint of another epoch is not this one: witness_missing', () => {
    const cp = JSON.parse(checkpointOf(log));
    const { hash: _hash, ...body } = cp;
    const other = sealRecord({ ...body, chain: { ...cp.chain, epoch: 2 } }).line;
    expect(kindsOf(verify([writeLog(log)], { witness: [witnessAt(other)] }))).toEqual(['witness_missing']);
  });
});

describe('witnessedCheckpoint reads a witness log line', () => {
  const checkpoint = () => log.find((l) => JSON.parse(l).kind === 'checkpoint') as string;
  it('a checkpoint line is itself; a pino line gives the member that is one, as JSON', () => {
    expect(witnessedCheckpoint(checkpoint())).toBe(checkpoint());
    const pino = JSON.stringify({ level: 30, decision: JSON.parse(checkpoint()), msg: 'checkpoint' });
    expect(witnessedCheckpoint(pino)).toBe(JSON.stringify(JSON.parse(checkpoint())));
  });

  it.each([
    ['a decision record', () => log[0] as string],
    ['a line that names a checkpoint but is not JSON', () => '"checkpoint" {'],
    ['a JSON string naming it', () => JSON.stringify('"checkpoint"')],
    ['a pino line without a checkpoint member', () => JSON.stringify({ msg: '"checkpoint"', kind: 'x' })],
    // Never throws: a null member is looked at like any other.
    ['a pino line with a null member', () => JSON.stringify({ err: null, msg: '"checkpoint"' })],
    [
      'a member that holds a checkpoint one level down',
      () => JSON.stringify({ a: { b: { kind: 'checkpoint' } } }),
    ],
  ])('%s: nothing', (_, line) => {
    expect(witnessedCheckpoint(line())).toBeUndefined();
  });
});

const kindsOf = (report: { problems: readonly { kind: string }[] }) => report.problems.map((p) => p.kind);
