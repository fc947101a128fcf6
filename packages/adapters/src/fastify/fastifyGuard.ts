import { ConfigError, type Verdict } from '@dsop-guard/core';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type HttpGuardOptions, createHttpGuard } from '../http/createHttpGuard.js';
import { rawHeaderLookup } from '../http/rawHeaderLookup.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The allow verdict, set by the `fastifyGuard` hook; `null` on routes the guard does not cover. */
    dsopVerdict: Verdict | null;
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
}

const plugin: FastifyPluginAsync<FastifyGuardOptions> = async (fastify, options) => {
  const hook = options.hook ?? 'onRequest';
  if (hook !== 'onRequest' && hook !== 'preHandler') {
    throw new ConfigError('hook', "must be 'onRequest' or 'preHandler'");
  }
  const http = createHttpGuard(options);
  fastify.decorateRequest('dsopVerdict', null);
  fastify.addHook(hook, async (request, reply) => {
    const person = options.person;
    const { verdict, denial } = await http.handle(
      rawHeaderLookup(request.raw.rawHeaders),
      person && (() => person(request)),
      {
        adapter: 'fastify',
        route: request.routeOptions.url ?? request.url.split('?')[0] ?? null,
        method: request.method,
      },
    );
    if (denial === undefined) {
      request.dsopVerdict = verdict;
      return;
    }
    return reply.code(denial.status).headers(denial.headers).send(JSON.stringify(denial.body));
  });
};

/**
 * A Fastify 5 plugin (wrapped with `fastify-plugin`, so it guards every route of the instance it is registered
 * on) that lets a request through only on an allow verdict, put on `request.dsopVerdict`. A deny is answered
 * in the hook with its status, an RFC 6750 challenge where due and an `application/problem+json` body.
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
 * ```
 */
export const fastifyGuard = fp(plugin, { fastify: '5.x', name: '@dsop-guard/adapters/fastify' });
