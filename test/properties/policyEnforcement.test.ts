import { checkRuleTree, type Rule } from '@dsop-guard/core';
import { loadPolicy } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBuiltin,
  buildRule,
  builtinLeaf,
  fcOptions,
  type LeafBehaviour,
  type PolicySpec,
  policySpec,
  propertyTimeout,
} from '../arbitraries/index.js';
import { CONTEXT, decisionOf, emptyClaims } from './support/semantics.js';
import { addToGroups } from './support/specEdits.js';

// Issue 26: a policy never widens what the guard allows. These laws state it for every rule tree definePolicy
// and loadPolicy accept, against the test's own reading of "an enforced rule on every way to an allow"
// (docs/policy-files.md): a leaf's pass and fail are its answers, `when` decides nothing when it is skipped or
// its `then` is shadow, a shadow node never counts.

const claims = emptyClaims();
const timeout = propertyTimeout(30);
const accepts = (rule: Rule): boolean => checkRuleTree(rule) === undefined;
const decide = async (rule: Rule) => decisionOf((await rule.evaluate(claims, CONTEXT)).status);
/** Trees over passing and failing leaves only (no broken ones), with shadow nodes. */
const trees = (maxDepth = 3) => policySpec({ maxDepth, brokenWeight: 0 });

type Answer = 'pass' | 'fail';
interface Judged {
  readonly status: 'pass' | 'fail' | 'skipped';
  /** Whether an enforced rule's own answer decided this status. */
  readonly decided: boolean;
}

/** The leaves of a spec in construction order (the order `buildRule` numbers them). */
function leaves(spec: PolicySpec): PolicySpec[] {
  switch (spec.kind) {
    case 'leaf':
    case 'builtin':
      return [spec];
    case 'not':
      return leaves(spec.child);
    case 'when':
      return [...leaves(spec.cond), ...leaves(spec.body)];
    default:
      return spec.children.flatMap(leaves);
  }
}

/** The reference: a spec's status under the leaves' answers, and whether an enforced rule's answer decided it. */
function judge(spec: PolicySpec, answers: readonly Answer[], next = { i: 0 }): Judged {
  switch (spec.kind) {
    case 'leaf':
    case 'builtin':
      return { status: answers[next.i++] ?? 'fail', decided: true };
    case 'not': {
      const inner = judge(spec.child, answers, next);
      const status = inner.status === 'pass' ? 'fail' : inner.status === 'fail' ? 'pass' : 'skipped';
      return { status, decided: inner.decided };
    }
    case 'when': {
      const cond = judge(spec.cond, answers, next);
      const body = judge(spec.body, answers, next);
      if (cond.status !== 'pass') return { status: 'skipped', decided: false };
      return spec.body.mode === 'shadow' ? { status: 'pass', decided: false } : body;
    }
    default: {
      const judged = spec.children.map((c) => ({ mode: c.mode, ...judge(c, answers, next) }));
      const counted = judged.filter((c) => c.mode === 'enforce');
      const passes =
        spec.kind === 'all'
          ? counted.every((c) => c.status !== 'fail')
          : counted.some((c) => c.status === 'pass');
      // What decided the outcome: under an `all`, every child when it passes, else the ones that failed; under
      // an `any`, the ones that passed, else every child.
      const deciding = counted.filter((c) =>
        spec.kind === 'all' ? passes || c.status === 'fail' : !passes || c.status === 'pass',
      );
      return { status: passes ? 'pass' : 'fail', decided: deciding.some((c) => c.decided) };
    }
  }
}

/** Every combination of answers of `n` leaves, for up to 10 leaves; beyond, 1 024 of them (a fixed spread). */
function everyAnswer(n: number): Answer[][] {
  const bits = (k: number, i: number) =>
    n <= 10 ? (k >> i) & 1 : (Math.imul(k + 1, 2654435761 + i) >>> 7) & 1;
  return Array.from({ length: 2 ** Math.min(n, 10) }, (_, k) =>
    Array.from({ length: n }, (_, i): Answer => (bits(k, i) === 0 ? 'pass' : 'fail')),
  );
}

const withAnswers = (spec: PolicySpec, answers: readonly Answer[], next = { i: 0 }): PolicySpec => {
  switch (spec.kind) {
    case 'leaf':
      return { ...spec, behaviour: (answers[next.i++] ?? 'fail') as LeafBehaviour };
    case 'builtin':
      return spec;
    case 'not':
      return { ...spec, child: withAnswers(spec.child, answers, next) };
    case 'when':
      return {
        ...spec,
        cond: withAnswers(spec.cond, answers, next),
        body: withAnswers(spec.body, answers, next),
      };
    default:
      return { ...spec, children: spec.children.map((c) => withAnswers(c, answers, next)) };
  }
};

/** Each enforced leaf's answer against the policy: fail, or pass under an odd number of `not`s; others `free`. */
function adversarial(spec: PolicySpec, free: readonly Answer[]): Answer[] {
  const out: Answer[] = [];
  let f = 0;
  const walk = (s: PolicySpec, negated: boolean, counts: boolean): void => {
    const here = counts && s.mode === 'enforce';
    switch (s.kind) {
      case 'leaf':
      case 'builtin':
        out.push(here ? (negated ? 'pass' : 'fail') : (free[f++ % Math.max(free.length, 1)] ?? 'pass'));
        return;
      case 'not':
        walk(s.child, !negated, here);
        return;
      case 'when':
        walk(s.cond, negated, false);
        walk(s.body, negated, here);
        return;
      default:
        for (const c of s.children) walk(c, negated, here);
    }
  };
  walk(spec, false, true);
  return out;
}

/** A spec of built-in rules as a policy file's rule node, with the ids `buildRule` gives. */
function fileNode(spec: PolicySpec, next = { i: 0 }): unknown {
  const common = { id: `r${next.i++}`, mode: spec.mode };
  switch (spec.kind) {
    case 'builtin':
      return { rule: spec.name, ...common, ...builtinOptions(spec.name) };
    case 'leaf':
      throw new Error('fileNode: built-in leaves only');
    case 'not':
      return { not: fileNode(spec.child, next), ...common };
    case 'when': {
      const cond = fileNode(spec.cond, next);
      // biome-ignore lint/suspicious/noThenProperty: a policy file's `when` node
      return { when: { if: cond, then: fileNode(spec.body, next) }, ...common };
    }
    default:
      return { [spec.kind]: spec.children.map((c) => fileNode(c, next)), ...common };
  }
}

function builtinOptions(name: string): object {
  if (name === 'scope') return { options: { scopes: ['lanekassen:lan/v1/saldoopplysninger'] } };
  if (name === 'consent-validity') return { options: { maxPeriod: 'P1Y' } };
  if (name === 'consent-service') return { options: { service: '5498_1', metadata: ['Navn'] } };
  if (name === 'person') return { options: { allow: ['fnr', 'dnr', 'tenor', 'dolly'] } };
  return {};
}

const CONSENT_RULES = [
  'consent-required',
  'consent-issuer',
  'consumer-matches-consent',
  'consent-validity',
  'consent-service',
];

describe('laws of enforcement: a policy never widens what the guard allows', () => {
  it(
    'every policy definePolicy accepts passes an enforced rule on every way to an allow (every combination of answers)',
    { timeout },
    async () => {
      await fc.assert(
        fc.property(trees(), (spec) => {
          fc.pre(accepts(buildRule(spec)));
          for (const answers of everyAnswer(leaves(spec).length)) {
            const { status, decided } = judge(spec, answers);
            if (status !== 'fail') expect({ answers, status, decided }).toMatchObject({ decided: true });
          }
        }),
        fcOptions(),
      );
    },
  );

  it(
    'loadPolicy accepts a policy file exactly when definePolicy accepts the same tree, and refuses at a path of the file',
    { timeout },
    async () => {
      await fc.assert(
        fc.property(policySpec({ leaf: builtinLeaf(), maxDepth: 3 }), (spec) => {
          const text = JSON.stringify({ id: 'p', version: '1', environment: 'test', rule: fileNode(spec) });
          const inCode = checkRuleTree(buildRule(spec, 'r', buildBuiltin));
          let refused: { path: string; message: string } | undefined;
          try {
            loadPolicy({ text, format: 'json' });
          } catch (e) {
            const [problem] = (e as { problems?: { path: string; message: string }[] }).problems ?? [];
            refused = problem ?? { path: '?', message: String(e) };
          }
          expect(refused && { path: refused.path, message: refused.message }).toEqual(inCode);
          for (const answers of everyAnswer(leaves(spec).length)) {
            const { status, decided } = judge(spec, answers);
            if (refused === undefined && status !== 'fail') expect(decided).toBe(true);
          }
        }),
        fcOptions(),
      );
    },
  );

  it(
    'an accepted policy denies a request on which every enforced rule answers against it',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(trees(), fc.array(fc.constantFrom<Answer>('pass', 'fail')), async (spec, free) => {
          fc.pre(accepts(buildRule(spec)));
          expect(await decide(buildRule(withAnswers(spec, adversarial(spec, free))))).toBe('deny');
        }),
        fcOptions(),
      );
    },
  );

  it(
    'adding shadow rules or a branch that enforces nothing never turns a deny into an allow (or the policy is refused)',
    { timeout },
    async () => {
      const nothing: fc.Arbitrary<PolicySpec> = fc.oneof(
        fc.constant<PolicySpec>({ kind: 'all', children: [], mode: 'enforce' }),
        trees(2).map(
          (s): PolicySpec => ({ kind: 'all', children: [{ ...s, mode: 'shadow' }], mode: 'enforce' }),
        ),
        trees(2).map((s): PolicySpec => ({ ...s, mode: 'shadow' })),
      );
      await fc.assert(
        fc.asyncProperty(
          trees(),
          nothing,
          fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
          async (spec, extra, mask) => {
            const before = buildRule(spec);
            fc.pre(accepts(before) && (await decide(before)) === 'deny');
            const after = buildRule(addToGroups(spec, extra, mask));
            if (accepts(after)) expect(await decide(after)).toBe('deny');
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'a policy of built-in rules whose only enforced rules are consent rules, none under a not, denies a request without a consent',
    { timeout },
    async () => {
      const consentOnly = (s: PolicySpec): PolicySpec => {
        switch (s.kind) {
          case 'builtin':
            return CONSENT_RULES.includes(s.name) ? s : { ...s, mode: 'shadow' };
          case 'leaf':
            return s;
          case 'not':
            return { ...s, mode: 'shadow' };
          case 'when':
            return { ...s, body: consentOnly(s.body) };
          default:
            return { ...s, children: s.children.map(consentOnly) };
        }
      };
      await fc.assert(
        fc.asyncProperty(policySpec({ leaf: builtinLeaf(), maxDepth: 3 }), async (tree) => {
          const spec = consentOnly(tree);
          let rule: Rule;
          try {
            rule = buildRule(spec, 'r', buildBuiltin);
          } catch {
            return; // a combinator refuses the edit (a shadow root, an any of shadow rules only)
          }
          fc.pre(rule.mode === 'enforce' && accepts(rule));
          expect(await decide(rule)).toBe('deny');
        }),
        fcOptions(),
      );
    },
  );
});
