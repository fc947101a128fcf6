import type { Policy } from '@dsop-guard/core';
import { loadPolicyFile } from './loadPolicyFile.js';
import type { LoadPolicyOptions, PolicySource } from './loadPolicyTypes.js';

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
 * A file may also extend a preset (`extends: lanekassen-saldo/prod`); {@link loadPolicyFile} gives its transport
 * and the preset beside the policy.
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
  return loadPolicyFile(source, options).policy;
}
