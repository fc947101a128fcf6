import { type ChainRules, type ChainState, tailTooLong } from './chainState.js';
import type { ChainProblem, ChainProblemKind } from './chainVerifierTypes.js';

// Private, and pure: the problems only the end of the files shows.

const atLast = (state: ChainState, kind: ChainProblemKind): ChainProblem => ({
  ...state.lastAt,
  kind,
  chain: state.id,
  seq: state.lastSeq,
});

/**
 * The problems the end of the files shows, in the order reported: with a key, each chain with no verified
 * checkpoint (`unsigned_chain`) or too long a tail (`unsigned_tail`), at its last line; each expected chain
 * with no record (`chain_missing`, line 0); then the witnessed checkpoints not seen (`unseen`, `witness_missing`).
 */
export function problemsAtTheEnd(
  chains: ReadonlyMap<string, ChainState>,
  rules: ChainRules,
  expectedChains: readonly string[],
  unseen: readonly ChainProblem[],
): ChainProblem[] {
  const found: ChainProblem[] = [];
  if (rules.keyed) {
    for (const state of chains.values()) {
      if (state.checkpointsVerified === 0) found.push(atLast(state, 'unsigned_chain'));
      else if (tailTooLong(state, rules)) found.push(atLast(state, 'unsigned_tail'));
    }
  }
  for (const id of expectedChains) {
    if (!chains.has(id)) found.push({ file: '', line: 0, kind: 'chain_missing', chain: id, seq: null });
  }
  found.push(...unseen);
  return found;
}
