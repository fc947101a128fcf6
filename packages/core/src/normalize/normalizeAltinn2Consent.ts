import { err, ok, type Result } from 'neverthrow';
import { validateClaims } from '../schema/validateClaims.js';
import type { Consent, ViolationInput } from '../types.js';
import { legacySeconds, str } from './values.js';

type DateFormat = Consent['validToFormat'];

/** An Altinn 2 consent has services, not rights: one frozen empty list for all of them. */
const NO_RIGHTS: Consent['rights'] = Object.freeze([]);

function readDate(value: unknown): { seconds: number | undefined; format: DateFormat } {
  if (value === undefined) return { seconds: undefined, format: 'absent' };
  if (typeof value === 'number')
    return Number.isFinite(value)
      ? { seconds: value, format: 'epoch' }
      : { seconds: undefined, format: 'invalid' };
  if (typeof value === 'string') {
    if (/^\d{1,12}$/.test(value)) return { seconds: Number(value), format: 'numeric-string' };
    const legacy = legacySeconds(value);
    if (legacy !== undefined) return { seconds: legacy, format: 'legacy-datetime' };
  }
  return { seconds: undefined, format: 'invalid' };
}

/**
 * Turns a verified Altinn 2 consent token payload into a {@link Consent}. Reads `ValidToDate`, or `ValidTo`
 * as an alias (DSOP-LK's checklist says `ValidTo`; real tokens say `ValidToDate`), and records which one
 * and in which format, so a rule can accept only epoch numbers; both present and disagreeing is
 * `consent_invalid`. `Services` may be a string or an array. The consent is frozen at every depth.
 *
 * @example
 * ```ts
 * const consent = normalizeAltinn2Consent(verified.payload);
 * if (consent.isOk()) consent.value.coveredBy; // '910514458'
 * ```
 */
export function normalizeAltinn2Consent(
  payload: Readonly<Record<string, unknown>>,
): Result<Consent, readonly ViolationInput[]> {
  const valid = validateClaims('altinn2', payload, 'consent');
  if (valid.isErr()) return err(valid.error);
  const claim =
    payload['ValidToDate'] !== undefined
      ? 'ValidToDate'
      : payload['ValidTo'] !== undefined
        ? 'ValidTo'
        : 'absent';
  const validTo = readDate(claim === 'absent' ? undefined : payload[claim]);
  // Two claims that may disagree: a hardened gateway refuses to pick one.
  if (payload['ValidToDate'] !== undefined && payload['ValidTo'] !== undefined) {
    const alias = readDate(payload['ValidTo']);
    if (alias.seconds === undefined || alias.seconds !== validTo.seconds) {
      return err([
        { code: 'consent_invalid', path: 'consent.ValidTo', expected: 'the same time as ValidToDate' },
      ]);
    }
  }
  const services = payload['Services'];
  // Frozen as made (the schema holds `Services` to strings): rules read the consent and must never change it.
  return ok(
    Object.freeze({
      source: 'altinn2',
      iss: str(payload['iss']),
      offeredBy: str(payload['OfferedBy']),
      coveredBy: str(payload['CoveredBy']),
      handledBy: str(payload['HandledBy']),
      validTo: validTo.seconds,
      validToClaim: claim,
      validToFormat: validTo.format,
      consentedAt: readDate(payload['DelegatedDate']).seconds,
      services: Object.freeze(
        typeof services === 'string' ? [services] : Array.isArray(services) ? (services as string[]) : [],
      ),
      rights: NO_RIGHTS,
      consentId: str(payload['AuthorizationCode']),
    }),
  );
}
