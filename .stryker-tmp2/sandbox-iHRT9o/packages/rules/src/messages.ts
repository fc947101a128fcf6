// @ts-nocheck
import type { ReasonCode } from '@dsop-guard/core';

// Private: the one place where a reason code becomes words. Total over ReasonCode, so a code appended to
// core's list does not compile here until it is described.

/**
 * A language `explain` can write: English or Norwegian bokmål.
 *
 * @example
 * ```ts
 * const language: Language = 'nb';
 * ```
 */
export type Language = 'en' | 'nb';

export const messages: Readonly<Record<ReasonCode, Readonly<Record<Language, string>>>> = {
  input_malformed: { en: 'the request is malformed', nb: 'forespørselen er feilformet' },
  token_missing: { en: 'no Maskinporten token', nb: 'mangler Maskinporten-token' },
  consent_missing: { en: 'no consent', nb: 'mangler samtykke' },
  person_missing: { en: 'the request names no person', nb: 'forespørselen oppgir ingen person' },
  token_malformed: { en: 'the token is not a well-formed JWT', nb: 'tokenet er ikke en gyldig JWT' },
  token_duplicate_member: { en: 'the token repeats a JSON member', nb: 'tokenet gjentar et JSON-felt' },
  alg_not_allowed: { en: 'the signing algorithm is not allowed', nb: 'signeringsalgoritmen er ikke tillatt' },
  kid_missing: { en: 'the token header has no key id', nb: 'token-headeren mangler nøkkel-id' },
  key_embedded: { en: 'the token embeds its own key', nb: 'tokenet har innebygd sin egen nøkkel' },
  key_unknown: { en: 'the signing key is unknown', nb: 'signeringsnøkkelen er ukjent' },
  keys_unavailable: {
    en: 'the signing keys could not be fetched',
    nb: 'signeringsnøklene kunne ikke hentes',
  },
  signature_invalid: { en: 'the signature is invalid', nb: 'signaturen er ugyldig' },
  claim_missing: { en: 'a required claim is missing', nb: 'et påkrevd claim mangler' },
  claim_invalid: { en: 'a claim has the wrong type or shape', nb: 'et claim har feil type eller form' },
  token_expired: { en: 'the token has expired', nb: 'tokenet er utløpt' },
  token_not_yet_valid: { en: 'the token is not valid yet', nb: 'tokenet er ikke gyldig ennå' },
  token_issued_in_future: { en: 'the token is issued in the future', nb: 'tokenet er utstedt fram i tid' },
  token_lifetime_exceeded: { en: 'the token lives too long', nb: 'tokenet har for lang levetid' },
  issuer_mismatch: {
    en: 'the token issuer is not the expected one',
    nb: 'tokenutstederen er ikke den forventede',
  },
  issuer_retired: { en: 'the token issuer is retired (VER2)', nb: 'tokenutstederen er faset ut (VER2)' },
  scope_missing: { en: 'a required scope is missing', nb: 'et påkrevd scope mangler' },
  token_type_invalid: { en: 'the token type is not Bearer', nb: 'tokentypen er ikke Bearer' },
  client_amr_not_allowed: {
    en: 'the client authentication method is not allowed',
    nb: 'klientens autentiseringsmetode er ikke tillatt',
  },
  audience_mismatch: { en: 'the token audience is not accepted', nb: 'tokenets audience er ikke godtatt' },
  consumer_invalid: {
    en: 'the consumer is not a valid organisation',
    nb: 'konsumenten er ikke en gyldig virksomhet',
  },
  consumer_mismatch: {
    en: 'the consumer is not the consent recipient (CoveredBy)',
    nb: 'konsumenten er ikke samtykkemottakeren (CoveredBy)',
  },
  supplier_invalid: {
    en: 'the supplier is not a valid organisation',
    nb: 'leverandøren er ikke en gyldig virksomhet',
  },
  delegation_source_missing: {
    en: 'a supplier token has no delegation source',
    nb: 'et leverandørtoken mangler delegeringskilde',
  },
  delegation_source_not_allowed: {
    en: 'the delegation source is not allowed',
    nb: 'delegeringskilden er ikke tillatt',
  },
  handled_by_mismatch: {
    en: 'the consent is handled by another supplier',
    nb: 'samtykket håndteres av en annen leverandør',
  },
  system_user_not_allowed: {
    en: 'system-user tokens are not allowed',
    nb: 'systembrukertokens er ikke tillatt',
  },
  pid_missing: {
    en: 'the token is not person-restricted (no pid)',
    nb: 'tokenet er ikke personbegrenset (mangler pid)',
  },
  pid_mismatch: { en: 'the token pid is another person', nb: 'tokenets pid er en annen person' },
  consent_invalid: { en: 'the consent is invalid', nb: 'samtykket er ugyldig' },
  consent_issuer_mismatch: {
    en: 'the consent issuer is not the expected one',
    nb: 'samtykkeutstederen er ikke den forventede',
  },
  consent_expired: { en: 'the consent has expired', nb: 'samtykket er utløpt' },
  consent_period_exceeded: {
    en: 'the consent period is longer than the service allows',
    nb: 'samtykkeperioden er lengre enn tjenesten tillater',
  },
  consent_service_missing: {
    en: 'the consent does not cover the service',
    nb: 'samtykket dekker ikke tjenesten',
  },
  consent_metadata_missing: {
    en: 'the consent lacks required metadata',
    nb: 'samtykket mangler påkrevde metadata',
  },
  consent_right_missing: {
    en: 'the consent has no right for the resource',
    nb: 'samtykket har ingen rettighet til ressursen',
  },
  consent_store_unavailable: {
    en: 'the consent store is unavailable',
    nb: 'samtykkelageret er utilgjengelig',
  },
  consent_store_tampered: {
    en: 'the stored consent failed its integrity check',
    nb: 'det lagrede samtykket besto ikke integritetskontrollen',
  },
  person_invalid: { en: 'the person id is invalid', nb: 'personidentifikatoren er ugyldig' },
  person_mismatch: {
    en: 'the person is not the one who consented',
    nb: 'personen er ikke den som samtykket',
  },
  rule_error: { en: 'a rule failed to run', nb: 'en regel feilet under kjøring' },
  rule_denied: { en: 'a negated rule passed', nb: 'en negert regel ble oppfylt' },
  no_alternative_passed: { en: 'no alternative passed', nb: 'ingen av alternativene ble oppfylt' },
  custom_denied: { en: 'denied by a custom rule', nb: 'avvist av en egendefinert regel' },
  audit_unavailable: {
    en: 'the decision could not be written to the audit trail',
    nb: 'beslutningen kunne ikke skrives til revisjonssporet',
  },
};
