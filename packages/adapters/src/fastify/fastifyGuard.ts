import { ConfigError, checkOptionKeys, type Verdict } from '@dsop-guard/core';
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { createHttpGuard, HTTP_GUARD_OPTIONS, type HttpGuardOptions } from '../http/createHttpGuard.js';
import type { Denial } from '../http/denial.js';
import { DsopDenyError } from '../http/dsopDenyError.js';
import { rawHeaderLookup } from '../http/rawHeaderLookup.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The allow verdict, set by a `fastifyGuard` hook: a `Verdict` in the handlers of routes a guard covers
     * (a deny never reaches them); `null` in that scope before the guard's hook has run (an earlier hook);
     * `undefined` on routes outside every guard's scope, where the request was never decorated.
     */
    dsopVerdict?: Verdict | null;
  }
}

/**
 * Options of {@link fastifyGuard}: the guard's options, status overrides, and the hook.
 *
 * @example
 * ```ts
 * const options: FastifyGuardOptions = { preset: preset('lanekassen-saldo', 'test'), hook: 'preHandler' };
 * ```
 */
export interface FastifyGuardOptions extends HttpGuardOptions {
  /** The hook the guard runs in. Default `onRequest` (before the body is read). */
  readonly hook?: 'onRequest' | 'preHandler';
  /**
   * Reads the person from the request when the service puts it in the URL (Skatteetaten), e.g.
   * `(request) => (request.params as { pid: string }).pid`. Default: the transport's person headers only.
   */
  readonly person?: (request: FastifyRequest) => unknown;
  /**
   * What a deny does. `reply` (the default): the hook answers with the status, challenge and problem body.
   * `error`: the hook throws a {@link DsopDenyError} (with `statusCode`), for your `setErrorHandler`.
   * Either way the deny is logged through `request.log`.
   */
  readonly onDeny?: 'reply' | 'error';
}

function checkOptions(options: FastifyGuardOptions): void {
  if (options.hook !== undefined && options.hook !== 'onRequest' && options.hook !== 'preHandler') {
    throw new ConfigError('hook', "must be 'onRequest' or 'preHandler'");
  }
  if (options.onDeny !== undefined && options.onDeny !== 'reply' && options.onDeny !== 'error') {
    throw new ConfigError('onDeny', "must be 'reply' or 'error'");
  }
}

/** One line per deny: the reasons, the policy and the request id; info, warn for a 503, error for other 5xx. */
function logDeny(log: FastifyBaseLogger, verdict: Verdict, denial: Denial): void {
  const level = denial.status < 500 ? 'info' : denial.status === 503 ? 'warn' : 'error';
  const { id, version } = verdict.policy;
  try {
    log[level](
      { deny: { reasons: verdict.reasons, policy: { id, version }, requestId: verdict.requestId } },
      'dsop-guard deny',
    );
  } catch {
    // A broken logger never changes the answer.
  }
}

/** What Fastify itself may put in a plugin's options (`register(plugin, { prefix, logLevel, … })`). */
const REGISTER_OPTIONS = ['prefix', 'logLevel', 'logSerializers'];

const plugin: FastifyPluginAsync<FastifyGuardOptions> = async (fastify, options) => {
  checkOptionKeys(
    options,
    [...HTTP_GUARD_OPTIONS, 'hook', 'person', 'onDeny', ...REGISTER_OPTIONS],
    'fastifyGuard',
  );
  checkOptions(options);
  const { hook: _hook, person: _person, onDeny: _onDeny, ...rest } = options;
  const httpOptions = Object.fromEntries(
    Object.entries(rest).filter(([k]) => !REGISTER_OPTIONS.includes(k)),
  ) as HttpGuardOptions;
  // Events go to request.log during a request, to fastify.log outside one (a background key refresh).
  const http = createHttpGuard({ ...httpOptions, logger: httpOptions.logger ?? fastify.log });
  // Several guards may share a scope (or one sits in a child of another's): decorate once.
  if (!fastify.hasRequestDecorator('dsopVerdict')) fastify.decorateRequest('dsopVerdict', null);
  fastify.addHook(options.hook ?? 'onRequest', async (request, reply) => {
    const person = options.person;
    const { verdict, denial } = await http.handle(
      rawHeaderLookup(request.raw.rawHeaders),
      person && (() => person(request)),
      {
        adapter: 'fastify',
        route: request.routeOptions.url ?? request.url.split('?')[0] ?? null,
        method: request.method,
        ...(options.logger === undefined ? { logger: request.log } : {}),
      },
    );
    if (denial === undefined) {
      request.dsopVerdict = verdict;
      return;
    }
    logDeny(request.log, verdict, denial);
    if (options.onDeny === 'error') throw new DsopDenyError(verdict, denial);
    return reply.code(denial.status).headers(denial.headers).send(JSON.stringify(denial.body));
  });
};

/**
 * A Fastify 5 plugin (wrapped with `fastify-plugin`, so it guards every route of the instance it is registered
 * on; register it in an encapsulated plugin per route prefix to give each prefix its own guard) that lets a request through only on an allow verdict, put on `request.dsopVerdict`. A deny is answered
 * in the hook with its status, an RFC 6750 challenge where due and an `application/problem+json` body (with
 * `onDeny: 'error'`, thrown as a {@link DsopDenyError} for `setErrorHandler`), and logged through
 * `request.log`. Operator events go to the `logger` option, by default `request.log` (or `fastify.log` for
 * events outside a request).
 * Options are checked at registration: `register` rejects with a `ConfigError` naming the bad field.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { fastifyGuard } from '@dsop-guard/adapters/fastify';
 * import { preset } from '@dsop-guard/rules';
 *
 * const app = Fastify();
 * await app.register(fastifyGuard, { preset: preset('lanekassen-saldo', 'test') });
 * app.get('/saldo/v1/Accounts', async (request) => ({ consumer: request.dsopVerdict?.subject.consumer }));
 *
 * // One guard per prefix, each with its own preset:
 * await app.register(async (scope) => {
 *   await scope.register(fastifyGuard, { preset: preset('skatteetaten-inntekt', 'test') });
 *   scope.get('/v1/:pid', async (request) => request.dsopVerdict?.subject);
 * }, { prefix: '/inntekt' });
 *
 * // Or format denies in your error handler:
 * app.setErrorHandler((error, request, reply) => {
 *   if (!(error instanceof DsopDenyError)) return reply.send(error);
 *   return reply.code(error.statusCode).headers(error.headers).type('application/problem+json').send(error.body);
 * });
 * await app.register(fastifyGuard, { preset: preset('lanekassen-saldo', 'test'), onDeny: 'error' });
 * ```
 */
export const fastifyGuard = fp(plugin, { fastify: '5.x', name: '@dsop-guard/adapters/fastify' });
