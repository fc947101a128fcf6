/**
 * Every reason code dsop-guard can put in a verdict: one closed list.
 *
 * A code is stable data: adapters map it to an HTTP status, audit pipelines count it, and nothing parses
 * human text. Adding a code here is a breaking change for exhaustive tables such as the HTTP status map,
 * which is the point: a new code does not compile until it is mapped.
 *
 * @example
 * ```ts
 * import { reasonCodes } from '@dsop-guard/core';
 * reasonCodes.includes('signature_invalid'); // true
 * ```
 */
// @ts-nocheck

export const reasonCodes = [
  // request and transport
  'input_malformed',
  'token_missing',
  'consent_missing',
  'person_missing',
  // token verification
  'token_malformed',
  'token_duplicate_member',
  'alg_not_allowed',
  'kid_missing',
  'key_embedded',
  'key_unknown',
  'keys_unavailable',
  'signature_invalid',
  'claim_missing',
  'claim_invalid',
  'token_expired',
  'token_not_yet_valid',
  'token_issued_in_future',
  'token_lifetime_exceeded',
  // Maskinporten claims
  'issuer_mismatch',
  'issuer_retired',
  'scope_missing',
  'token_type_invalid',
  'client_amr_not_allowed',
  'audience_mismatch',
  'consumer_invalid',
  'consumer_mismatch',
  'supplier_invalid',
  'delegation_source_missing',
  'delegation_source_not_allowed',
  'handled_by_mismatch',
  'system_user_not_allowed',
  'pid_missing',
  'pid_mismatch',
  // consent
  'consent_invalid',
  'consent_issuer_mismatch',
  'consent_expired',
  'consent_period_exceeded',
  'consent_service_missing',
  'consent_metadata_missing',
  'consent_right_missing',
  'consent_store_unavailable',
  'consent_store_tampered',
  // person
  'person_invalid',
  'person_mismatch',
  // engine
  'rule_error',
  'rule_denied',
  'no_alternative_passed',
  'custom_denied',
  // audit
  'audit_unavailable',
] as const;

/**
 * The codes only dsop-guard itself gives: the request's and the token's form, keys and signatures, the engine's
 * own verdicts about rules (`rule_error`, and the combinators' `rule_denied` and `no_alternative_passed`), and
 * failing stores and audit trails. A custom rule (anything built with `defineRule`, built-in rules included)
 * that fails with one of them is a `rule_error`: a rule cannot pose as a broken key set, an unavailable store or
 * a forged signature, whose statuses (503, 401) tell clients and operators something else.
 *
 * @example
 * ```ts
 * import { engineReasonCodes } from '@dsop-guard/core';
 * engineReasonCodes.includes('keys_unavailable'); // true: fail({ code: 'keys_unavailable', ... }) is a rule_error
 * ```
 */
export const engineReasonCodes = [
  'input_malformed',
  'token_missing',
  'token_malformed',
  'token_duplicate_member',
  'alg_not_allowed',
  'kid_missing',
  'key_embedded',
  'key_unknown',
  'keys_unavailable',
  'signature_invalid',
  'consent_store_unavailable',
  'rule_error',
  'rule_denied',
  'no_alternative_passed',
  'audit_unavailable',
] as const satisfies readonly ReasonCode[];

/** One code from {@link reasonCodes}. */
export type ReasonCode = (typeof reasonCodes)[number];

/**
 * A custom rule's own code, `<namespace>.<code>` in lower case (e.g. `acme.consumer_blocked`). Declared with the
 * rule (`defineRule({ codes })`); the namespace is the rule author's, never one of dsop-guard's.
 *
 * @example
 * ```ts
 * const code: CustomReasonCode = 'acme.consumer_blocked';
 * ```
 */
export type CustomReasonCode = `${string}.${string}`;

/** Any code a verdict may hold: a built-in {@link ReasonCode} or a declared {@link CustomReasonCode}. */
export type VerdictCode = ReasonCode | CustomReasonCode;
