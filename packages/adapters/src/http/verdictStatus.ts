import {
  type CodeDeclarations,
  ConfigError,
  type CustomReasonCode,
  type ReasonCode,
  reasonCodes,
  type Verdict,
  type VerdictCode,
  type Violation,
} from '@dsop-guard/core';

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
  consent_store_tampered: 403,
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

/**
 * A status table: total over the built-in codes, and the statuses of custom codes where known. A custom code
 * the table does not name answers 403, the status of a deny by a custom rule.
 *
 * @example
 * ```ts
 * const table: StatusTable = { ...defaultStatusCodes, 'acme.consumer_blocked': 451 };
 * ```
 */
export type StatusTable = Readonly<Record<ReasonCode, number>> &
  Readonly<Partial<Record<CustomReasonCode, number>>>;

/** The status of a custom code no table names. */
const CUSTOM_STATUS = 403;

function checkStatus(code: string, status: unknown): void {
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new ConfigError(`statusCodes.${code}`, 'must be an integer from 400 to 599: a deny is never 2xx');
  }
}

function declaredStatuses(codes: CodeDeclarations): Partial<Record<CustomReasonCode, number>> {
  const entries = Object.entries(codes).map(([code, d]) => [code, d.status ?? CUSTOM_STATUS] as const);
  return Object.fromEntries(entries);
}

/**
 * The default table, then the statuses the policy's custom codes declare (403 unless given), then the
 * overrides; throws {@link ConfigError} for a code that is neither built in nor declared, or a non-error status.
 */
export function statusTable(
  overrides: Partial<Record<VerdictCode, number>> = {},
  codes: CodeDeclarations = {},
): StatusTable {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new ConfigError('statusCodes', 'must be an object from reason code to status');
  }
  for (const [code, status] of Object.entries(overrides)) {
    if (!(reasonCodes as readonly string[]).includes(code) && !Object.hasOwn(codes, code)) {
      throw new ConfigError(
        `statusCodes.${code}`,
        'is not a reason code, nor a custom code the policy declares',
      );
    }
    checkStatus(code, status);
  }
  return { ...defaultStatusCodes, ...declaredStatuses(codes), ...overrides };
}

const statusOf = (v: Violation, table: StatusTable): number => {
  const status = table[v.code] ?? (v.code.includes('.') ? CUSTOM_STATUS : 500);
  return status === 401 && v.ruleId === 'verify.consent' ? 403 : status;
};

/**
 * The HTTP status for a verdict: 200 on allow; on deny the status of each decisive violation from `table`,
 * and where they differ, the first of 400, 500, 503, 401, 403 (then the lowest other status). A deny with no
 * violation (never made by the engine) is 500. A custom code answers its status in `table`, else 403.
 *
 * @example
 * ```ts
 * verdictStatus(verdict); // 401 for ['signature_invalid'], 400 for ['person_missing', 'consent_expired']
 * ```
 */
export function verdictStatus(verdict: Verdict, table: StatusTable = defaultStatusCodes): number {
  if (verdict.decision === 'allow') return 200;
  const statuses = verdict.violations.map((v) => statusOf(v, table));
  if (statuses.length === 0) return 500;
  return statuses.reduce((best, s) => (rank(s) < rank(best) ? s : best));
}
