import { ConfigError, type Policy } from '@dsop-guard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { ajvProblems, byPath, type Problem } from './ajvProblems.js';
import { buildPolicy } from './buildPolicy.js';
import { builtinRules } from './builtinRules.js';
import { extendOnlyProblems, extendPreset } from './extendPreset.js';
import type { LoadPolicyOptions, PolicySource } from './loadPolicyTypes.js';
import { PolicyError } from './policyError.js';
import type { ExtendingPolicyFile, PolicyFile } from './policyFile.js';
import { policySchema } from './policySchema.js';
import type { Preset, Transport } from './presetTypes.js';
import { read } from './readDocument.js';
import { ID_PATTERN } from './ruleKit.js';

/**
 * What {@link loadPolicyFile} returns: the policy, the transport the file states or inherits, and the preset it
 * extends.
 *
 * @example
 * ```ts
 * const { policy, transport, preset } = loadPolicyFile({ path: 'acme.policy.yaml' });
 * if (transport === undefined) throw new Error('the policy names no transport');
 * ```
 */
export interface LoadedPolicyFile {
  readonly policy: Policy;
  /**
   * The file's own `transport`, else the extended preset's, else `undefined`: the file does not say how a request
   * carries its tokens (the CLI's `check` and `serve` refuse such a policy rather than guess the loosest).
   */
  readonly transport: Transport | undefined;
  /**
   * The preset the file extends, with the file's policy and transport in place of its own (its issuers and key
   * locations kept): what a guard takes as `{ preset }`. `undefined` for a file that extends none.
   */
  readonly preset: Preset | undefined;
}

let validateFile: ValidateFunction | undefined;
const RULE_NAME = new RegExp(ID_PATTERN);

function refuse(file: string, found: readonly Problem[], locate: (path: string) => object): never {
  throw new PolicyError(
    file,
    [...found].sort(byPath).map((p) => ({ file, line: null, column: null, ...p, ...locate(p.path) })),
  );
}

/**
 * Loads a policy file as {@link loadPolicy} does, and says what the file says beside its rules: its transport,
 * and the preset it extends. A file extends a preset with `extends: <preset>/<environment>` (and the preset's
 * options as `presetOptions`): it inherits the preset's rules, transport and issuers, appends the rules in
 * `add`, replaces the preset's rules named in `replace` by id, and puts those named in `shadow` in shadow mode.
 * An id in `replace` or `shadow` the preset has no rule for, an added rule whose id is taken, a `rule` of its
 * own and another `environment` than the preset's are problems of the {@link PolicyError}, each at its line
 * and column with the nearest id as a hint. Any file may state its `transport` (the extended preset's is then
 * replaced).
 *
 * @param source - a file path, or text with its format.
 * @param options - custom rules referenced by the file.
 * @returns the policy, the transport (or `undefined` when the file neither states nor inherits one) and the preset.
 * @throws PolicyError (a `ConfigError`) listing every problem in the file; ConfigError for a bad `source` or a
 *   custom rule name that shadows a built-in.
 *
 * @example
 * ```ts
 * import { loadPolicyFile } from '@dsop-guard/rules';
 *
 * const { policy, transport } = loadPolicyFile({ path: 'packages/rules/examples/acme-lanekassen-prod.policy.yaml' });
 * transport?.authorization; // 'raw': Lånekassen's, inherited
 * policy.id; // 'acme/lanekassen-saldo/prod'
 * ```
 */
export function loadPolicyFile(source: PolicySource, options: LoadPolicyOptions = {}): LoadedPolicyFile {
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
  const raw = (typeof data === 'object' && data !== null ? data : {}) as Readonly<Record<string, unknown>>;
  if (raw['extends'] === undefined) {
    found.push(...extendOnlyProblems(raw));
    const policy = buildPolicy(file, data, found, custom, locate);
    return { policy, transport: (data as PolicyFile).transport, preset: undefined };
  }
  const extended = extendPreset(raw, found);
  if (extended === undefined) return refuse(file, found, locate);
  const policy = buildPolicy(file, extended.data, found, custom, locate, extended.rename);
  const transport = (data as ExtendingPolicyFile).transport ?? extended.base.transport;
  return { policy, transport, preset: { ...extended.base, policy, transport } };
}
