// @ts-nocheck
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';
import { checkRuleTree } from './checkRuleTree.js';
import { ConfigError } from './configError.js';
import { collectCodes } from './customCodes.js';
import type { CodeDeclarations, PolicyFacts, Rule, RuleDescription } from './types.js';

/** Options of {@link definePolicy}. */
export interface DefinePolicyOptions {
  /** Stable policy id, e.g. `lanekassen-saldo/test`. Required. */
  readonly id: string;
  /** Policy version, e.g. `2026-11-25` or `1.2.0`. Required. */
  readonly version: string;
  /**
   * The root rule, usually `all([...])`. Must be enforced, and enforce a rule on every way to an allow (see
   * `checkRuleTree`). Required.
   */
  readonly rule: Rule;
}

/** A named, versioned, fingerprinted rule tree. */
export interface Policy extends PolicyFacts {
  readonly rule: Rule;
  /** The canonical JSON the fingerprint is taken over. */
  readonly canonical: string;
  /**
   * Every custom code the rule tree declares, with its messages and status: what `explain` and the HTTP
   * status table read for a verdict's custom codes. Empty when no rule declares one.
   */
  readonly codes: CodeDeclarations;
}

/** Longest policy id and version, in characters. */
const MAX_NAME_LENGTH = 128;

function checkName(field: 'id' | 'version', value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(field, 'must be a non-empty string');
  if (value.length > MAX_NAME_LENGTH)
    throw new ConfigError(field, `must be at most ${MAX_NAME_LENGTH} characters`);
}

/**
 * Names, versions and fingerprints a rule tree. The sha256 is taken over the canonical JSON of
 * `{id, version, rule}` where `rule` is the tree's description (ids, kinds, modes, options), so two
 * policies that decide alike by construction have the same hash, and any option change shows.
 *
 * Refused with a {@link ConfigError} naming the field: an id or version that is empty or over 128 characters, a
 * shadow root, and every rule tree {@link checkRuleTree} refuses (deeper than 32 rules, more than 512 nodes, or a
 * way to an allow that passes no enforced rule, such as `all([])` or a `when` at the root).
 *
 * @example
 * ```ts
 * const policy = definePolicy({ id: 'acme/test', version: '1', rule: all([myRule]) });
 * policy.sha256; // 'c0ffee…'
 * ```
 */
export function definePolicy(options: DefinePolicyOptions): Policy {
  const { id, version, rule } = options ?? ({} as DefinePolicyOptions);
  checkName('id', id);
  checkName('version', version);
  if (typeof rule?.evaluate !== 'function') throw new ConfigError('rule', 'must be a rule');
  if (rule.mode !== 'enforce') throw new ConfigError('rule.mode', 'the root rule must be enforced');
  const problem = checkRuleTree(rule);
  if (problem !== undefined) throw new ConfigError(problem.path, problem.message);
  const description: RuleDescription = rule.describe();
  const canonical = canonicalJson({ id, version, rule: description });
  const sha256 = createHash('sha256').update(canonical).digest('hex');
  return { id, version, sha256, rule, canonical, codes: collectCodes(description) };
}
