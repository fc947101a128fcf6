import type { RefusalReason, Verdict, VerdictCode } from '@dsop-guard/core';
import { checkOptionKeys } from '@dsop-guard/core';
import { createRecordingGuard } from '../guard/createRecordingGuard.js';
import { type CheckContext, GUARD_OPTIONS, type Guard, type GuardOptions } from '../guard/guardTypes.js';
import { type Denial, denial } from './denial.js';
import { extractInput, type HeaderLookup } from './extractInput.js';
import { statusTable, verdictStatus } from './verdictStatus.js';

/** Every option of {@link createHttpGuard}: the guard's, and `statusCodes`. */
export const HTTP_GUARD_OPTIONS: readonly string[] = [...GUARD_OPTIONS, 'statusCodes'];

/**
 * Options of every HTTP adapter: the guard's options, and status overrides.
 *
 * @example
 * ```ts
 * const options: HttpGuardOptions = { preset: preset('lanekassen-saldo', 'test'), statusCodes: { consent_missing: 428 } };
 * ```
 */
export interface HttpGuardOptions extends GuardOptions {
  /**
   * Overrides of {@link defaultStatusCodes} and of the statuses the policy's custom codes declare, each 400–599.
   * A custom code must be one the policy declares. Default none.
   */
  readonly statusCodes?: Partial<Record<VerdictCode, number>>;
}

/**
 * What an HTTP adapter does with one request: the verdict, and on deny the answer to send.
 *
 * @example
 * ```ts
 * const { verdict, denial }: HttpResult = await http.handle((name) => headers.get(name));
 * ```
 */
export interface HttpResult {
  readonly verdict: Verdict;
  /** Present exactly when the verdict is a deny. */
  readonly denial: Denial | undefined;
  /**
   * The `id` of the decision record written for this verdict (in `audit`, or the guard's own trail for
   * `onDecision`); `undefined` when the guard records nothing, or the record could not be written.
   */
  readonly decisionId: string | undefined;
}

/**
 * The transport-neutral core of the HTTP adapters.
 *
 * @example
 * ```ts
 * const http: HttpGuard = createHttpGuard({ preset: preset('lanekassen-saldo', 'test') });
 * http.guard.transport.consentHeader; // 'consent-id'
 * ```
 */
export interface HttpGuard {
  readonly guard: Guard;
  /**
   * Judges the request whose headers `header` reads; `person`, if given, reads the person from elsewhere in
   * the request (its path); `context` names the adapter and route for the audit record, and may give a
   * request-scoped `logger` for the events the check raises; `refusal`, if given, is why the adapter itself
   * refuses the request (its target cannot be read, say): then it is denied with that and nothing else is
   * judged. Never rejects: a `person` that throws refuses the request (`input_malformed`).
   */
  readonly handle: (
    header: HeaderLookup,
    person?: () => unknown,
    context?: CheckContext,
    refusal?: RefusalReason,
  ) => Promise<HttpResult>;
}

/**
 * The HTTP semantics every adapter shares: takes the tokens, person and request id from the headers as the
 * transport says, asks the guard, and turns a deny into a status, an RFC 6750 challenge and an RFC 9457 body.
 * Build your own adapter (Koa, a gateway plugin) on it. Throws `ConfigError` naming the bad field.
 *
 * @example
 * ```ts
 * const http = createHttpGuard({ preset: preset('lanekassen-saldo', 'test') });
 * const { verdict, denial } = await http.handle((name) => request.headers.get(name));
 * if (denial) return new Response(JSON.stringify(denial.body), denial);
 * ```
 */
export function createHttpGuard(options: HttpGuardOptions): HttpGuard {
  if (typeof options === 'object' && options !== null) {
    checkOptionKeys(options, HTTP_GUARD_OPTIONS, 'createHttpGuard');
  }
  const { statusCodes, ...guardOptions } = options ?? ({} as HttpGuardOptions);
  const recording = createRecordingGuard(guardOptions);
  const guard = recording.guard;
  const table = statusTable(statusCodes, guard.policy.codes);
  return {
    guard,
    handle: async (header, person, context, refusal) => {
      let pathPerson: unknown;
      try {
        pathPerson = person?.();
      } catch {
        pathPerson = Symbol('unreadable');
      }
      const extracted = extractInput(header, guard.transport, pathPerson);
      const requestId = extracted.violation === undefined ? extracted.input.requestId : extracted.requestId;
      const { verdict, recordId } =
        extracted.violation === undefined && refusal === undefined
          ? await recording.check(extracted.input, context)
          : await recording.deny(refusal ?? (extracted.violation as RefusalReason), { requestId }, context);
      return {
        verdict,
        denial:
          verdict.decision === 'allow'
            ? undefined
            : denial(
                verdict,
                verdictStatus(verdict, table),
                guard.transport.authorization,
                guard.policy.codes,
              ),
        decisionId: recordId,
      };
    },
  };
}
