// @ts-nocheck
// Several fastifyGuard instances in one Fastify app: one per route prefix with different presets, two in one
// scope, and the honest type of request.dsopVerdict on routes no guard covers.
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import type { Verdict } from '@dsop-guard/core';
import { preset } from '@dsop-guard/rules';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { guardOptions, tokens } from './table.js';

const valid = {
  authorization: tokens.direct(),
  'consent-id': tokens.altinn2Consent(),
  'psu-id': tokens.person,
};
/** What a route saw: whether the request carries the decorator, and the verdict's decision. */
const seen = async (request: FastifyRequest) => ({
  decorated: 'dsopVerdict' in request,
  decision: request.dsopVerdict?.decision ?? String(request.dsopVerdict),
});
const nav = () => guardOptions({ preset: preset('nav-sykeuforeopplysninger', 'test') });

let app: FastifyInstance;
afterEach(async () => {
  await app.close();
});

async function get(url: string, headers: Record<string, string> = valid) {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

describe('fastifyGuard, several in one app', () => {
  it('one guard per prefix, each with its own preset; a route outside both is not guarded and not decorated', async () => {
    app = Fastify();
    await app.register(
      async (scope) => {
        await scope.register(fastifyGuard, guardOptions());
        scope.get('/accounts', seen);
      },
      { prefix: '/lanekassen' },
    );
    await app.register(
      async (scope) => {
        await scope.register(fastifyGuard, nav());
        scope.get('/accounts', seen);
      },
      { prefix: '/nav' },
    );
    app.get('/health', seen);

    expect(await get('/lanekassen/accounts')).toEqual({
      status: 200,
      body: { decorated: true, decision: 'allow' },
    });
    const nav403 = await get('/nav/accounts');
    expect([nav403.status, nav403.body['reasons']]).toEqual([
      403,
      ['scope_missing', 'consent_service_missing'],
    ]);
    expect(await get('/health', {})).toEqual({
      status: 200,
      body: { decorated: false, decision: 'undefined' },
    });
  });

  it('two guards in one scope register (the request is decorated once) and a request must pass both', async () => {
    app = Fastify();
    await app.register(fastifyGuard, guardOptions());
    await app.register(fastifyGuard, guardOptions({ preset: preset('lanekassen-saldo', 'test') }));
    app.get('/accounts', seen);
    expect(await get('/accounts')).toEqual({ status: 200, body: { decorated: true, decision: 'allow' } });

    await app.close();
    app = Fastify();
    await app.register(fastifyGuard, guardOptions());
    await app.register(fastifyGuard, nav());
    app.get('/accounts', seen);
    const denied = await get('/accounts');
    expect([denied.status, denied.body['reasons']]).toEqual([
      403,
      ['scope_missing', 'consent_service_missing'],
    ]);
  });

  it('a guard in a child scope of another guard: both judge the child routes, only the outer one the others', async () => {
    app = Fastify();
    await app.register(fastifyGuard, guardOptions());
    app.get('/accounts', seen);
    await app.register(async (scope) => {
      await scope.register(fastifyGuard, nav());
      scope.get('/nav/accounts', seen);
    });
    expect((await get('/accounts')).status).toBe(200);
    expect((await get('/nav/accounts')).status).toBe(403);
  });

  it('the type says what a handler can see: a Verdict, null before the hook, undefined outside every guard', () => {
    expectTypeOf<FastifyRequest['dsopVerdict']>().toEqualTypeOf<Verdict | null | undefined>();
  });
});
