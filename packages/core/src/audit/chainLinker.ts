import type { KeyObject } from 'node:crypto';
import { sealRecord, signRecord } from './chainHash.js';
import type { CheckpointRecord } from './recordTypes.js';

// Private: a trail's place in its hash chain, as named fields (`seq`, `prev`, `epoch`), and the two ways a record
// is linked in: sealed by its hash, or (a checkpoint) signed and sealed.

/** Where a chain goes on from: its last seq and hash, in its epoch. */
export interface ChainPosition {
  readonly seq: number;
  readonly prev: string | null;
  readonly epoch: number;
}

/** A writer's end of one chain. */
export interface ChainLinker {
  /** The seq of the last record linked; 0 before the first. */
  readonly seq: () => number;
  /** Goes on from `position` (a resumed head, or seq 0 of a new epoch). */
  readonly goOnFrom: (position: ChainPosition) => void;
  /** Links a record into the chain: its seq, the previous hash, its own hash, and the line sinks write. */
  readonly link: <T extends { chain?: unknown; hash?: unknown }>(
    unlinked: Omit<T, 'chain' | 'hash'>,
  ) => { record: T; line: string };
  /** Links a checkpoint, signed: its line, and its record as the line holds it (signature included). */
  readonly linkSigned: (
    unlinked: Omit<CheckpointRecord, 'chain' | 'signature' | 'hash'>,
    key: KeyObject,
  ) => { record: CheckpointRecord; line: string };
}

export function createChainLinker(chainId: string): ChainLinker {
  let seq = 0;
  let prev: string | null = null;
  let epoch = 1;

  /** The next record's place: one past the last, after its hash; the epoch only from 2 on. */
  function next() {
    seq += 1;
    return { id: chainId, seq, prev, ...(epoch > 1 ? { epoch } : {}) };
  }

  return {
    seq: () => seq,
    goOnFrom: (position) => {
      ({ seq, prev, epoch } = position);
    },
    link: <T extends { chain?: unknown; hash?: unknown }>(unlinked: Omit<T, 'chain' | 'hash'>) => {
      const withChain = { ...unlinked, chain: next() };
      const { line, hash } = sealRecord(withChain);
      prev = hash;
      return { record: { ...withChain, hash } as unknown as T, line };
    },
    linkSigned: (unlinked, key) => {
      const { line, hash } = signRecord({ ...unlinked, chain: next() }, key);
      prev = hash;
      return { record: JSON.parse(line) as CheckpointRecord, line };
    },
  };
}
