import { ConfigError, checkOptionKeys, type Verdict } from '@dsop-guard/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHttpGuard, HTTP_GUARD_OPTIONS, type HttpGuardOptions } from '../http/createHttpGuard.js';
import { DsopDenyError } from '../http/dsopDenyError.js';
import { rawHeaderLookup } from '../http/rawHeaderLookup.js';

declare global {
  namespace Express {
    interface Request {
      /** The allow verdict, set by `expressGuard` before your route handler runs. */
      dsopVerdict?: Verdict;
    }
  }
}

/**
 * Options of {@link expressGuard}: the guard's options and status overrides.
 *
 * @example
 * ```ts
 * const options: ExpressGuardOptions = { preset: preset('lanekassen-saldo', 'prod') };
 * ```
 */
export interface ExpressGuardOptions extends HttpGuardOptions {
  /**
   * Reads the person from the request when the service puts it in the URL (Skatteetaten), e.g.
   * `(req) => req.params.personidentifikator`. Default: the transport's person headers only.
   */
  readonly person?: (req: Request) => unknown;
  /**
   * What a deny does. `respond` (the default): the middleware answers at once with the status, challenge and
   * problem body. `next`: it calls `next(err)` with a {@link DsopDenyError}, for your error middleware to
   * format and log.
   */
  readonly onDeny?: 'respond' | 'next';
}

/**
 * Express 4 and 5 middleware that lets a request through only on an allow verdict, which it puts on
 * `req.dsopVerdict`. A deny is answered at once with its status, an RFC 6750 `WWW-Authenticate` where due,
 * and an `application/problem+json` body; with `onDeny: 'next'` it goes to your error middleware as a
 * {@link DsopDenyError} instead. Options are checked when the middleware is built (`ConfigError`).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { expressGuard } from '@dsop-guard/adapters/express';
 * import { preset } from '@dsop-guard/rules';
 *
 * const app = express();
 * app.get('/saldo/v1/Accounts', expressGuard({ preset: preset('lanekassen-saldo', 'test') }), (req, res) => {
 *   res.json({ consumer: req.dsopVerdict?.subject.consumer });
 * });
 *
 * // Or let your error middleware answer denies:
 * app.use('/saldo', expressGuard({ preset: preset('lanekassen-saldo', 'test'), onDeny: 'next' }));
 * app.use((err, req, res, next) => {
 *   if (!(err instanceof DsopDenyError)) return next(err);
 *   res.status(err.status).set(err.headers).type('application/problem+json').send(JSON.stringify(err.body));
 * });
 * ```
 */
export function expressGuard(options: ExpressGuardOptions): RequestHandler {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, [...HTTP_GUARD_OPTIONS, 'person', 'onDeny'], 'expressGuard');
  const { person, onDeny = 'respond', ...httpOptions } = options;
  if (onDeny !== 'respond' && onDeny !== 'next')
    throw new ConfigError('onDeny', "must be 'respond' or 'next'");
  const http = createHttpGuard(httpOptions);
  const judge = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const route = (req.route as { path?: unknown } | undefined)?.path;
    const { verdict, denial } = await http.handle(
      rawHeaderLookup(req.rawHeaders),
      person && (() => person(req)),
      {
        adapter: 'express',
        route: req.baseUrl + (typeof route === 'string' ? route : req.path),
        method: req.method,
      },
    );
    if (denial === undefined) {
      req.dsopVerdict = verdict;
      next();
      return;
    }
    if (onDeny === 'next') {
      next(new DsopDenyError(verdict, denial));
      return;
    }
    res.status(denial.status).set(denial.headers).send(JSON.stringify(denial.body));
  };
  // Express 4 ignores a returned promise: anything that throws (a response already sent) goes to next(err)
  // instead of becoming an unhandled rejection. Express 5 would do the same with the rejection.
  return (req, res, next) => {
    judge(req, res, next).catch(next);
  };
}
