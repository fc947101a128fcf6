// Private: a verdict's tree of rule outcomes as the list the page shows.

import type { RuleOutcome } from '@dsop-guard/core';

/** Every rule outcome of the tree, depth first, with its depth. */
export function flattenOutcomes(
  outcomes: readonly RuleOutcome[],
  depth = 0,
): { outcome: RuleOutcome; depth: number }[] {
  return outcomes.flatMap((outcome) => [
    { outcome, depth },
    ...flattenOutcomes(outcome.children ?? [], depth + 1),
  ]);
}
