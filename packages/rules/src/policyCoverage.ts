// Internal (not in the barrel): the reason codes a rule tree can give, for collectCoverage.
import type { RuleDescription } from '@dsop-guard/core';
import { builtinRules } from './builtinRules.js';

/**
 * Codes a built-in rule cannot give with its resolved options (recorded in its description), so that coverage
 * does not ask a case for them: `pid` gives `pid_missing` only when `required`, `delegation-source` gives
 * `system_user_not_allowed` only without `allowSystemUser`.
 */
const IMPOSSIBLE: Readonly<
  Record<string, (options: Readonly<Record<string, unknown>>) => readonly string[]>
> = {
  pid: (o) => (o['required'] === true ? [] : ['pid_missing']),
  'delegation-source': (o) => (o['allowSystemUser'] === true ? ['system_user_not_allowed'] : []),
};

const COMBINATOR_CODES: Readonly<Record<string, string>> = {
  any: 'no_alternative_passed',
  not: 'rule_denied',
};

/** Every node of the tree. */
function descriptionsOf(root: RuleDescription): RuleDescription[] {
  const found: RuleDescription[] = [];
  const stack: RuleDescription[] = [root];
  for (let d = stack.pop(); d !== undefined; d = stack.pop()) {
    found.push(d);
    stack.push(...[...(d.children ?? [])].reverse());
  }
  return found;
}

/** The codes the tree's rules and combinators can give; custom rules' meta when `meta` knows them. */
export function possibleCodes(
  rule: RuleDescription,
  meta: (kind: string) => readonly string[] | undefined,
): string[] {
  const codes = new Set<string>();
  for (const d of descriptionsOf(rule)) {
    const builtin = Object.hasOwn(builtinRules, d.kind) ? builtinRules[d.kind] : undefined;
    const options = (typeof d.options === 'object' && d.options !== null ? d.options : {}) as Readonly<
      Record<string, unknown>
    >;
    const impossible = builtin === undefined ? [] : (IMPOSSIBLE[d.kind]?.(options) ?? []);
    for (const c of builtin?.meta.codes ?? meta(d.kind) ?? []) if (!impossible.includes(c)) codes.add(c);
    for (const c of Object.keys(d.codes ?? {})) codes.add(c);
    const own = COMBINATOR_CODES[d.kind];
    if (own !== undefined && d.children !== undefined) codes.add(own);
  }
  codes.delete('rule_error');
  return [...codes];
}
