import { ConfigError, type Policy, type Rule } from '@dsop-guard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { ajvProblems, byPath } from './ajvProblems.js';
import { buildPolicy } from './buildPolicy.js';
import { builtinRules } from './builtinRules.js';
import { PolicyError } from './policyError.js';
import { policySchema } from './policySchema.js';
import { ID_PATTERN } from './ruleKit.js';
import { read } from './readDocument.js';

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
 * Options of {@link loadPolicy}.
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

let validateFile: ValidateFunction | undefined;
const RULE_NAME = new RegExp(ID_PATTERN);

/**
 * Loads a policy file (JSON or YAML) into a {@link Policy}: validates it against `policy.schema.json` with
 * ajv, checks that every rule name is known, builds the rule tree (filling in the environment defaults of
 * `issuer` and `delegation-source` from the file's `environment`) and fingerprints it with `definePolicy`.
 * Unknown rules and unknown options are errors, never ignored. Every problem is reported at once, each with
 * the file, its path, its line and column and a hint (a misspelt name suggests the nearest one), in one
 * {@link PolicyError}. A custom rule's factory that throws is reported at its node too, its error the `cause`.
 * Also refused, so that a file never allows more than it reads as allowing: a member set twice in one object
 * (JSON or YAML, once loaded: `1` and `"1"`), a member named `__proto__`, a rule tree with a way to an allow
 * that passes no enforced rule (`checkRuleTree`), a path that is not a regular file, and anything over the
 * limits in docs/policy-files.md (1 MiB, 128 levels of nesting, 32 rules deep, 512 nodes).
 *
 * @param source - a file path, or text with its format.
 * @param options - custom rules referenced by the file.
 * @returns the policy, with `id`, `version` and `sha256`.
 * @throws PolicyError (a `ConfigError`) listing every problem in the file; ConfigError for a bad `source` or a
 *   custom rule name that shadows a built-in.
 *
 * @example
 * ```ts
 * import { loadPolicy } from '@dsop-guard/rules';
 * import { createEngine } from '@dsop-guard/core';
 *
 * const policy = loadPolicy({ path: 'packages/rules/examples/lanekassen-test.policy.yaml' });
 * policy.id;     // 'lanekassen-saldo/test'
 * policy.sha256; // fingerprint of the rule tree and every option
 * ```
 */
export function loadPolicy(source: PolicySource, options: LoadPolicyOptions = {}): Policy {
  if (typeof source !== 'object' || source === null)
    throw new ConfigError('source', 'must be { path } or { text, format }');
  if ('text' in source && source.format !== 'json' && source.format !== 'yaml') {
    throw new ConfigError('source.format', "must be 'json' or 'yaml'");
  }
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  // A Map of the own entries: a name such as `constructor` never reaches Object.prototype's member.
  const custom = new Map(Object.entries(options.customRules ?? {}));
  for (const [name, factory] of custom) {
    if (!RULE_NAME.test(name)) throw new ConfigError(`customRules.${name}`, `must match ${ID_PATTERN}`);
    if (Object.hasOwn(builtinRules, name))
      throw new ConfigError(`customRules.${name}`, 'shadows a built-in rule');
    if (typeof factory !== 'function') throw new ConfigError(`customRules.${name}`, 'must be a function');
  }
  const { file, data, problems, locate } = read(source);
  if (problems.length > 0) {
    throw new PolicyError(
      file,
      [...problems].sort(byPath).map((p) => ({ file, ...p })),
    );
  }
  // Compiled on the first policy file only: presets are built from data in code and never need it.
  validateFile ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true }).compile(
    policySchema,
  );
  const found = validateFile(data) ? [] : ajvProblems(validateFile.errors ?? [], '');
  return buildPolicy(file, data, found, custom, locate);
}
