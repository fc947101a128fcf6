import type { ReasonCode, Verdict } from '@dsop-guard/core';

/**
 * An RFC 9457 problem document: reason codes and rule ids only, never a claim value, token or person.
 *
 * @example
 * ```ts
 * const body: ProblemDetails = {
 *   type: 'about:blank', title: 'Forbidden', status: 403, detail: 'The consent or the access token does not cover this request.',
 *   reasons: ['consent_expired'], violations: [{ code: 'consent_expired', ruleId: 'consent-validity' }], requestId: 'r-1',
 * };
 * ```
 */
export interface ProblemDetails {
  readonly type: 'about:blank';
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly reasons: readonly ReasonCode[];
  readonly violations: readonly { readonly code: ReasonCode; readonly ruleId: string }[];
  readonly requestId: string | null;
}

/**
 * The HTTP answer to a denied request.
 *
 * @example
 * ```ts
 * if (denial) return new Response(JSON.stringify(denial.body), { status: denial.status, headers: denial.headers });
 * ```
 */
export interface Denial {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ProblemDetails;
}

const TEXT: Readonly<Record<number, readonly [title: string, detail: string]>> = {
  400: ['Bad Request', 'A required header is missing, repeated or malformed.'],
  401: ['Unauthorized', 'The Maskinporten access token is not valid.'],
  403: ['Forbidden', 'The consent or the access token does not cover this request.'],
  500: ['Internal Server Error', 'The request could not be judged, so it was denied.'],
  503: [
    'Service Unavailable',
    'Keys, stored consents or the audit trail could not be reached; try again later.',
  ],
};

/** RFC 6750 scope-token characters: nothing that needs quoting. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

function requiredScopes(verdict: Verdict): string {
  const expected = verdict.violations
    .filter((v) => v.code === 'scope_missing')
    .flatMap((v) => v.expected ?? []);
  return [...new Set(expected.filter((s): s is string => typeof s === 'string' && SCOPE_TOKEN.test(s)))].join(
    ' ',
  );
}

/** An RFC 9110 quoted-string. */
const quoted = (text: string): string => `"${text.replace(/[\\"]/g, '\\$&')}"`;

function challenge(status: number, verdict: Verdict): string | undefined {
  if (status === 401) {
    return `Bearer error="invalid_token", error_description=${quoted('The access token is not valid')}`;
  }
  if (status !== 403 || !verdict.reasons.includes('scope_missing')) return undefined;
  const scope = requiredScopes(verdict);
  return `Bearer error="insufficient_scope", error_description=${quoted('The access token lacks a required scope')}${
    scope === '' ? '' : `, scope=${quoted(scope)}`
  }`;
}

/**
 * Builds the answer to a denied request: the status, an RFC 6750 `WWW-Authenticate` challenge on 401
 * (`invalid_token`) and on a 403 for a missing scope (`insufficient_scope`, with the scopes required), and an
 * RFC 9457 `application/problem+json` body with the reason codes, rule ids and request id.
 */
export function denial(verdict: Verdict, status: number): Denial {
  const [title, detail] = TEXT[status] ?? ['Request denied', 'The request was denied.'];
  const www = challenge(status, verdict);
  const violations = [
    ...new Map(
      verdict.violations.map((v) => [`${v.code} ${v.ruleId}`, { code: v.code, ruleId: v.ruleId }]),
    ).values(),
  ];
  return {
    status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(www === undefined ? {} : { 'www-authenticate': www }),
    },
    body: {
      type: 'about:blank',
      title,
      status,
      detail,
      reasons: verdict.reasons,
      violations,
      requestId: verdict.requestId,
    },
  };
}
