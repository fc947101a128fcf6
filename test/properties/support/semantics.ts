import { type Claims, type Context, normalizeMaskinporten } from '@dsop-guard/core';
import { expectedLeafStatus, type PolicySpec } from '../../arbitraries/index.js';

// The test's own reading of the combinator contract (core/src/combinators/*.ts TSDoc), written from the docs,
// as the reference the built rule trees are compared with.

export type Status = 'pass' | 'fail' | 'error' | 'skipped';

/** The status a spec's root must end with. */
export function referenceStatus(spec: PolicySpec): Status {
  switch (spec.kind) {
    case 'leaf':
      return expectedLeafStatus(spec.behaviour);
    case 'builtin':
      throw new Error('referenceStatus: built-in rules have no reference semantics here');
    case 'all': {
      const counted = spec.children.filter((c) => c.mode === 'enforce').map(referenceStatus);
      return counted.includes('error') ? 'error' : counted.includes('fail') ? 'fail' : 'pass';
    }
    case 'any': {
      const counted = spec.children.filter((c) => c.mode === 'enforce').map(referenceStatus);
      return counted.includes('error') ? 'error' : counted.includes('pass') ? 'pass' : 'fail';
    }
    case 'not': {
      const inner = referenceStatus(spec.child);
      return inner === 'pass' ? 'fail' : inner === 'fail' ? 'pass' : inner;
    }
    case 'when': {
      const cond = referenceStatus(spec.cond);
      if (cond === 'error') return 'error';
      if (cond !== 'pass') return 'skipped';
      return spec.body.mode === 'shadow' ? 'pass' : referenceStatus(spec.body);
    }
  }
}

/** Allow when the enforced root neither failed nor erred. */
export const decisionOf = (status: Status): 'allow' | 'deny' =>
  status === 'pass' || status === 'skipped' ? 'allow' : 'deny';

/** Claims with nothing in them: generated leaf rules do not read claims. */
export function emptyClaims(): Claims {
  const mp = normalizeMaskinporten({});
  if (mp.isErr()) throw new Error('normalizeMaskinporten({}) failed');
  return { maskinporten: mp.value, consent: undefined, request: { person: undefined, requestId: undefined } };
}

export const CONTEXT: Context = { now: 1_764_000_000, clockTolerance: 10 };
