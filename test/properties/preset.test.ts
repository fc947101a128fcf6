import { definePolicy } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accepted,
  buildBuiltin,
  buildRule,
  builtinLeaf,
  everyFault,
  fcOptions,
  type PolicySpec,
  policySpec,
  presetFault,
  propertyTimeout,
  type RequestPlan,
  reorder,
  validRequest,
} from '../arbitraries/index.js';
import { engineFor, oracleConfig } from './support/engines.js';
import { oracleViolations } from './support/oracle.js';
import { signRequest } from './support/sign.js';
import { addToGroups } from './support/specEdits.js';

// Rules-level laws: the Lånekassen TEST preset (built-in rules through loadPolicy), judged by the engine, against
// the independent oracle. The preset takes Altinn 2 consents only (its Altinn 3 resource id is unpublished).

const lanekassen = preset('lanekassen-saldo', 'test').policy;
const timeout = propertyTimeout(40);
/** A generated tree of built-in rules as a policy definePolicy accepts (an enforced issuer rule beside it if not). */
const ISSUER: PolicySpec = { kind: 'builtin', name: 'issuer', mode: 'enforce' };
const acceptedBuiltins = (spec: PolicySpec): PolicySpec =>
  accepted(spec, (s) => buildRule(s, 'r', buildBuiltin), ISSUER);
const valid = (): fc.Arbitrary<RequestPlan> => validRequest({ consentKinds: ['altinn2'] });

const judge = async (plan: RequestPlan, policy = lanekassen) => {
  const signed = signRequest(plan);
  return { signed, verdict: await engineFor(policy, plan.clockTolerance).evaluate(signed.input) };
};

const anyRequest: fc.Arbitrary<RequestPlan> = fc.oneof(
  validRequest({
    consentKinds: ['altinn2', 'altinn3'],
    validToStyles: ['epoch', 'alias-ValidTo', 'numeric-string', 'legacy-dotted', 'legacy-dashed'],
  }),
  valid()
    .chain(presetFault)
    .map((f) => f.plan),
  valid()
    .chain(presetFault)
    .chain((f) => presetFault(f.plan))
    .map((f) => f.plan),
);

describe("laws of preset('lanekassen-saldo', 'test')", () => {
  it(
    'completeness: every generated valid request with an Altinn 2 consent is allowed',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(valid(), async (plan) => {
          const { verdict } = await judge(plan);
          expect(verdict.reasons).toEqual([]);
          expect(verdict.decision).toBe('allow');
        }),
        fcOptions(),
      );
    },
  );

  it(
    'soundness: every allow satisfies every DSOP invariant, as the independent oracle checks them',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(anyRequest, async (plan) => {
          const { verdict, signed } = await judge(plan);
          if (verdict.decision !== 'allow') return;
          const broken = oracleViolations(oracleConfig(plan), {
            maskinportenToken: signed.maskinportenToken,
            consentToken: signed.consentToken,
            person: plan.psuId,
            now: plan.now,
            clockTolerance: plan.clockTolerance,
          });
          expect(broken).toEqual([]);
        }),
        fcOptions(),
      );
    },
  );

  it(
    'single fault: breaking any one required property denies with exactly its code',
    { timeout: propertyTimeout(150) },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          valid().chain((plan) => everyFault(plan, true)),
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

  it('the order of built-in rules never changes the decision', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        anyRequest,
        policySpec({ leaf: builtinLeaf(), maxDepth: 3 }).map(acceptedBuiltins),
        fc.array(fc.double({ noNaN: true }), { minLength: 1 }),
        async (plan, spec, order) => {
          const a = definePolicy({ id: 'a', version: '1', rule: buildRule(spec, 'r', buildBuiltin) });
          const b = definePolicy({
            id: 'b',
            version: '1',
            rule: buildRule(reorder(spec, order), 'r', buildBuiltin),
          });
          expect((await judge(plan, b)).verdict.decision).toBe((await judge(plan, a)).verdict.decision);
        },
      ),
      fcOptions(),
    );
  });

  it('shadow built-in rules never change the decision', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        anyRequest,
        policySpec({ leaf: builtinLeaf(), maxDepth: 3 }).map(acceptedBuiltins),
        policySpec({ leaf: builtinLeaf(), maxDepth: 2 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
        async (plan, spec, extra, mask) => {
          const a = definePolicy({ id: 'a', version: '1', rule: buildRule(spec, 'r', buildBuiltin) });
          const withShadow = addToGroups(
            { kind: 'all', children: [spec], mode: 'enforce' },
            { ...extra, mode: 'shadow' },
            [true, ...mask],
          );
          const b = definePolicy({ id: 'b', version: '1', rule: buildRule(withShadow, 's', buildBuiltin) });
          expect((await judge(plan, b)).verdict.decision).toBe((await judge(plan, a)).verdict.decision);
        },
      ),
      fcOptions(),
    );
  });

  it(
    'adding an enforced built-in rule to the preset never turns a deny into an allow',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyRequest,
          policySpec({ leaf: builtinLeaf(), maxDepth: 2, shadowWeight: 0 }),
          async (plan, extra) => {
            const stricter = definePolicy({
              id: 'stricter',
              version: '1',
              rule: buildRule(
                {
                  kind: 'all',
                  mode: 'enforce',
                  children: [{ kind: 'builtin', name: 'scope', mode: 'enforce' }, extra],
                },
                'x',
                buildBuiltin,
              ),
            });
            const both = definePolicy({
              id: 'both',
              version: '1',
              rule: (await import('@dsop-guard/core')).all([lanekassen.rule, stricter.rule], { id: 'both' }),
            });
            const before = (await judge(plan)).verdict.decision;
            if (before === 'deny') expect((await judge(plan, both)).verdict.decision).toBe('deny');
          },
        ),
        fcOptions(),
      );
    },
  );
});
