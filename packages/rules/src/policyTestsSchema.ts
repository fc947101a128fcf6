import { reasonCodes } from '@dsop-guard/core';
import { ID_PATTERN } from './ruleKit.js';

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const epoch = {
  description: 'Epoch seconds.',
  type: 'integer',
  minimum: 1_000_000_000,
  maximum: 9_999_999_999,
};
const texts = { type: 'array', items: { type: 'string', maxLength: 256 }, maxItems: 64 };
const claimValues = {
  description:
    "Claims merged over the shape's defaults (or, without `shape`, the whole payload). Any JSON value: a claim of the wrong type is judged (`claim_invalid`), not refused here.",
  type: 'object',
};
const remove = {
  description: "Claims removed from the shape's defaults.",
  ...texts,
};
/** A custom code `<namespace>.<code>`, or a built-in one. */
const CODE = '^([a-z_]+|[a-z][a-z0-9-]*\\.[a-z][a-z0-9_]*)$';

/**
 * The JSON Schema (draft-07) of a policy test file: cases that name their inputs as claims (the normalised claims,
 * or the test kit's token shapes with overrides), the request, and what they expect. Published as
 * `@dsop-guard/rules/policy-tests.schema.json`; {@link loadPolicyTests} validates with it.
 *
 * @example
 * ```ts
 * import { policyTestsSchema } from '@dsop-guard/rules';
 *
 * policyTestsSchema['$id']; // 'https://dsop-guard.dev/schema/policy-tests/1.json'
 * ```
 */
export const policyTestsSchema: Readonly<Record<string, unknown>> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://dsop-guard.dev/schema/policy-tests/1.json',
  title: 'dsop-guard policy test cases',
  description:
    'Test cases for a policy: inputs as claims, the request, and the expected decision. See docs/policy-files.md.',
  type: 'object',
  required: ['cases'],
  properties: {
    $schema: { type: 'string' },
    description: { type: 'string', maxLength: 4096 },
    defaults: {
      description: 'What every case has unless it says otherwise.',
      type: 'object',
      properties: {
        now: epoch,
        person: { type: ['string', 'null'], maxLength: 64 },
        clockTolerance: { type: 'integer', minimum: 0, maximum: 300 },
        tokens: ref('factory'),
      },
      additionalProperties: false,
    },
    cases: { type: 'array', minItems: 1, maxItems: 10_000, items: ref('case') },
  },
  additionalProperties: false,
  $defs: {
    factory: {
      description: "The test kit's token defaults (createClaimFactory's options).",
      type: 'object',
      properties: {
        issuer: { type: 'string', maxLength: 256 },
        consumer: { type: 'string', pattern: '^\\d{9}$' },
        supplier: { type: 'string', pattern: '^\\d{9}$' },
        person: { type: 'string', maxLength: 64 },
        scope: { type: 'string', maxLength: 4096 },
        services: texts,
      },
      additionalProperties: false,
    },
    case: {
      type: 'object',
      required: ['name', 'expect'],
      properties: {
        name: {
          description: 'What the case shows; unique in its file.',
          type: 'string',
          minLength: 1,
          maxLength: 256,
        },
        now: epoch,
        person: {
          description: 'The person the request is about (PSU-ID); `null` for none.',
          type: ['string', 'null'],
          maxLength: 64,
        },
        requestId: { type: 'string', maxLength: 128 },
        clockTolerance: {
          description: 'Seconds. Default 10, as the engine.',
          type: 'integer',
          minimum: 0,
          maximum: 300,
        },
        tokens: ref('tokens'),
        claims: ref('claims'),
        expect: ref('expect'),
      },
      additionalProperties: false,
    },
    tokens: {
      description:
        "The tokens' claims, as the test kit makes them, normalised as the engine does (never signed).",
      type: 'object',
      required: ['maskinporten'],
      properties: {
        maskinporten: {
          type: 'object',
          properties: {
            shape: {
              description: "The test kit's shape; without it, `claims` is the whole payload.",
              enum: ['direct', 'supplier', 'system-user', 'altinn3'],
            },
            claims: claimValues,
            remove,
            mintedAt: epoch,
          },
          additionalProperties: false,
        },
        consent: {
          description: 'An Altinn 2 consent token; absent or `null` for none.',
          type: ['object', 'null'],
          properties: {
            shape: { enum: ['altinn2'] },
            claims: claimValues,
            remove,
            handledBy: { type: 'string', maxLength: 64 },
            mintedAt: epoch,
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    claims: {
      description:
        'The normalised claims (the types MaskinportenClaims and Consent of @dsop-guard/core); members left out are absent (lists empty).',
      type: 'object',
      required: ['maskinporten'],
      properties: {
        maskinporten: { type: 'object' },
        consent: { type: ['object', 'null'] },
      },
      additionalProperties: false,
    },
    expect: {
      type: 'object',
      required: ['decision'],
      properties: {
        decision: { enum: ['allow', 'deny'] },
        reasons: {
          description: 'Exactly these reason codes, in any order.',
          type: 'array',
          items: { type: 'string', pattern: CODE, examples: [...reasonCodes] },
          maxItems: 64,
        },
        outcomes: {
          description: 'Rule id → its status (every outcome with that id).',
          type: 'object',
          propertyNames: { pattern: ID_PATTERN },
          additionalProperties: { enum: ['pass', 'fail', 'skipped', 'error'] },
        },
      },
      additionalProperties: false,
    },
  },
};
