import type { CodeDeclarations, Policy } from '@dsop-guard/core';
import type { DecisionFacts } from '../read/readDecision.js';

// Private: which custom codes' messages the named policy may lend the report. A record carries its policy's id,
// version and sha256, not its code table; a custom code means what the policy that gave it declared, so a named
// policy explains one of its codes only when every decision that gave the code names the named policy's sha256.
// A code given under another policy (another version, another team's policy using the same name) is listed
// without a message rather than with one that may not be its own. Bounded: only the named policy's own codes
// are tracked.

type Loose = Readonly<Record<string, unknown>>;
const MAX_DEPTH = 32;

const object = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

/** The codes of the violations anywhere in a recorded outcome tree, read defensively. */
function outcomeCodes(items: unknown, into: Set<string>, depth: number): void {
  if (!Array.isArray(items) || depth > MAX_DEPTH) return;
  for (const item of items) {
    const o = object(item);
    if (o === undefined) continue;
    if (Array.isArray(o['violations']))
      for (const v of o['violations']) {
        const code = object(v)?.['code'];
        if (typeof code === 'string') into.add(code);
      }
    outcomeCodes(o['children'], into, depth + 1);
  }
}

/**
 * `see` each decision; `codes()` is the code table to explain with: without a named policy `given` as it is
 * (a table the caller passed in code), with one the named policy's codes that only decisions under its sha256
 * gave (a code no decision gave keeps its message: there is nothing to mislabel).
 */
export function lentMessages(
  named: Policy | undefined,
  given: CodeDeclarations,
): { readonly see: (facts: DecisionFacts) => void; readonly codes: () => CodeDeclarations } {
  if (named === undefined) return { see: () => {}, codes: () => given };
  const own = named.codes ?? {};
  const underOther = new Set<string>();
  return {
    see: (facts) => {
      if (facts.policy?.sha256 === named.sha256) return;
      const seen = new Set<string>(facts.reasons);
      outcomeCodes(facts.outcomes, seen, 0);
      for (const code of seen) if (Object.hasOwn(own, code)) underOther.add(code);
    },
    codes: () =>
      Object.fromEntries(Object.entries(own).filter(([code]) => !underOther.has(code))) as CodeDeclarations,
  };
}
