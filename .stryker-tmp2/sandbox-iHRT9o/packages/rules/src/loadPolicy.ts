// @ts-nocheck
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError, type Policy, type Rule } from '@dsop-guard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { type Document, LineCounter, Parser, parseDocument } from 'yaml';
import { type Problem, ajvProblems, byPath } from './ajvProblems.js';
import { type Locate, buildPolicy } from './buildPolicy.js';
import { builtinRules } from './builtinRules.js';
import { MAX_NESTING, MAX_POLICY_BYTES, nestingOf, repeatedMembers, tooDeepAt } from './documentChecks.js';
import { PolicyError } from './policyError.js';
import { policySchema } from './policySchema.js';
import { ID_PATTERN } from './ruleKit.js';
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
const RULE_NAME = new RegExp(ID_PATTERN);

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
    const text = readRegularFile(file);
    if (typeof text !== 'string') return { file, data: undefined, problems: [text], locate: nowhere };
    return { file, ...parse(text, format) };
  }
  return { file: source.name ?? '<inline>', ...parse(source.text, source.format) };
}

const TOO_LARGE = unplaced(
  `larger than ${MAX_POLICY_BYTES} bytes (1 MiB)`,
  'a policy file is at most 1 MiB; split out what is not policy',
);

const TOO_DEEP = unplaced(
  `nested deeper than ${MAX_NESTING} levels`,
  'a policy needs far less: flatten the rule tree',
);

/**
 * The text of a regular file (a symlink is followed) of at most {@link MAX_POLICY_BYTES}, or the problem. Opened
 * without blocking and checked on the open descriptor, so a FIFO, a device or a directory is refused, never
 * waited on or read without end.
 */
function readRegularFile(file: string): string | Placed {
  let fd: number | undefined;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return unplaced('not a regular file', 'a policy is read from a regular file only');
    const buffer = Buffer.alloc(MAX_POLICY_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= MAX_POLICY_BYTES; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    return length > MAX_POLICY_BYTES ? TOO_LARGE : buffer.toString('utf8', 0, length);
  } catch (e) {
    return unplaced(`cannot read the file: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const utf8Length = (text: string): number =>
  text.length * 3 <= MAX_POLICY_BYTES ? text.length : new TextEncoder().encode(text).byteLength;

/**
 * The syntax problems of YAML, each at its place; for JSON (valid, as JSON.parse read it first) what kept the
 * YAML parser from reading it for positions and repeated members: refused, since it cannot be checked.
 */
function syntaxProblems(doc: Document, format: 'json' | 'yaml'): Placed[] {
  const prefix = format === 'json' ? 'JSON that cannot be checked for repeated members' : 'invalid YAML';
  return doc.errors.map((e) => ({
    path: '',
    message: `${prefix}: ${e.message}`,
    line: e.linePos?.[0].line ?? null,
    column: e.linePos?.[0].col ?? null,
  }));
}

/**
 * The data, or the problems; and where each path sits (JSON is read for positions by the YAML parser). Refused
 * before the data is used: text over 1 MiB, nesting deeper than {@link MAX_NESTING} (checked on the parser's
 * tokens, before the recursive composer), syntax errors, and two members of one object that load under one name.
 */
function parse(text: string, format: 'json' | 'yaml'): Omit<Read, 'file'> {
  const failed = (problems: Placed[], locate: Locate = nowhere) => ({ data: undefined, problems, locate });
  if (utf8Length(text) > MAX_POLICY_BYTES) return failed([TOO_LARGE]);
  const tokenLines = new LineCounter();
  const deep = tooDeepAt([...new Parser(tokenLines.addNewLine).parse(text)]);
  if (deep !== undefined) {
    const { line, col } = tokenLines.linePos(deep);
    return failed([{ ...TOO_DEEP, line, column: col }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter, uniqueKeys: false });
  const locate = positionLocator(doc, lineCounter);
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : undefined;
  } catch (e) {
    return failed([unplaced(`invalid JSON: ${(e as Error).message}`)], locate);
  }
  if (doc.errors.length > 0) return failed(syntaxProblems(doc, format), locate);
  const repeated = repeatedMembers(doc, lineCounter);
  if (repeated.length > 0) return failed(repeated, locate);
  if (format === 'yaml') {
    try {
      // toJS resolves aliases and can still throw (an unresolved alias such as `*x` is a ReferenceError).
      data = doc.toJS();
    } catch (e) {
      return failed([unplaced(`invalid YAML: ${(e as Error).message}`)], locate);
    }
  }
  // An alias nests its anchor again: the loaded data can be deeper than the text.
  if (nestingOf(data) > MAX_NESTING) return failed([TOO_DEEP], locate);
  return { data, problems: [], locate };
}

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
