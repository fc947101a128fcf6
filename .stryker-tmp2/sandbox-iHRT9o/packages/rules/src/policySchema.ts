// @ts-nocheck
import { builtinRules } from './builtinRules.js';
import { ID_PATTERN } from './ruleKit.js';

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const id = {
  description: 'Stable id of this node in outcomes and violations.',
  type: 'string',
  pattern: ID_PATTERN,
};
const mode = {
  description: '`enforce` (default) decides; `shadow` is evaluated and reported but never denies.',
  enum: ['enforce', 'shadow'],
};
const KINDS = ['rule', 'all', 'any', 'not', 'when'] as const;

/** if rule … else if all … else if when … else nothing: one branch per node kind, so errors name one kind. */
function nodeChain(kinds: readonly string[]): Record<string, unknown> {
  const [kind, ...rest] = kinds;
  if (kind === undefined) return { not: {} };
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords
  return { if: { required: [kind] }, then: ref(kind === 'rule' ? 'leaf' : kind), else: nodeChain(rest) };
}

function builtinOptions(): Record<string, unknown>[] {
  return Object.values(builtinRules).map(({ meta }) => ({
    if: { properties: { rule: { const: meta.name } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
    then: {
      properties: {
        options: {
          type: 'object',
          properties: meta.options,
          ...(meta.required.length === 0 ? {} : { required: meta.required }),
          additionalProperties: false,
        },
      },
      ...(meta.required.length === 0 ? {} : { required: ['options'] }),
    },
  }));
}

/**
 * The JSON Schema (draft-07) of a policy file, built from the built-in rules' option schemas; published as
 * `@dsop-guard/rules/policy.schema.json` for editors. {@link loadPolicy} validates with it, then checks what a
 * schema cannot: that every rule name is a built-in or a registered custom rule.
 *
 * @example
 * ```ts
 * import { policySchema } from '@dsop-guard/rules';
 * import { Ajv } from 'ajv';
 *
 * const valid = new Ajv().compile(policySchema)(JSON.parse(text));
 * ```
 */
export const policySchema: Readonly<Record<string, unknown>> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'dsop-guard policy file',
  description: 'A named, versioned rule tree for one environment. See docs/policy-files.md.',
  type: 'object',
  required: ['id', 'version', 'environment', 'rule'],
  properties: {
    $schema: { type: 'string' },
    id: {
      description: 'Stable policy id, e.g. `lanekassen-saldo/test`; at most 128 characters.',
      type: 'string',
      minLength: 1,
      maxLength: 128,
    },
    version: {
      description: 'Policy version, a string (quote numbers in YAML); at most 128 characters.',
      type: 'string',
      minLength: 1,
      maxLength: 128,
    },
    environment: {
      description: 'The environment; fills in the issuer and delegation-source defaults.',
      enum: ['test', 'prod'],
    },
    description: { type: 'string', maxLength: 4096 },
    rule: ref('node'),
  },
  additionalProperties: false,
  $defs: {
    node: { type: 'object', ...nodeChain(KINDS) },
    leaf: {
      description: 'A built-in rule by name, or a custom rule registered in code.',
      type: 'object',
      required: ['rule'],
      properties: {
        rule: { description: 'The rule name.', type: 'string', pattern: ID_PATTERN },
        id,
        mode,
        options: { description: 'The rule options.', type: 'object' },
      },
      additionalProperties: false,
      allOf: builtinOptions(),
    },
    all: {
      description: 'Passes when every enforced child passes.',
      type: 'object',
      required: ['all'],
      properties: { all: { type: 'array', items: ref('node') }, id, mode },
      additionalProperties: false,
    },
    any: {
      description: 'Passes when at least one enforced child passes.',
      type: 'object',
      required: ['any'],
      properties: { any: { type: 'array', items: ref('node'), minItems: 1 }, id, mode },
      additionalProperties: false,
    },
    not: {
      description: 'Passes when its child fails.',
      type: 'object',
      required: ['not'],
      properties: { not: ref('node'), id, mode },
      additionalProperties: false,
    },
    when: {
      description: 'Evaluates `then` only when `if` passes; otherwise skipped.',
      type: 'object',
      required: ['when'],
      properties: {
        when: {
          type: 'object',
          required: ['if', 'then'],
          // biome-ignore lint/suspicious/noThenProperty: the `then` of a policy file's `when` node
          properties: { if: ref('node'), then: ref('node') },
          additionalProperties: false,
        },
        id,
        mode,
      },
      additionalProperties: false,
    },
  },
};
