import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError, type Policy, type Rule } from '@dsop-guard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import { type Problem, ajvProblems, byPath } from './ajvProblems.js';
import { type Locate, buildPolicy } from './buildPolicy.js';
import { builtinRules } from './builtinRules.js';
import { PolicyError } from './policyError.js';
import { policySchema } from './policySchema.js';
import { NOWHERE, type Position, positionLocator } from './positionLocator.js';

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

type Placed = Problem & Position;
interface Read {
  readonly file: string;
  readonly data: unknown;
  readonly problems: Placed[];
  readonly locate: Locate;
}
const nowhere: Locate = () => NOWHERE;
const unplaced = (message: string, hint?: string): Placed => ({
  path: '',
  message,
  ...NOWHERE,
  ...(hint === undefined ? {} : { hint }),
});

function read(source: PolicySource): Read {
  if ('path' in source) {
    const file = source.path;
    const ext = extname(file).toLowerCase();
    const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
    if (format === undefined) {
      return {
        file,
        data: undefined,
        problems: [unplaced(`unknown file type '${ext}'`, 'use .json, .yaml or .yml')],
        locate: nowhere,
      };
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      return {
        file,
        data: undefined,
        problems: [unplaced(`cannot read the file: ${(e as Error).message}`)],
        locate: nowhere,
      };
    }
    return { file, ...parse(text, format) };
  }
  return { file: source.name ?? '<inline>', ...parse(source.text, source.format) };
}

/** The data, or the syntax problems; and where each path sits (JSON is read for positions by the YAML parser). */
function parse(text: string, format: 'json' | 'yaml'): Omit<Read, 'file'> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter });
  const locate = positionLocator(doc, lineCounter);
  if (format === 'json') {
    try {
      return { data: JSON.parse(text), problems: [], locate };
    } catch (e) {
      return { data: undefined, problems: [unplaced(`invalid JSON: ${(e as Error).message}`)], locate };
    }
  }
  if (doc.errors.length > 0) {
    return {
      data: undefined,
      problems: doc.errors.map((e) => ({
        path: '',
        message: `invalid YAML: ${e.message}`,
        line: e.linePos?.[0].line ?? null,
        column: e.linePos?.[0].col ?? null,
      })),
      locate,
    };
  }
  try {
    // toJS resolves aliases and can still throw (an unresolved alias such as `*x` is a ReferenceError).
    return { data: doc.toJS(), problems: [], locate };
  } catch (e) {
    return { data: undefined, problems: [unplaced(`invalid YAML: ${(e as Error).message}`)], locate };
  }
}

/**
 * Loads a policy file (JSON or YAML) into a {@link Policy}: validates it against `policy.schema.json` with
 * ajv, checks that every rule name is known, builds the rule tree (filling in the environment defaults of
 * `issuer` and `delegation-source` from the file's `environment`) and fingerprints it with `definePolicy`.
 * Unknown rules and unknown options are errors, never ignored. Every problem is reported at once, each with
 * the file, its path, its line and column and a hint (a misspelt name suggests the nearest one), in one
 * {@link PolicyError}. A custom rule's factory that throws is reported at its node too, its error the `cause`.
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
  const custom = options.customRules ?? {};
  for (const [name, factory] of Object.entries(custom)) {
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
