import { all, any, not, type Rule } from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildable,
  buildRule,
  fcOptions,
  type LeafBehaviour,
  leafBehaviour,
  leafRule,
  type PolicySpec,
  policySpec,
  propertyTimeout,
  reorder,
} from '../arbitraries/index.js';
import { CONTEXT, decisionOf, emptyClaims, referenceStatus, type Status } from './support/semantics.js';
import { addToGroups, isEvaluated, leafPaths, replaceEnforced, rewriteShadows } from './support/specEdits.js';

const claims = emptyClaims();
const statusOf = async (rule: Rule): Promise<Status> => (await rule.evaluate(claims, CONTEXT)).status;
const decide = async (rule: Rule) => decisionOf(await statusOf(rule));
const timeout = propertyTimeout(15);

const workingLeaf = (): fc.Arbitrary<PolicySpec> =>
  fc.record({
    kind: fc.constant('leaf' as const),
    behaviour: leafBehaviour(0),
    mode: fc.constant('enforce' as const),
  });

describe('combinator laws (rule trees over generated leaf rules)', () => {
  it('a built rule tree decides exactly as the reference semantics of its spec', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(policySpec(), async (spec) => {
        expect(await statusOf(buildRule(spec))).toBe(referenceStatus(spec));
      }),
      fcOptions(),
    );
  });

  it('deny wins: all() with any enforced failing or erring child is not a pass', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(policySpec({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }),
        async (children) => {
          const spec = buildable({ kind: 'all', children, mode: 'enforce' });
          fc.pre(
            spec.kind === 'all' &&
              spec.children.some(
                (c) => c.mode === 'enforce' && ['fail', 'error'].includes(referenceStatus(c)),
              ),
          );
          expect(await decide(buildRule(spec))).toBe('deny');
        },
      ),
      fcOptions(),
    );
  });

  it('adding an enforced rule to a policy never turns a deny into an allow', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(policySpec({ maxDepth: 3 }), { minLength: 1, maxLength: 4 }),
        policySpec({ maxDepth: 3 }),
        fc.nat(),
        async (children, extra, at) => {
          const before = buildable({ kind: 'all', children, mode: 'enforce' });
          const withExtra = [...children];
          withExtra.splice(at % (children.length + 1), 0, { ...extra, mode: 'enforce' });
          const after = buildable({ kind: 'all', children: withExtra, mode: 'enforce' });
          if ((await decide(buildRule(before))) === 'deny')
            expect(await decide(buildRule(after))).toBe('deny');
        },
      ),
      fcOptions(),
    );
  });

  it('the order of rules never changes the decision', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        policySpec(),
        fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 16 }),
        async (spec, order) => {
          const shuffled = reorder(spec, order);
          expect(await statusOf(buildRule(shuffled))).toBe(await statusOf(buildRule(spec)));
        },
      ),
      fcOptions(),
    );
  });

  it('not(not(r)) decides as r', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(policySpec(), async (spec) => {
        const r = buildRule(spec, 'a');
        const twice = not(not(buildRule(spec, 'b'), { id: 'n1' }), { id: 'n2' });
        expect(await statusOf(twice)).toBe(await statusOf(r));
      }),
      fcOptions(),
    );
  });

  it('De Morgan: not(all([a, b])) decides as any([not(a), not(b)])', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(policySpec({ maxDepth: 3 }), policySpec({ maxDepth: 3 }), async (a, b) => {
        const left = not(all([buildRule(a, 'a'), buildRule(b, 'b')], { id: 'all' }), { id: 'not' });
        const right = any([not(buildRule(a, 'a'), { id: 'na' }), not(buildRule(b, 'b'), { id: 'nb' })], {
          id: 'any',
        });
        expect(await decide(left)).toBe(await decide(right));
      }),
      fcOptions(),
    );
  });

  it("De Morgan's dual: not(any([a, b])) decides as all([not(a), not(b)])", { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(policySpec({ maxDepth: 3 }), policySpec({ maxDepth: 3 }), async (a, b) => {
        const left = not(any([buildRule(a, 'a'), buildRule(b, 'b')], { id: 'any' }), { id: 'not' });
        const right = all([not(buildRule(a, 'a'), { id: 'na' }), not(buildRule(b, 'b'), { id: 'nb' })], {
          id: 'all',
        });
        expect(await decide(left)).toBe(await decide(right));
      }),
      fcOptions(),
    );
  });

  it(
    'a broken rule (throwing, rejecting, timing out, malformed) never allows, in any evaluated enforced position',
    { timeout },
    async () => {
      const broken = fc.constantFrom<LeafBehaviour>(
        'throw',
        'reject',
        'timeout',
        'returns-junk',
        'returns-undefined',
        'empty-violations',
        'unknown-code',
        'non-finite-fact',
        'path-not-string',
      );
      await fc.assert(
        fc.asyncProperty(policySpec({ brokenWeight: 0 }), fc.nat(), broken, async (tree, pick, behaviour) => {
          const paths = leafPaths(tree);
          const path = paths[pick % paths.length] as readonly number[];
          const spec = buildable(
            replaceEnforced(tree, path, { kind: 'leaf', behaviour, mode: 'enforce' }),
            true,
          );
          fc.pre(isEvaluated(spec, path));
          const outcome = await buildRule(spec).evaluate(claims, CONTEXT);
          expect(outcome.status).toBe('error');
        }),
        fcOptions(),
      );
    },
  );

  it('a broken rule alone is an error, never a pass, whatever it returns', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        leafBehaviour(50),
        fc.constantFrom('enforce' as const, 'shadow' as const),
        async (behaviour, mode) => {
          const outcome = await leafRule('leaf', behaviour, mode).evaluate(claims, CONTEXT);
          if (!['pass', 'async-pass'].includes(behaviour)) expect(outcome.status).not.toBe('pass');
          expect(outcome.mode).toBe(mode);
        },
      ),
      fcOptions(),
    );
  });

  it('shadow rules never change the decision, wherever they are added', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        policySpec(),
        policySpec(),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        async (spec, extra, mask) => {
          const shadow = { ...extra, mode: 'shadow' as const };
          const withShadows = addToGroups(spec, shadow, mask);
          expect(await decide(buildRule(withShadows))).toBe(await decide(buildRule(spec)));
        },
      ),
      fcOptions(),
    );
  });

  it(
    'what a shadow rule does (pass, fail, throw, hang) never changes the decision',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          policySpec({ shadowWeight: 2 }),
          fc.array(leafBehaviour(4), { minLength: 1, maxLength: 6 }),
          async (spec, behaviours) => {
            const rewritten = rewriteShadows(spec, behaviours);
            expect(await decide(buildRule(rewritten))).toBe(await decide(buildRule(spec)));
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'every evaluated node of a tree records its outcome (the verdict records every rule, not the first failure)',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(policySpec(), async (spec) => {
          const outcome = await buildRule(spec).evaluate(claims, CONTEXT);
          const count = (o: typeof outcome): number =>
            1 + (o.children ?? []).reduce((n, c) => n + count(c), 0);
          const size = (s: PolicySpec): number =>
            s.kind === 'leaf' || s.kind === 'builtin'
              ? 1
              : s.kind === 'not'
                ? 1 + size(s.child)
                : s.kind === 'when'
                  ? 1 + size(s.cond) + (referenceStatus(s.cond) === 'pass' ? size(s.body) : 0)
                  : 1 + s.children.reduce((n, c) => n + size(c), 0);
          expect(count(outcome)).toBe(size(spec));
        }),
        fcOptions(),
      );
    },
  );

  it('passing and failing leaves compose without ever erring', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(workingLeaf(), { minLength: 1, maxLength: 6 }), async (leaves) => {
        const spec = buildable({ kind: 'any', children: leaves, mode: 'enforce' });
        expect(await statusOf(buildRule(spec))).not.toBe('error');
      }),
      fcOptions(),
    );
  });
});
