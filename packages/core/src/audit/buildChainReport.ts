import { type ChainState, summaryOf } from './chainState.js';
import type { ChainProblem, ChainReport } from './chainVerifierTypes.js';
import type { NotedProblems } from './problemLog.js';

// Private, and pure: the verifier's report, from its chains, the problems of the lines and those of the end.

/** The first of `late` for each chain in `chains`: its break when the lines showed none. */
function lateBreaks(chains: ReadonlyMap<string, ChainState>, late: readonly ChainProblem[]) {
  const breaks = new Map<string, ChainProblem>();
  for (const problem of late) {
    const { chain } = problem;
    if (chain !== null && chains.has(chain) && !breaks.has(chain)) breaks.set(chain, problem);
  }
  return breaks;
}

/** The report: every chain summarised, the problems kept (the lines' first, then the end's), all of them counted. */
export function buildChainReport(
  chains: ReadonlyMap<string, ChainState>,
  noted: NotedProblems,
  late: readonly ChainProblem[],
  keyId: string | null,
  maxProblems: number,
): ChainReport {
  const breaks = lateBreaks(chains, late);
  const count = noted.count + late.length;
  return {
    chains: [...chains.values()].map((state) => summaryOf(state, breaks.get(state.id))),
    unreadable: [...noted.unreadable],
    problems: [...noted.kept, ...late].slice(0, maxProblems),
    problemCount: count,
    keyId,
    whole: count === 0,
  };
}
