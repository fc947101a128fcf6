// @ts-nocheck
import type { Verdict } from '@dsop-guard/core';
import type { Denial, ProblemDetails } from './denial.js';

/**
 * A denied request as an error, for apps that answer errors in one place: `expressGuard({ onDeny: 'next' })`
 * passes it to `next(err)`, `fastifyGuard` with `onDeny: 'error'` throws it from its hook, so that Express's
 * error middleware or Fastify's `setErrorHandler` formats and logs it. `status` and `statusCode` are the
 * DSOP status (both frameworks read them), `headers` the RFC 6750 challenge and `cache-control: no-store`
 * (not the content type: that goes with the body you send), `body` the RFC 9457 problem, `expose` is `true`
 * (the message names reason codes only). `verdict` is there but not enumerable, so an error serialiser
 * (pino's, Fastify's) does not log it: it may hold the person in clear when `personData` says so.
 *
 * @example
 * ```ts
 * app.use((err, req, res, next) => {
 *   if (!(err instanceof DsopDenyError)) return next(err);
 *   req.log?.info({ reasons: err.verdict.reasons }, 'denied');
 *   res.status(err.status).set(err.headers).type('application/problem+json').send(JSON.stringify(err.body));
 * });
 * ```
 */
export class DsopDenyError extends Error {
  /** A stable code for the error, as Fastify and Node errors carry. */
  readonly code = 'DSOP_GUARD_DENIED';
  readonly status: number;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ProblemDetails;
  /** The message is safe to show the caller: reason codes only. */
  readonly expose = true;
  /** The deny verdict (not enumerable). */
  declare readonly verdict: Verdict;

  constructor(verdict: Verdict, denial: Denial) {
    super(`dsop-guard denied the request: ${verdict.reasons.join(', ')}`);
    this.name = 'DsopDenyError';
    this.status = denial.status;
    this.statusCode = denial.status;
    const { 'content-type': _, ...headers } = denial.headers;
    this.headers = headers;
    this.body = denial.body;
    Object.defineProperty(this, 'verdict', { value: verdict, enumerable: false });
  }
}
