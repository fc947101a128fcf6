// @ts-nocheck
// Private: JSON Schemas for the claims dsop-guard reads. They check the *types* of what is present;
// which claims must be present and what they must equal is the rules' business.

const orgRef = {
  type: 'object',
  required: ['authority', 'ID'],
  properties: { authority: { type: 'string' }, ID: { type: 'string' } },
} as const;

const numericDate = { type: 'number' } as const;

/**
 * RFC 6749 §3.3: `scope = scope-token *( SP scope-token )`, `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
 * A leading, trailing or doubled space, a tab or a newline as separator, or a non-ASCII character is refused:
 * a hardened gateway denies a grammar it would otherwise have to parse leniently.
 */
const SCOPE_GRAMMAR = '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$';

/** A Maskinporten access token payload (MP-TOKEN §Access token). */
export const maskinportenSchema = {
  $id: 'https://dsop-guard.dev/schema/maskinporten-token.json',
  type: 'object',
  properties: {
    iss: { type: 'string' },
    scope: { type: 'string', pattern: SCOPE_GRAMMAR },
    client_id: { type: 'string' },
    client_amr: { type: 'string' },
    token_type: { type: 'string' },
    jti: { type: 'string' },
    pid: { type: 'string' },
    delegation_source: { type: 'string' },
    consumer: orgRef,
    supplier: orgRef,
    aud: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    exp: numericDate,
    iat: numericDate,
    nbf: numericDate,
    authorization_details: {
      type: 'array',
      items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    },
  },
} as const;

/** An Altinn 2 consent token payload (A2-TOKEN, DSOP-SAM, ATT). */
export const altinn2ConsentSchema = {
  $id: 'https://dsop-guard.dev/schema/altinn2-consent-token.json',
  type: 'object',
  properties: {
    iss: { type: 'string' },
    // The array first: it is what Altinn sends, and with every error collected a failing first branch would make
    // an error object on every valid token.
    Services: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
    AuthorizationCode: { type: 'string' },
    OfferedBy: { type: 'string' },
    CoveredBy: { type: 'string' },
    HandledBy: { type: 'string' },
    RequiredDelegator: { type: 'string' },
    DelegatedDate: { type: ['number', 'string'] },
    ValidToDate: { type: ['number', 'string'] },
    ValidTo: { type: ['number', 'string'] },
    exp: numericDate,
    iat: numericDate,
    nbf: numericDate,
  },
} as const;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** One `authorization_details` entry of type `urn:altinn:consent` (A3-VAL, A3-OVR). */
export const altinn3ConsentSchema = {
  $id: 'https://dsop-guard.dev/schema/altinn3-consent.json',
  type: 'object',
  required: ['type'],
  properties: {
    type: { const: 'urn:altinn:consent' },
    id: { type: 'string' },
    from: { type: 'string' },
    to: { anyOf: [{ type: 'string' }, orgRef] },
    consented: { type: 'string' },
    validTo: { type: 'string' },
    consentRights: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          action: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          resource: {
            type: 'array',
            items: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } },
          },
          metadata: stringMap,
          metaData: stringMap,
        },
      },
    },
  },
} as const;
