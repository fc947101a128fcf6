import type { Verdict } from '@dsop-guard/core';
import { definePolicy } from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accepted,
  buildRule,
  everyFault,
  fcOptions,
  hostile,
  policySpec,
  propertyTimeout,
  type RequestPlan,
  singleFault,
  tokenLike,
  validRequest,
} from '../arbitraries/index.js';
import { engineFor, oracleConfig } from './support/engines.js';
import { oracleViolations } from './support/oracle.js';
import { referencePolicy } from './support/referencePolicy.js';
import { decisionOf, referenceStatus } from './support/semantics.js';
import { signRequest } from './support/sign.js';

// Core-level laws: the engine (verification, normalisation, consent selection, verdicts) under a policy of
// custom rules written with core's public API (support/referencePolicy.ts). rules.test.ts repeats the
// request-level laws with the built-in preset.

const policy = referencePolicy();
const timeout = propertyTimeout(40);

async function judge(
  plan: RequestPlan,
): Promise<{ verdict: Verdict; signed: ReturnType<typeof signRequest> }> {
  const signed = signRequest(plan);
  const verdict = await engineFor(policy, plan.clockTolerance).evaluate(signed.input);
  return { verdict, signed };
}

/** Valid requests, requests with one fault, and requests with two. */
const anyRequest: fc.Arbitrary<RequestPlan> = fc.oneof(
  validRequest({
    validToStyles: ['epoch', 'alias-ValidTo', 'numeric-string', 'legacy-dotted', 'legacy-dashed'],
  }),
  validRequest()
    .chain(singleFault)
    .map((f) => f.plan),
  validRequest()
    .chain(singleFault)
    .chain((f) => singleFault(f.plan))
    .map((f) => f.plan),
);

describe('engine laws under a custom-rule policy', () => {
  it('completeness: every generated valid request is allowed', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(validRequest(), async (plan) => {
        const { verdict } = await judge(plan);
        expect(verdict.reasons).toEqual([]);
        expect(verdict.decision).toBe('allow');
      }),
      fcOptions(),
    );
  });

  it(
    'soundness: every allow satisfies every DSOP invariant, as an independent oracle checks them',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(anyRequest, async (plan) => {
          const { verdict, signed } = await judge(plan);
          if (verdict.decision === 'allow') {
            const broken = oracleViolations(oracleConfig(plan), {
              maskinportenToken: signed.maskinportenToken,
              consentToken: signed.consentToken,
              person: plan.psuId,
              now: plan.now,
              clockTolerance: plan.clockTolerance,
            });
            expect(broken).toEqual([]);
          }
        }),
        fcOptions(),
      );
    },
  );

  it(
    'single fault: breaking any one required property of a valid request denies with exactly its code',
    { timeout: propertyTimeout(150) },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          validRequest().chain((plan) => everyFault(plan)),
          async (faults) => {
            for (const { fault, plan, reasons } of faults) {
              const { verdict } = await judge(plan);
              expect(verdict.decision, fault).toBe('deny');
              expect(verdict.reasons, fault).toEqual(reasons);
            }
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'no fail-open: arbitrary tokens, persons, ids and times give deny, never a throw or a rejection',
    { timeout },
    async () => {
      const input = fc.record(
        {
          maskinportenToken: tokenLike(),
          consentToken: tokenLike(),
          person: fc.oneof(fc.anything(), fc.string()),
          requestId: fc.anything(),
          now: fc.oneof(fc.double(), fc.anything()),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof({ weight: 10, arbitrary: input }, fc.anything(), hostile()),
          async (raw) => {
            const verdict = await engineFor(policy, 10).evaluate(raw as never);
            expect(verdict.decision).toBe('deny');
            expect(verdict.reasons.length).toBeGreaterThan(0);
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'no fail-open: a valid Maskinporten token with junk beside it never throws, and allows only what the oracle allows',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          validRequest(),
          tokenLike(),
          fc.anything(),
          async (plan, consentJunk, personJunk) => {
            const signed = signRequest(plan);
            const input = { ...signed.input, consentToken: consentJunk, person: personJunk };
            const verdict = await engineFor(policy, plan.clockTolerance).evaluate(input);
            if (verdict.decision === 'allow') {
              const broken = oracleViolations(oracleConfig(plan), {
                maskinportenToken: signed.maskinportenToken,
                consentToken: consentJunk,
                person: personJunk,
                now: plan.now,
                clockTolerance: plan.clockTolerance,
              });
              expect(broken).toEqual([]);
            }
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'no fail-open: arbitrary JSON claims, signed by the right keys, never throw and allow only what the oracle allows',
    { timeout },
    async () => {
      const claimNames = fc.constantFrom(
        'iss',
        'scope',
        'exp',
        'iat',
        'nbf',
        'consumer',
        'supplier',
        'delegation_source',
        'authorization_details',
        'pid',
        'jti',
        'OfferedBy',
        'CoveredBy',
        'ValidToDate',
        'ValidTo',
        'Services',
        'HandledBy',
        '__proto__',
        'constructor',
      );
      const scramble = (claims: Readonly<Record<string, unknown>>) =>
        fc
          .dictionary(fc.oneof(claimNames, fc.string()), fc.oneof(fc.jsonValue(), fc.constant(undefined)), {
            maxKeys: 4,
          })
          .map((changes) =>
            Object.fromEntries(Object.entries({ ...claims, ...changes }).filter(([, v]) => v !== undefined)),
          );
      const scrambled = validRequest().chain((plan) =>
        fc
          .tuple(
            scramble(plan.maskinporten.claims),
            plan.consent === undefined ? fc.constant(undefined) : scramble(plan.consent.claims),
          )
          .map(
            ([mp, consent]): RequestPlan => ({
              ...plan,
              maskinporten: { ...plan.maskinporten, claims: mp },
              consent:
                plan.consent === undefined || consent === undefined
                  ? plan.consent
                  : { ...plan.consent, claims: consent },
            }),
          ),
      );
      await fc.assert(
        fc.asyncProperty(scrambled, async (plan) => {
          const { verdict, signed } = await judge(plan);
          expect(['allow', 'deny']).toContain(verdict.decision);
          if (verdict.decision === 'allow') {
            const broken = oracleViolations(oracleConfig(plan), {
              maskinportenToken: signed.maskinportenToken,
              consentToken: signed.consentToken,
              person: plan.psuId,
              now: plan.now,
              clockTolerance: plan.clockTolerance,
            });
            expect(broken).toEqual([]);
          }
        }),
        fcOptions(),
      );
    },
  );

  it(
    'request fields of the wrong type deny with input_malformed before any token is looked at',
    { timeout },
    async () => {
      const notString = fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.object(),
        fc.array(fc.string()),
      );
      const bad = fc.oneof(
        fc.record({
          now: fc.oneof(
            fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
            fc.string(),
            notString.filter((v) => typeof v !== 'number'),
          ),
        }),
        fc.record({ person: notString.filter((v) => v !== null) }),
        fc.record({ requestId: notString.filter((v) => v !== null) }),
      );
      await fc.assert(
        fc.asyncProperty(
          validRequest(),
          bad,
          fc.oneof(fc.constant(undefined), fc.string(), fc.integer(), fc.constant(null)),
          async (plan, fields, notAnObject) => {
            const input = { ...signRequest(plan).input, ...fields };
            const verdict = await engineFor(policy, plan.clockTolerance).evaluate(input as never);
            expect(verdict.decision).toBe('deny');
            expect(verdict.reasons).toEqual(['input_malformed']);
            expect(verdict.outcomes.map((o) => o.status)).toEqual(['fail', 'skipped', 'skipped', 'skipped']);
            const raw = await engineFor(policy, plan.clockTolerance).evaluate(notAnObject as never);
            expect(raw.reasons).toEqual(['input_malformed']);
            expect(raw.tokens).toEqual({ maskinporten: null, consent: null });
          },
        ),
        fcOptions(),
      );
    },
  );

  it('a verdict survives a JSON round trip unchanged', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyRequest.map((plan) => ({
            input: signRequest(plan).input as unknown,
            tolerance: plan.clockTolerance,
          })),
          fc.record({
            input: fc.record({ maskinportenToken: tokenLike(), now: fc.double() }),
            tolerance: fc.constant(10),
          }),
        ),
        async ({ input, tolerance }) => {
          const verdict = await engineFor(policy, tolerance).evaluate(input as never);
          expect(JSON.parse(JSON.stringify(verdict))).toStrictEqual(verdict);
        },
      ),
      fcOptions(),
    );
  });

  it('a random rule tree decides in the engine exactly as its reference semantics', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest({ clockTolerance: 10 }),
        policySpec().map((s) => accepted(s)),
        async (plan, spec) => {
          const treePolicy = definePolicy({ id: 'random', version: '1', rule: buildRule(spec) });
          const verdict = await engineFor(treePolicy, 10).evaluate(signRequest(plan).input);
          expect(verdict.decision).toBe(decisionOf(referenceStatus(spec)));
          expect(verdict.reasons.length === 0).toBe(verdict.decision === 'allow');
        },
      ),
      fcOptions(),
    );
  });

  it('the same request always gets the same verdict', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(anyRequest, async (plan) => {
        const signed = signRequest(plan);
        const engine = engineFor(policy, plan.clockTolerance);
        const first = await engine.evaluate(signed.input);
        const second = await engine.evaluate(signed.input);
        expect(second).toStrictEqual(first);
      }),
      fcOptions(),
    );
  });
});
