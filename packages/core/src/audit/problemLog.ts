import type { ChainProblem } from './chainVerifierTypes.js';

// Private: the verifier's list of problems, bounded. Every problem is counted; the first `maxProblems` are kept,
// and those of lines that belong to no chain are also kept apart, as `unreadable`.

/** The problems noted so far, as plain data. */
export interface NotedProblems {
  /** The first `maxProblems` problems, in the order noted. */
  readonly kept: readonly ChainProblem[];
  /** The first `maxProblems` problems of no chain (lines that are not records, witness lines that are not checkpoints). */
  readonly unreadable: readonly ChainProblem[];
  /** Every problem noted, kept or not. */
  readonly count: number;
}

/** Where the verifier notes its problems. */
export interface ProblemLog {
  readonly note: (problem: ChainProblem) => void;
  readonly noted: () => NotedProblems;
}

export function createProblemLog(maxProblems: number): ProblemLog {
  const kept: ChainProblem[] = [];
  const unreadable: ChainProblem[] = [];
  let count = 0;
  return {
    note: (problem) => {
      count += 1;
      if (kept.length < maxProblems) kept.push(problem);
      if (problem.chain === null && unreadable.length < maxProblems) unreadable.push(problem);
    },
    noted: () => ({ kept, unreadable, count }),
  };
}
