// The one table of requests every adapter is run against (plain function, Express, Fastify, Fetch, CLI), and
// the fixture it needs: test keys, a token factory at a fixed time, and the guard options.

import type { GuardOptions } from '@dsop-guard/adapters';
import { localKeySet, memoryConsentStore, type Verdict } from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { preset } from '@dsop-guard/rules';
import { sharedKeys } from '../fixtures/sharedKeys.js';

/** The fixture's time: fixed for the run, but today's, because Redis expires stored consents by its own clock. */
export const now = Math.floor(Date.now() / 1000);
export const mpKeys = sharedKeys('table#1', { kid: 'mp-1' });
export const altinnKeys = sharedKeys('table#2', { x5t: true });
export const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
/** Signs with other keys under the same Maskinporten kid: a forgery. */
const forger = createTokenFactory({
  maskinportenKeys: sharedKeys('table#3', { kid: 'mp-1' }),
  altinnKeys: sharedKeys('table#4', { x5t: true }),
  now,
});
export const otherPerson = '02095302184';
export const consentStoreKey = 'adapters-test-consent-store-key';

/** The Lånekassen saldo preset for TEST: raw Authorization, Consent-ID, PSU-ID or PSU_ID, X-Request-Id. */
export const lanekassen = preset('lanekassen-saldo', 'test');
export const { policy, transport } = lanekassen;

/** Guard options for the table: local keys, the fixed clock, and a fresh in-memory consent store. */
export function guardOptions(extra: Partial<GuardOptions> = {}): GuardOptions {
  return {
    preset: lanekassen,
    keys: {
      maskinporten: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }),
      consent: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }),
    },
    clock: () => now,
    consentStore: { store: memoryConsentStore({ clock: () => now }), key: consentStoreKey },
    ...extra,
  };
}

/** One request, transport-neutral. */
export interface TableInput {
  readonly maskinportenToken?: string | undefined;
  readonly consentToken?: string | undefined;
  readonly person?: string | undefined;
  readonly requestId?: string;
}

/** What every adapter must agree on. */
export interface Observed {
  readonly decision: Verdict['decision'];
  readonly reasons: readonly string[];
  readonly status: number;
  /** Only where the adapter shows the verdict (allow, or the function and CLI). */
  readonly consentSource?: Verdict['consentSource'];
}

export interface Row {
  readonly name: string;
  /** Requests made first, through the same adapter instance (to fill the consent store). */
  readonly before?: readonly TableInput[];
  readonly input: TableInput;
  readonly expected: Observed;
  /**
   * The RFC 6750 error of the `WWW-Authenticate` challenge an HTTP adapter sends on a transport that takes
   * Bearer tokens; none when absent. A `raw` transport (Lånekassen) never sends a Bearer challenge.
   */
  readonly challenge?: 'invalid_token' | 'insufficient_scope';
}

const mp = tokens.direct();
const consent = tokens.altinn2Consent();
const valid: TableInput = { maskinportenToken: mp, consentToken: consent, person: tokens.person };
const allow = (consentSource: Verdict['consentSource']): Observed => ({
  decision: 'allow',
  reasons: [],
  status: 200,
  consentSource,
});
const deny = (status: number, ...reasons: string[]): Observed => ({ decision: 'deny', reasons, status });

export const table: readonly Row[] = [
  { name: 'valid direct call', input: valid, expected: allow('altinn2') },
  {
    name: 'valid supplier call (Altinn delegation, HandledBy = supplier)',
    input: {
      maskinportenToken: tokens.supplier(),
      consentToken: tokens.altinn2Consent({ handledBy: tokens.supplierOrgno }),
      person: tokens.person,
    },
    expected: allow('altinn2'),
  },
  {
    name: 'consent token wrapped in double quotes',
    input: { ...valid, consentToken: `"${consent}"` },
    expected: allow('altinn2'),
  },
  {
    name: 'stored consent: a later call without the consent token',
    before: [valid],
    input: { maskinportenToken: mp, person: tokens.person },
    expected: allow('stored'),
  },
  {
    name: 'stored consent does not serve another person',
    before: [valid],
    input: { maskinportenToken: mp, person: otherPerson },
    expected: deny(403, 'consent_missing'),
  },
  {
    name: 'Maskinporten token missing',
    input: { ...valid, maskinportenToken: undefined },
    expected: deny(400, 'token_missing'),
  },
  { name: 'person missing', input: { ...valid, person: undefined }, expected: deny(400, 'person_missing') },
  {
    name: 'consent missing, nothing stored',
    input: { maskinportenToken: mp, person: tokens.person },
    expected: deny(403, 'consent_missing'),
  },
  {
    name: 'Maskinporten token not a JWT',
    input: { ...valid, maskinportenToken: 'not-a-jwt' },
    expected: deny(401, 'token_malformed'),
    challenge: 'invalid_token',
  },
  {
    name: 'Maskinporten token forged',
    input: { ...valid, maskinportenToken: forger.direct() },
    expected: deny(401, 'signature_invalid'),
    challenge: 'invalid_token',
  },
  {
    name: 'Maskinporten token expired',
    input: { ...valid, maskinportenToken: tokens.direct({ now: now - 3600 }) },
    expected: deny(401, 'token_expired'),
    challenge: 'invalid_token',
  },
  {
    name: 'Maskinporten token without the scope',
    input: { ...valid, maskinportenToken: tokens.direct({ claims: { scope: 'other:scope' } }) },
    expected: deny(403, 'scope_missing'),
    challenge: 'insufficient_scope',
  },
  {
    name: 'consent token from an unknown key (a 401 code while verifying the consent answers 403)',
    input: { ...valid, consentToken: forger.altinn2Consent() },
    expected: deny(403, 'key_unknown'),
  },
  {
    name: 'consent expired',
    input: { ...valid, consentToken: tokens.altinn2Consent({ claims: { ValidToDate: now - 3600 } }) },
    expected: deny(403, 'consent_expired'),
  },
  {
    name: 'consent for another organisation',
    input: { ...valid, consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }) },
    expected: deny(403, 'consumer_mismatch'),
  },
  {
    name: 'consent given by another person',
    input: { ...valid, person: otherPerson },
    expected: deny(403, 'person_mismatch'),
  },
];

/** The request ids the table uses, so that each adapter can show it carried them. */
export const requestIdOf = (row: Row): string => `req-${table.indexOf(row)}`;
