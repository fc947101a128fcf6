import { type PolicyTestCase, preset, testPolicy } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fcOptions,
  presetFault,
  propertyTimeout,
  type RequestPlan,
  validRequest,
} from '../arbitraries/index.js';
import { engineFor } from './support/engines.js';
import { signRequest } from './support/sign.js';

// Laws of testPolicy against the engine itself: a policy test case is the engine's judgement of the same claims,
// without keys. Requests are generated valid, then broken one or two ways (the preset's faults), signed, and
// judged by the engine; wherever token verification let them through to the policy, a case built from the
// same payloads must agree with the engine's verdict.

const lanekassen = preset('lanekassen-saldo', 'test').policy;
const timeout = propertyTimeout(40);
const valid = (): fc.Arbitrary<RequestPlan> => validRequest({ consentKinds: ['altinn2', 'altinn3'] });
const requests: fc.Arbitrary<RequestPlan> = fc.oneof(
  valid(),
  valid()
    .chain(presetFault)
    .map((f) => f.plan),
  valid()
    .chain(presetFault)
    .chain((f) => presetFault(f.plan))
    .map((f) => f.plan),
);

/** The case for a plan's payloads (the whole payloads, no shape), expecting what `expect` says. */
function caseOf(plan: RequestPlan, expect: PolicyTestCase['expect']): PolicyTestCase {
  const person = typeof plan.psuId === 'string' && plan.psuId !== '' ? plan.psuId : null;
  return {
    name: 'generated',
    now: plan.now,
    person,
    clockTolerance: plan.clockTolerance,
    ...(plan.requestId === undefined ? {} : { requestId: plan.requestId }),
    tokens: {
      maskinporten: { claims: plan.maskinporten.claims },
      ...(plan.consent === undefined ? {} : { consent: { claims: plan.consent.claims } }),
    },
    expect,
  };
}

/** The engine's verdict for a plan that reached the policy (token verification passed), else `undefined`. */
async function reachedPolicy(plan: RequestPlan) {
  const untouched = (s: { signing: RequestPlan['maskinporten']['signing'] } | undefined) =>
    s === undefined || (s.signing.rawPayload === undefined && s.signing.tamper === undefined);
  if (!untouched(plan.maskinporten) || !untouched(plan.consent)) return undefined;
  if (plan.psuId !== undefined && plan.psuId !== null && typeof plan.psuId !== 'string') return undefined;
  const verdict = await engineFor(lanekassen, plan.clockTolerance).evaluate(signRequest(plan).input);
  const policy = verdict.outcomes.find((o) => o.ruleId === 'policy');
  return policy === undefined || policy.status === 'skipped' ? undefined : verdict;
}

describe('laws of testPolicy', () => {
  it(
    'a case that expects the engine’s own verdict (decision and reasons) always passes',
    { timeout },
    async () => {
      let reached = 0;
      await fc.assert(
        fc.asyncProperty(requests, async (plan) => {
          const verdict = await reachedPolicy(plan);
          fc.pre(verdict !== undefined);
          if (verdict === undefined) return;
          reached += 1;
          const c = caseOf(plan, { decision: verdict.decision, reasons: [...verdict.reasons] });
          const report = await testPolicy(lanekassen, { cases: [c] });
          expect(report.problems).toEqual([]);
          expect(report.results[0]?.mismatches).toEqual([]);
          expect(report.passed).toBe(true);
        }),
        fcOptions(1, { maxSkipsPerRun: 1000 }),
      );
      expect(reached).toBeGreaterThan(0);
    },
  );

  it('a case that expects the other decision, or one reason more, always fails', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(requests, fc.boolean(), async (plan, flip) => {
        const verdict = await reachedPolicy(plan);
        fc.pre(verdict !== undefined);
        if (verdict === undefined) return;
        const expect_ = flip
          ? { decision: verdict.decision === 'allow' ? ('deny' as const) : ('allow' as const) }
          : { decision: verdict.decision, reasons: [...verdict.reasons, 'acme.never_given'] };
        const report = await testPolicy(lanekassen, { cases: [caseOf(plan, expect_)] });
        expect(report.passed).toBe(false);
        expect(report.results[0]?.status).toBe('failed');
      }),
      fcOptions(0.5, { maxSkipsPerRun: 1000 }),
    );
  });

  it(
    'a case whose claim is of the wrong type never allows, and denies with claim_invalid',
    { timeout },
    async () => {
      const claimNames = [
        'iss',
        'scope',
        'consumer',
        'supplier',
        'exp',
        'iat',
        'token_type',
        'client_amr',
        'pid',
      ];
      const notNumber = fc.oneof(
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 2 }),
        fc.object({ maxDepth: 1 }),
      );
      const notString = fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 2 }),
        fc.object({ maxDepth: 1 }),
      );
      const wrongFor = (name: string) => (name === 'exp' || name === 'iat' ? notNumber : notString);
      await fc.assert(
        fc.asyncProperty(
          valid(),
          fc.constantFrom(...claimNames).chain((name) => fc.tuple(fc.constant(name), wrongFor(name))),
          async (plan, [name, value]) => {
            const claims = { ...plan.maskinporten.claims, [name]: value };
            const c = caseOf(
              { ...plan, maskinporten: { ...plan.maskinporten, claims } },
              { decision: 'deny' },
            );
            const report = await testPolicy(lanekassen, { cases: [c] });
            const result = report.results[0];
            expect(result?.actual.decision).toBe('deny');
            expect(result?.actual.reasons).toContain('claim_invalid');
          },
        ),
        fcOptions(),
      );
    },
  );
});
