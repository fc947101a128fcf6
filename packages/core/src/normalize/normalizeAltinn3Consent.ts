import { err, ok, type Result } from 'neverthrow';
import { validateClaims } from '../schema/validateClaims.js';
import type { Consent, ConsentRight, ViolationInput } from '../types.js';
import { isoSeconds, orgRef, record, str } from './values.js';

const PERSON_URN = 'urn:altinn:person:identifier-no:';
const ORG_URN = 'urn:altinn:organization:identifier-no:';

/** `value` when it is exactly `length` ASCII digits. */
function digits(value: string, length: number): string | undefined {
  return value.length === length && /^[0-9]+$/.test(value) ? value : undefined;
}

function party(value: unknown): string | undefined {
  if (typeof value === 'string') {
    // A person URN names an 11-digit person id and an organisation URN a 9-digit orgno; anything else names
    // no party, so an organisation's consent can never pass for a person's (or the other way round).
    if (value.startsWith(PERSON_URN)) return digits(value.slice(PERSON_URN.length), 11);
    if (value.startsWith(ORG_URN)) return digits(value.slice(ORG_URN.length), 9);
    return undefined;
  }
  const ref = orgRef(value);
  return ref?.icd === '0192' ? ref.value : undefined;
}

/** One right, frozen as made, at every depth (the schema holds actions and metadata values to strings). */
function right(value: unknown): ConsentRight {
  const r = record(value) ?? {};
  const action = r['action'];
  const resources = Array.isArray(r['resource']) ? (r['resource'] as unknown[]) : [];
  const metadata = (record(r['metadata']) ?? record(r['metaData']) ?? {}) as Record<string, string>;
  return Object.freeze({
    action: Object.freeze(
      typeof action === 'string' ? [action] : Array.isArray(action) ? (action as string[]) : [],
    ),
    resources: Object.freeze(
      resources.map((x) => str(record(x)?.['value'])).filter((v): v is string => v !== undefined),
    ),
    metadata: Object.freeze(metadata),
  });
}

/** An Altinn 3 consent has rights, not services: one frozen empty list for all of them. */
const NO_SERVICES: Consent['services'] = Object.freeze([]);

/**
 * Finds the Altinn 3 consent in a verified Maskinporten payload's `authorization_details` and turns it into a
 * {@link Consent}. `ok(undefined)` when there is none; `consent_invalid` when there is more than one (which
 * consent the call relies on would be a guess). Tolerates the shapes Altinn's docs disagree on: `to` as an
 * object or a URN, `metadata` or `metaData` (not both: `consent_invalid`), an ISO `validTo` with microseconds.
 * The consent is frozen at every depth (the payload's own arrays and maps it holds are frozen in place).
 *
 * @example
 * ```ts
 * const consent = normalizeAltinn3Consent(verified.payload);
 * if (consent.isOk() && consent.value) consent.value.offeredBy; // '25922947409'
 * ```
 */
export function normalizeAltinn3Consent(
  payload: Readonly<Record<string, unknown>>,
): Result<Consent | undefined, readonly ViolationInput[]> {
  const details = payload['authorization_details'];
  if (!Array.isArray(details)) return ok(undefined);
  const indexes = details.flatMap((d, i) => (record(d)?.['type'] === 'urn:altinn:consent' ? [i] : []));
  if (indexes.length === 0) return ok(undefined);
  if (indexes.length > 1) {
    return err([
      {
        code: 'consent_invalid',
        path: 'maskinporten.authorization_details',
        expected: 'one urn:altinn:consent entry',
        actual: indexes.length,
      },
    ]);
  }
  const at = indexes[0] as number;
  const entry = details[at] as Record<string, unknown>;
  const valid = validateClaims('altinn3', entry, `maskinporten.authorization_details.${at}`);
  if (valid.isErr()) return err(valid.error);
  const rights = Array.isArray(entry['consentRights']) ? (entry['consentRights'] as unknown[]) : [];
  // Two members that may disagree: the strict profile refuses to pick one.
  const twice = rights.findIndex((r) => record(record(r)?.['metadata']) && record(record(r)?.['metaData']));
  if (twice !== -1) {
    return err([
      {
        code: 'consent_invalid',
        path: `maskinporten.authorization_details.${at}.consentRights.${twice}`,
        expected: 'one of metadata and metaData',
      },
    ]);
  }
  const validToText = str(entry['validTo']);
  const validTo = validToText === undefined ? undefined : isoSeconds(validToText);
  const consented = str(entry['consented']);
  // Frozen as made: rules read the consent and must never change it.
  return ok(
    Object.freeze({
      source: 'altinn3',
      iss: str(payload['iss']),
      offeredBy: party(entry['from']),
      coveredBy: party(entry['to']),
      handledBy: undefined,
      validTo,
      validToClaim: validToText === undefined ? 'absent' : 'validTo',
      validToFormat: validToText === undefined ? 'absent' : validTo === undefined ? 'invalid' : 'iso',
      consentedAt: consented === undefined ? undefined : isoSeconds(consented),
      services: NO_SERVICES,
      rights: Object.freeze(rights.map(right)),
      consentId: str(entry['id']),
    }),
  );
}
