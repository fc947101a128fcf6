import { all, definePolicy } from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CustomRulePlan,
  customRule,
  customRulePlan,
  fcOptions,
  propertyTimeout,
  type RequestPlan,
  singleFault,
  validRequest,
} from '../arbitraries/index.js';
import { engineFor } from './support/engines.js';
import { referencePolicy } from './support/referencePolicy.js';
import { signRequest } from './support/sign.js';

// Laws about a custom rule added to a policy: whatever it does (throws, rejects, times out, returns junk or a
// look-alike, writes to the claims, the consent or the context, fails with an engine code or a flood of
// violations) and in either mode, it can only add denials, and a shadow rule changes no decision at all.

const reference = referencePolicy();
// Five times the usual runs: the writes that matter (to the field that decides, by a rule that runs first, on a
// request the policy itself denies) are a few in a hundred; each run is cheap (two verdicts, no new keys).
const SCALE = 5;
const timeout = propertyTimeout(60 * SCALE);

/** Valid requests, requests with one fault, and requests with two. */
const anyRequest: fc.Arbitrary<RequestPlan> = fc.oneof(
  validRequest(),
  validRequest()
    .chain(singleFault)
    .map((f) => f.plan),
  validRequest()
    .chain(singleFault)
    .chain((f) => singleFault(f.plan))
    .map((f) => f.plan),
);

/** The verdicts of a request under the reference policy, and under it with the planned rule added. */
async function judgeBoth(plan: RequestPlan, extra: CustomRulePlan) {
  const rule = customRule('acme.extra', extra);
  const rules = extra.first ? [rule, reference.rule] : [reference.rule, rule];
  const policy = definePolicy({ id: 'with-extra', version: '1', rule: all(rules) });
  const { input } = signRequest(plan);
  const without = await engineFor(reference, plan.clockTolerance).evaluate(input);
  const withRule = await engineFor(policy, plan.clockTolerance).evaluate(input);
  return { without, withRule };
}

describe('laws of custom rules added to a policy', () => {
  it(
    'no added rule makes an allow: any custom rule, in any mode, before or after the policy, allows nothing the policy without it denies',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(anyRequest, customRulePlan(), async (plan, extra) => {
          const { without, withRule } = await judgeBoth(plan, extra);
          if (without.decision === 'deny') expect(withRule.decision).toBe('deny');
        }),
        fcOptions(SCALE),
      );
    },
  );

  it(
    'a shadow rule changes nothing: whatever it does, the verdict has the same reasons',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(anyRequest, customRulePlan(), async (plan, extra) => {
          const { without, withRule } = await judgeBoth(plan, { ...extra, mode: 'shadow' });
          expect([withRule.decision, withRule.reasons]).toEqual([without.decision, without.reasons]);
        }),
        fcOptions(SCALE),
      );
    },
  );
});
