import type { Decision, Verdict } from '@dsop-guard/core';

// Private to the package.

/** The decision of a request refused before its tokens were looked at: a verdict, and no evidence. */
export function refusalOf(verdict: Verdict, clockTolerance: number): Decision {
  return {
    verdict,
    claims: {
      maskinporten: undefined,
      consent: undefined,
      request: { person: undefined, requestId: undefined },
    },
    keys: { maskinporten: undefined, consent: undefined },
    ruleErrors: [],
    clockTolerance,
  };
}
