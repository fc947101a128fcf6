// @ts-nocheck
import type { Verdict } from '@dsop-guard/core';
import fc from 'fast-check';
import { type RequestPlan, type ValidRequestOptions, validRequest } from '../arbitraries/index.js';
import { engineFor } from '../properties/support/engines.js';
import { referencePolicy } from '../properties/support/referencePolicy.js';
import { signRequest } from '../properties/support/sign.js';

/** One valid request, the same every time (fast-check with a fixed seed), to edit into a counterexample. */
export function sampleRequest(options: ValidRequestOptions = {}, seed = 1): RequestPlan {
  const [plan] = fc.sample(validRequest({ clockTolerance: 0, ...options }), { numRuns: 1, seed });
  if (plan === undefined) throw new Error('no sample');
  return plan;
}

/** The verdict of the core-level reference policy on a plan. */
export async function verdictOf(plan: RequestPlan, policy = referencePolicy()): Promise<Verdict> {
  return engineFor(policy, plan.clockTolerance).evaluate(signRequest(plan).input);
}
