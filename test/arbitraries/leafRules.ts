import { defineRule, fail, pass, type Rule, type RuleMode, type RuleResult } from '@dsop-guard/core';
import fc from 'fast-check';

/** What a generated leaf rule does when evaluated. Everything after `async-fail` is a broken rule. */
export const LEAF_BEHAVIOURS = [
  'pass',
  'fail',
  'async-pass',
  'async-fail',
  'throw',
  'reject',
  'timeout',
  'returns-junk',
  'returns-undefined',
  'empty-violations',
  'unknown-code',
  'non-finite-fact',
  'path-not-string',
] as const;
export type LeafBehaviour = (typeof LEAF_BEHAVIOURS)[number];

/** How the engine must count a behaviour: `error` for every broken rule. */
export function expectedLeafStatus(b: LeafBehaviour): 'pass' | 'fail' | 'error' {
  if (b === 'pass' || b === 'async-pass') return 'pass';
  if (b === 'fail' || b === 'async-fail') return 'fail';
  return 'error';
}

/**
 * A leaf behaviour: mostly passing and failing rules (so decisions vary), sometimes a broken one: one that
 * throws, rejects, never settles (past its 5 ms time limit), returns a non-Result, an empty violation list, an
 * unknown code, a non-finite fact or a non-string path.
 */
export function leafBehaviour(brokenWeight = 1): fc.Arbitrary<LeafBehaviour> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<LeafBehaviour>('pass', 'fail', 'async-pass', 'async-fail') },
    { weight: brokenWeight, arbitrary: fc.constantFrom<LeafBehaviour>(...LEAF_BEHAVIOURS.slice(4)) },
  );
}

/** A Result-shaped failure with any error list, as plain JavaScript might hand-roll one. */
const err = (error: unknown) => ({ isOk: () => false, isErr: () => true, error });
const never = (): Promise<RuleResult> => new Promise<RuleResult>(() => undefined);

function check(b: LeafBehaviour): () => unknown {
  switch (b) {
    case 'pass':
      return () => pass();
    case 'fail':
      return () => fail({ code: 'custom_denied', path: 'generated', actual: '01085301957' });
    case 'async-pass':
      return async () => pass();
    case 'async-fail':
      return async () => fail({ code: 'custom_denied', path: 'generated' });
    case 'throw':
      return () => {
        throw new Error('boom');
      };
    case 'reject':
      return async () => {
        throw new TypeError('async boom');
      };
    case 'timeout':
      return never;
    case 'returns-junk':
      return () => 42;
    case 'returns-undefined':
      return () => undefined;
    case 'empty-violations':
      return () => err([]);
    case 'unknown-code':
      return () => err([{ code: 'not_a_code', path: '' }]);
    case 'non-finite-fact':
      return () => err([{ code: 'custom_denied', path: '', actual: Number.NaN }]);
    case 'path-not-string':
      return () => err([{ code: 'custom_denied', path: 7 }]);
  }
}

/**
 * Builds a leaf rule with {@link defineRule} that behaves as `behaviour`. Broken behaviours are built by casting
 * their check, as a careless custom rule would be written in plain JavaScript.
 */
export function leafRule(id: string, behaviour: LeafBehaviour, mode: RuleMode = 'enforce'): Rule {
  return defineRule({
    id,
    mode,
    timeoutMs: 5,
    check: check(behaviour) as unknown as () => RuleResult,
  });
}
