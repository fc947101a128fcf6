import { builtinRules } from './builtinRules.js';
import { presetNames } from './preset.js';
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
const header = { type: 'string', pattern: "^[a-z0-9!#$%&'*+.^_`|~-]+$", maxLength: 64 };

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
  $id: 'https://dsop-guard.dev/schema/policy/1.json',
  title: 'dsop-guard policy file',
  description:
    'A named, versioned rule tree for one environment, or a preset it extends. See docs/policy-files.md.',
  type: 'object',
  required: ['id', 'version'],
  if: { required: ['extends'] },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keywords
  then: {},
  else: { required: ['environment', 'rule'] },
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
    extends: {
      description:
        'A preset to extend, `<preset>/<environment>` (e.g. `lanekassen-saldo/prod`): its rules, transport and issuers, with `add`, `replace` and `shadow` applied. A file that extends a preset has no `rule`.',
      type: 'string',
      enum: presetNames.flatMap((name) => [`${name}/test`, `${name}/prod`]),
    },
    presetOptions: {
      description: "The extended preset's options.",
      type: 'object',
      properties: {
        altinn3Resource: {
          description: 'The Altinn 3 resource id a consent right must cover. Default none.',
          type: 'string',
          minLength: 1,
          maxLength: 256,
        },
        altinn3MigratedResource: {
          description: 'Also accepted: the migrated resource id `{org}_{code}_{edition}`. Default none.',
          type: 'string',
          minLength: 1,
          maxLength: 256,
        },
      },
      additionalProperties: false,
    },
    add: {
      description: "Rules appended to the preset's `all`; their ids must differ from the preset's.",
      type: 'array',
      items: ref('node'),
      maxItems: 256,
    },
    replace: {
      description: "The preset's rules by id (`scope`, `person`, …), each replaced by a node.",
      type: 'object',
      propertyNames: { pattern: ID_PATTERN },
      additionalProperties: ref('node'),
    },
    shadow: {
      description: "The preset's rules by id, put in shadow mode: evaluated and reported, never decisive.",
      type: 'array',
      items: { type: 'string', pattern: ID_PATTERN },
      uniqueItems: true,
      maxItems: 256,
    },
    transport: {
      description:
        "How requests carry the tokens. Default the extended preset's; a policy with neither is refused by `dsop-guard check` and `serve`.",
      type: 'object',
      required: ['authorization', 'consentHeader', 'personHeaders', 'requestIdHeader'],
      properties: {
        authorization: {
          description: '`raw` (the JWT alone, Lånekassen), `bearer` (`Bearer <jwt>`), or `either`.',
          enum: ['raw', 'bearer', 'either'],
        },
        consentHeader: { description: 'The Altinn 2 consent header, lower case.', ...header },
        personHeaders: {
          description: 'Headers that may carry the person, in order of preference; lower case.',
          type: 'array',
          items: header,
          maxItems: 8,
        },
        requestIdHeader: { description: 'The request id header, lower case.', ...header },
      },
      additionalProperties: false,
    },
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
