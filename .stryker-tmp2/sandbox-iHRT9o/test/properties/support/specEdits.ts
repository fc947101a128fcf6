// @ts-nocheck
import type { LeafBehaviour, PolicySpec } from '../../arbitraries/index.js';
import { referenceStatus } from './semantics.js';

// Edits of rule-tree specs that the combinator and shadow laws are stated with.

/** Every leaf of a spec, with the path of child indexes that reaches it. */
export function leafPaths(spec: PolicySpec, path: readonly number[] = []): (readonly number[])[] {
  switch (spec.kind) {
    case 'leaf':
    case 'builtin':
      return [path];
    case 'not':
      return leafPaths(spec.child, [...path, 0]);
    case 'when':
      return [...leafPaths(spec.cond, [...path, 0]), ...leafPaths(spec.body, [...path, 1])];
    default:
      return spec.children.flatMap((c, i) => leafPaths(c, [...path, i]));
  }
}

/** Replaces the node at `path`, forcing every node on the way to be enforced. */
export function replaceEnforced(spec: PolicySpec, path: readonly number[], leaf: PolicySpec): PolicySpec {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  const self = { ...spec, mode: 'enforce' as const };
  switch (self.kind) {
    case 'leaf':
    case 'builtin':
      return self;
    case 'not':
      return { ...self, child: replaceEnforced(self.child, rest, leaf) };
    case 'when':
      return head === 0
        ? { ...self, cond: replaceEnforced(self.cond, rest, leaf) }
        : { ...self, body: replaceEnforced(self.body, rest, leaf) };
    default:
      return {
        ...self,
        children: self.children.map((c, i) => (i === head ? replaceEnforced(c, rest, leaf) : c)),
      };
  }
}

/** Whether the node at `path` is evaluated at all: every `when` whose `body` holds it has a passing condition. */
export function isEvaluated(spec: PolicySpec, path: readonly number[]): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return true;
  switch (spec.kind) {
    case 'leaf':
    case 'builtin':
      return true;
    case 'not':
      return isEvaluated(spec.child, rest);
    case 'when':
      return head === 0
        ? isEvaluated(spec.cond, rest)
        : referenceStatus(spec.cond) === 'pass' && isEvaluated(spec.body, rest);
    default:
      return isEvaluated(spec.children[head] as PolicySpec, rest);
  }
}

/** Adds `extra` as a child of every `all`/`any` node the mask selects (mask bits reused cyclically). */
export function addToGroups(
  spec: PolicySpec,
  extra: PolicySpec,
  mask: readonly boolean[],
  state = { i: 0 },
): PolicySpec {
  switch (spec.kind) {
    case 'leaf':
    case 'builtin':
      return spec;
    case 'not':
      return { ...spec, child: addToGroups(spec.child, extra, mask, state) };
    case 'when':
      return {
        ...spec,
        cond: addToGroups(spec.cond, extra, mask, state),
        body: addToGroups(spec.body, extra, mask, state),
      };
    default: {
      const children = spec.children.map((c) => addToGroups(c, extra, mask, state));
      const pick = mask.length > 0 && mask[state.i++ % mask.length] === true;
      return { ...spec, children: pick ? [...children, extra] : children };
    }
  }
}

/** Rewrites every leaf inside a shadow subtree to `behaviour`. */
export function rewriteShadows(
  spec: PolicySpec,
  behaviours: readonly LeafBehaviour[],
  inShadow = false,
  state = { i: 0 },
): PolicySpec {
  const shadow = inShadow || spec.mode === 'shadow';
  switch (spec.kind) {
    case 'builtin':
      return spec;
    case 'leaf':
      return shadow && behaviours.length > 0
        ? { ...spec, behaviour: behaviours[state.i++ % behaviours.length] as LeafBehaviour }
        : spec;
    case 'not':
      return { ...spec, child: rewriteShadows(spec.child, behaviours, shadow, state) };
    case 'when':
      return {
        ...spec,
        cond: rewriteShadows(spec.cond, behaviours, shadow, state),
        body: rewriteShadows(spec.body, behaviours, shadow, state),
      };
    default:
      return { ...spec, children: spec.children.map((c) => rewriteShadows(c, behaviours, shadow, state)) };
  }
}
