import { all, any, checkRuleTree, not, type Rule, type RuleMode, when } from '@dsop-guard/core';
import fc from 'fast-check';
import { type LeafBehaviour, leafBehaviour, leafRule } from './leafRules.js';

/** A rule tree as plain data: what to build, and what the test's own reference semantics evaluate. */
export type PolicySpec =
  | { readonly kind: 'leaf'; readonly behaviour: LeafBehaviour; readonly mode: RuleMode }
  | { readonly kind: 'builtin'; readonly name: string; readonly mode: RuleMode }
  | { readonly kind: 'all' | 'any'; readonly children: readonly PolicySpec[]; readonly mode: RuleMode }
  | { readonly kind: 'not'; readonly child: PolicySpec; readonly mode: RuleMode }
  | { readonly kind: 'when'; readonly cond: PolicySpec; readonly body: PolicySpec; readonly mode: RuleMode };

const withMode = (spec: PolicySpec, mode: RuleMode): PolicySpec => ({ ...spec, mode });

/**
 * Makes a spec buildable: the combinators refuse a shadow rule under `not`, a shadow `when` condition, an `any`
 * with no enforced child, and a shadow policy root. Those become enforced, so every generated tree builds.
 */
export function buildable(spec: PolicySpec, enforce = true): PolicySpec {
  const self = enforce ? withMode(spec, 'enforce') : spec;
  switch (self.kind) {
    case 'leaf':
    case 'builtin':
      return self;
    case 'not':
      return { ...self, child: buildable(self.child, true) };
    case 'when':
      return { ...self, cond: buildable(self.cond, true), body: buildable(self.body, false) };
    case 'all':
      return { ...self, children: self.children.map((c) => buildable(c, false)) };
    case 'any': {
      const children = self.children.map((c) => buildable(c, false));
      const hasEnforced = children.some((c) => c.mode === 'enforce');
      return {
        ...self,
        children: hasEnforced ? children : children.map((c, i) => (i === 0 ? buildable(c, true) : c)),
      };
    }
  }
}

/** Options of {@link policySpec}. */
export interface PolicySpecOptions {
  /** Deepest nesting. Default 4. */
  readonly maxDepth?: number;
  /** Weight of broken leaves against 8 for working ones. 0 gives only passing and failing leaves. Default 1. */
  readonly brokenWeight?: number;
  /** Share of shadow nodes, 0..1 as a weight against enforced. Default 1 (against 4). 0: no shadow rules. */
  readonly shadowWeight?: number;
  /** The leaves. Default generated leaf rules ({@link leafBehaviour}); pass `builtinLeaf()` for built-in rules. */
  readonly leaf?: fc.Arbitrary<PolicySpec>;
}

/**
 * A random rule tree over generated leaf rules, composed with core's `all`, `any`, `not` and `when`, with
 * enforced and shadow subtrees. The result is always {@link buildable}, with an enforced root.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(policySpec(), async (spec) => { const rule = buildRule(spec); ... }));
 * ```
 */
export function policySpec(options: PolicySpecOptions = {}): fc.Arbitrary<PolicySpec> {
  const maxDepth = options.maxDepth ?? 4;
  const shadowWeight = options.shadowWeight ?? 1;
  const mode: fc.Arbitrary<RuleMode> =
    shadowWeight === 0
      ? fc.constant('enforce')
      : fc.oneof(
          { weight: 4, arbitrary: fc.constant<RuleMode>('enforce') },
          { weight: shadowWeight, arbitrary: fc.constant<RuleMode>('shadow') },
        );
  const { tree } = fc.letrec<{ tree: PolicySpec; node: PolicySpec; leaf: PolicySpec }>((tie) => ({
    tree: fc.oneof({ maxDepth, depthIdentifier: 'policy' }, tie('leaf'), tie('node'), tie('node')),
    leaf:
      options.leaf === undefined
        ? fc.record({
            kind: fc.constant('leaf' as const),
            behaviour: leafBehaviour(options.brokenWeight ?? 1),
            mode,
          })
        : options.leaf.chain((l) => mode.map((m): PolicySpec => ({ ...l, mode: m }))),
    node: fc.oneof(
      { depthIdentifier: 'policy' },
      fc.record({
        kind: fc.constantFrom('all' as const, 'any' as const),
        children: fc.array(tie('tree'), { minLength: 1, maxLength: 4, depthIdentifier: 'policy' }),
        mode,
      }),
      fc.record({ kind: fc.constant('not' as const), child: tie('tree'), mode }),
      fc.record({ kind: fc.constant('when' as const), cond: tie('tree'), body: tie('tree'), mode }),
    ),
  }));
  return tree.map((s) => buildable(s, true));
}

/**
 * Builds the rule a spec describes. Node ids are `<prefix><n>` in construction order, so sibling ids are unique
 * and stay short.
 */
export function buildRule(
  spec: PolicySpec,
  prefix = 'r',
  builtin: (name: string, id: string, mode: RuleMode) => Rule = () => {
    throw new Error('buildRule: pass a builder for built-in leaves');
  },
): Rule {
  let counter = 0;
  const build = (s: PolicySpec): Rule => {
    const id = `${prefix}${counter++}`;
    switch (s.kind) {
      case 'leaf':
        return leafRule(id, s.behaviour, s.mode);
      case 'builtin':
        return builtin(s.name, id, s.mode);
      case 'all':
        return all(s.children.map(build), { id, mode: s.mode });
      case 'any':
        return any(s.children.map(build), { id, mode: s.mode });
      case 'not':
        return not(build(s.child), { id, mode: s.mode });
      case 'when':
        return when(build(s.cond), build(s.body), { id, mode: s.mode });
    }
  };
  return build(spec);
}

/** The same tree with every list of children reordered by `order` (a list of random numbers, reused cyclically). */
export function reorder(spec: PolicySpec, order: readonly number[]): PolicySpec {
  let i = 0;
  const next = (): number => (order.length === 0 ? 0 : (order[i++ % order.length] as number));
  const walk = (s: PolicySpec): PolicySpec => {
    switch (s.kind) {
      case 'leaf':
      case 'builtin':
        return s;
      case 'not':
        return { ...s, child: walk(s.child) };
      case 'when':
        return { ...s, cond: walk(s.cond), body: walk(s.body) };
      case 'all':
      case 'any': {
        const keyed = s.children.map((c) => ({ c: walk(c), k: next() }));
        keyed.sort((a, b) => a.k - b.k);
        return { ...s, children: keyed.map((x) => x.c) };
      }
    }
  };
  return walk(spec);
}

/** An enforced leaf that always passes: what {@link accepted} puts beside a tree the guard would refuse. */
export const PASSING_LEAF: PolicySpec = { kind: 'leaf', behaviour: 'pass', mode: 'enforce' };

/**
 * The spec as a policy `definePolicy` accepts: a tree with a way to an allow that passes no enforced rule (an
 * empty or all-shadow `all`, a `when` at the root, …; see `checkRuleTree`) gets `leaf` beside it, in
 * `all([spec, leaf])`; any other spec is returned as it is.
 */
export function accepted(
  spec: PolicySpec,
  build: (s: PolicySpec) => Rule = (s) => buildRule(s),
  leaf: PolicySpec = PASSING_LEAF,
): PolicySpec {
  return checkRuleTree(build(spec)) === undefined
    ? spec
    : { kind: 'all', mode: 'enforce', children: [spec, leaf] };
}
