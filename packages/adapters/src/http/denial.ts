import type { CodeDeclarations, Verdict, VerdictCode } from '@dsop-guard/core';
import type { Transport } from '@dsop-guard/rules';

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
  readonly reasons: readonly VerdictCode[];
  readonly violations: readonly { readonly code: VerdictCode; readonly ruleId: string }[];
  readonly requestId: string | null;
  /**
   * The messages of the custom reason codes among `reasons` (`acme.consumer_blocked`), in English and Norwegian,
   * as the policy declares them: static text, never a claim value. Present only when a custom code denied.
   */
  readonly messages?: readonly { readonly code: VerdictCode; readonly en: string; readonly nb: string }[];
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

/** Seconds a client should wait after a 503 before it tries again (`Retry-After`). */
const RETRY_AFTER_SECONDS = 30;

/** No credentials at all (RFC 6750 §3.1): the challenge then carries no error code. */
const lacksCredentials = (verdict: Verdict): boolean =>
  verdict.violations.length > 0 && verdict.violations.every((v) => v.code === 'token_missing');

/**
 * The RFC 6750 challenge, only where the transport takes `Bearer` tokens: a `raw` transport (Lånekassen's bare
 * token) is no HTTP authentication scheme, and a Bearer challenge would tell the client to send what it refuses.
 */
function challenge(
  status: number,
  verdict: Verdict,
  authorization: Transport['authorization'],
): string | undefined {
  if (authorization === 'raw') return undefined;
  if (status === 401) {
    if (lacksCredentials(verdict)) return 'Bearer';
    return `Bearer error="invalid_token", error_description=${quoted('The access token is not valid')}`;
  }
  if (status !== 403 || !verdict.reasons.includes('scope_missing')) return undefined;
  const scope = requiredScopes(verdict);
  return `Bearer error="insufficient_scope", error_description=${quoted('The access token lacks a required scope')}${
    scope === '' ? '' : `, scope=${quoted(scope)}`
  }`;
}

/**
 * Builds the answer to a denied request: the status; on a transport that takes Bearer tokens an RFC 6750
 * `WWW-Authenticate` challenge on 401 (`invalid_token`, or a bare `Bearer` when no token came at all) and on a
 * 403 for a missing scope (`insufficient_scope`, with the scopes required); `Retry-After` on a 503; and an
 * RFC 9457 `application/problem+json` body with the reason codes, rule ids and request id, and (given the
 * policy's `codes`) the messages of the custom codes that denied.
 *
 * @example
 * ```ts
 * const { status, headers, body } = denial(verdict, verdictStatus(verdict), 'bearer', guard.policy.codes);
 * ```
 */
export function denial(
  verdict: Verdict,
  status: number,
  authorization: Transport['authorization'],
  codes: CodeDeclarations = {},
): Denial {
  const [title, detail] = TEXT[status] ?? ['Request denied', 'The request was denied.'];
  const www = challenge(status, verdict, authorization);
  const violations = [
    ...new Map(
      verdict.violations.map((v) => [`${v.code} ${v.ruleId}`, { code: v.code, ruleId: v.ruleId }]),
    ).values(),
  ];
  const messages = verdict.reasons.flatMap((code) => {
    const declared = Object.hasOwn(codes, code) ? codes[code as keyof CodeDeclarations] : undefined;
    return declared === undefined ? [] : [{ code, en: declared.en, nb: declared.nb }];
  });
  return {
    status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      ...(www === undefined ? {} : { 'www-authenticate': www }),
      ...(status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
    },
    body: {
      type: 'about:blank',
      title,
      status,
      detail,
      reasons: verdict.reasons,
      violations,
      requestId: verdict.requestId,
      ...(messages.length === 0 ? {} : { messages }),
    },
  };
}
