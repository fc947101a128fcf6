// The types of loading a policy, in a module of their own: loadPolicy, loadPolicyFile and readDocument share them.
import type { Rule } from '@dsop-guard/core';

/**
 * Where a policy comes from: a file (`.json`, `.yaml` or `.yml`), or text with its format and a name for
 * messages (default `<inline>`).
 *
 * @example
 * ```ts
 * const fromFile: PolicySource = { path: 'policies/lanekassen-test.policy.yaml' };
 * const fromText: PolicySource = { text: '{"id": …}', format: 'json', name: 'env:POLICY' };
 * ```
 */
export type PolicySource =
  | { readonly path: string }
  | { readonly text: string; readonly format: 'json' | 'yaml'; readonly name?: string };

/**
 * Options of `loadPolicy` and `loadPolicyFile`.
 *
 * @example
 * ```ts
 * const options: LoadPolicyOptions = { customRules: { 'acme.blocked-consumers': blockedConsumersRule } };
 * ```
 */
export interface LoadPolicyOptions {
  /**
   * Custom rules by name, referenced from the file as `{rule: <name>, options: {…}}`. Each factory receives
   * the node's `options` plus its `id` and `mode` when the file sets them, validates them (throwing
   * `ConfigError`) and returns a rule built with `defineRule`. Names must not shadow a built-in rule.
   * @defaultValue `{}`
   */
  readonly customRules?: Readonly<Record<string, (options: never) => Rule>>;
}
