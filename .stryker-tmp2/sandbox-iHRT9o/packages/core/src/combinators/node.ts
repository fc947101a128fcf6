// @ts-nocheck
import { ConfigError } from '../configError.js';
import type { Rule, RuleDescription, RuleMode } from '../types.js';
import { isValidRuleId } from './outcomes.js';

// Private: shared validation for the combinators.

export interface CombinatorOptions {
  /** Stable id of this node. Default: `<kind>(<child ids>)`. */
  readonly id?: string;
  /** `enforce` (default) or `shadow` for the whole subtree. */
  readonly mode?: RuleMode;
}

export function checkChildren(kind: string, rules: unknown, min: number): readonly Rule[] {
  if (!Array.isArray(rules)) throw new ConfigError(kind, 'takes an array of rules');
  if (rules.length < min) throw new ConfigError(kind, `needs at least ${min} rule(s)`);
  rules.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || typeof (r as Rule).evaluate !== 'function') {
      throw new ConfigError(`${kind}[${i}]`, 'is not a rule (build it with defineRule or a combinator)');
    }
  });
  const seen = new Set<string>();
  for (const r of rules as Rule[]) {
    if (seen.has(r.id)) throw new ConfigError(`${kind}[${r.id}]`, 'duplicate rule id among siblings');
    seen.add(r.id);
  }
  return rules as Rule[];
}

export function nodeHeader(
  kind: string,
  children: readonly Rule[],
  options: CombinatorOptions | undefined,
): { id: string; mode: RuleMode; describe: () => RuleDescription } {
  const id = options?.id ?? `${kind}(${children.map((c) => c.id).join(',')})`;
  const mode = options?.mode ?? 'enforce';
  if (!isValidRuleId(id) && options?.id !== undefined)
    throw new ConfigError(`${kind}.id`, `invalid id ${JSON.stringify(id)}`);
  if (mode !== 'enforce' && mode !== 'shadow')
    throw new ConfigError(`${id}.mode`, "must be 'enforce' or 'shadow'");
  const description: RuleDescription = { id, kind, mode, children: children.map((c) => c.describe()) };
  return { id, mode, describe: () => description };
}
