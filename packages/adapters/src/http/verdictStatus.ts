import { ConfigError, type ReasonCode, type Verdict, type Violation, reasonCodes } from '@dsop-guard/core';

/**
 * The HTTP status of each reason code, after the DSOP convention (DSOP-LK: 400 bad headers, 401 invalid
 * Maskinporten token, 403 invalid consent, 500 unknown error). Total over the codes: a new code does not
 * compile until it is mapped here. A 401 code found while verifying the consent token answers 403.
 *
 * @example
 * ```ts
 * import { defaultStatusCodes } from '@dsop-guard/adapters';
 * defaultStatusCodes.signature_invalid; // 401
 * ```
 */
export const defaultStatusCodes: Readonly<Record<ReasonCode, number>> = {
  // the request itself: fix the headers
  input_malformed: 400,
  token_missing: 400,
  person_missing: 400,
  person_invalid: 400,
  // the Maskinporten token: RFC 6750 invalid_token
  token_malformed: 401,
  token_duplicate_member: 401,
  alg_not_allowed: 401,
  kid_missing: 401,
  key_embedded: 401,
  key_unknown: 401,
  signature_invalid: 401,
  claim_missing: 401,
  claim_invalid: 401,
  token_expired: 401,
  token_not_yet_valid: 401,
  token_issued_in_future: 401,
  token_lifetime_exceeded: 401,
  issuer_mismatch: 401,
  issuer_retired: 401,
  token_type_invalid: 401,
  client_amr_not_allowed: 401,
  audience_mismatch: 401,
  consumer_invalid: 401,
  supplier_invalid: 401,
  delegation_source_missing: 401,
  delegation_source_not_allowed: 401,
  system_user_not_allowed: 401,
  pid_missing: 401,
  // a valid token that does not cover this request: RFC 6750 insufficient_scope
  scope_missing: 403,
  // the consent, or what the consent and the token say together
  consent_missing: 403,
  consent_invalid: 403,
  consent_issuer_mismatch: 403,
  consent_expired: 403,
  consent_period_exceeded: 403,
  consent_service_missing: 403,
  consent_metadata_missing: 403,
  consent_right_missing: 403,
  consumer_mismatch: 403,
  handled_by_mismatch: 403,
  pid_mismatch: 403,
  person_mismatch: 403,
  rule_denied: 403,
  no_alternative_passed: 403,
  custom_denied: 403,
  // could not decide: the fault is ours, the answer is still no
  keys_unavailable: 503,
  consent_store_unavailable: 503,
  audit_unavailable: 503,
  rule_error: 500,
};

/** Which status wins when a verdict's violations map to several: the first in this list, then the lowest. */
const PRECEDENCE: readonly number[] = [400, 500, 503, 401, 403];

const rank = (status: number): number => {
  const i = PRECEDENCE.indexOf(status);
  return i === -1 ? PRECEDENCE.length + status : i;
};

/** Merges overrides into the default table; throws {@link ConfigError} for an unknown code or a non-error status. */
export function statusTable(overrides: Partial<Record<ReasonCode, number>> = {}): Record<ReasonCode, number> {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new ConfigError('statusCodes', 'must be an object from reason code to status');
  }
  for (const [code, status] of Object.entries(overrides)) {
    if (!(reasonCodes as readonly string[]).includes(code)) {
      throw new ConfigError(`statusCodes.${code}`, 'is not a reason code');
    }
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new ConfigError(`statusCodes.${code}`, 'must be an integer from 400 to 599: a deny is never 2xx');
    }
  }
  return { ...defaultStatusCodes, ...overrides };
}

const statusOf = (v: Violation, table: Readonly<Record<ReasonCode, number>>): number => {
  const status = table[v.code] ?? 500;
  return status === 401 && v.ruleId === 'verify.consent' ? 403 : status;
};

/**
 * The HTTP status for a verdict: 200 on allow; on deny the status of each decisive violation from `table`,
 * and where they differ, the first of 400, 500, 503, 401, 403 (then the lowest other status). A deny with no
 * violation (never made by the engine) is 500.
 *
 * @example
 * ```ts
 * verdictStatus(verdict); // 401 for ['signature_invalid'], 400 for ['person_missing', 'consent_expired']
 * ```
 */
export function verdictStatus(
  verdict: Verdict,
  table: Readonly<Record<ReasonCode, number>> = defaultStatusCodes,
): number {
  if (verdict.decision === 'allow') return 200;
  const statuses = verdict.violations.map((v) => statusOf(v, table));
  if (statuses.length === 0) return 500;
  return statuses.reduce((best, s) => (rank(s) < rank(best) ? s : best));
}
