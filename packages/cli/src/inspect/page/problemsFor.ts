// Private: the verdict's problems with one claim, for its row in a claim table.

import type { Verdict } from '@dsop-guard/core';
import { flattenOutcomes } from './flattenOutcomes.js';

/** The codes of the violations at these verdict paths or under them, once each; shadow ones marked. */
export function problemsFor(verdict: Verdict | undefined, paths: readonly string[]): string[] {
  if (verdict === undefined || paths.length === 0) return [];
  const out: string[] = [];
  for (const { outcome: o } of flattenOutcomes(verdict.outcomes))
    for (const v of o.violations)
      if (paths.some((p) => v.path === p || v.path.startsWith(`${p}.`) || v.path.startsWith(`${p}[`)))
        out.push(`${v.code}${o.mode === 'shadow' ? ' (shadow)' : ''}`);
  return [...new Set(out)];
}
