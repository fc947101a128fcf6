// @ts-nocheck
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DsopDenyError, expressGuard } from '@dsop-guard/adapters/express';
import { type FastifyGuardOptions, fastifyGuard } from '@dsop-guard/adapters/fastify';
import { startMockIssuer } from '@dsop-guard/core/testing';
import express, { type ErrorRequestHandler } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { brokenOptions, recordingLogger, remoteKeysOptions } from './observers.js';
import { guardOptions, mpKeys, now, tokens, transport } from './table.js';

/** A transport that takes Bearer tokens (and raw ones), so that a 401 carries an RFC 6750 challenge. */
const withChallenges = () => guardOptions({ transport: { ...transport, authorization: 'either' } });

const valid = {
  Authorization: tokens.direct(),
  'Consent-ID': tokens.altinn2Consent(),
  'PSU-ID': tokens.person,
  'X-Request-Id': 'r-1',
};
const expired = { ...valid, Authorization: tokens.direct({ now: now - 3600 }) };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(app: express.Express): Promise<string> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((done) => server.close(() => done())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/accounts`;
}

describe("expressGuard onDeny: 'next'", () => {
  async function start(errorHandler?: ErrorRequestHandler) {
    const app = express();
    app.get('/accounts', expressGuard({ ...withChallenges(), onDeny: 'next' }), (req, res) => {
      res.json({ decision: req.dsopVerdict?.decision });
    });
    if (errorHandler) app.use(errorHandler);
    return listen(app);
  }

  it("a deny reaches the app's error middleware as a DsopDenyError, which answers as it likes", async () => {
    const errors: unknown[] = [];
    const url = await start((err, _req, res, _next) => {
      errors.push(err);
      res.status(err.status).set(err.headers).json({ mine: true, reasons: err.body.reasons });
    });
    const response = await fetch(url, { headers: expired });
    expect([response.status, await response.json()]).toEqual([
      401,
      { mine: true, reasons: ['token_expired'] },
    ]);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    const [error] = errors as [DsopDenyError];
    expect(error).toBeInstanceOf(DsopDenyError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'DsopDenyError',
      code: 'DSOP_GUARD_DENIED',
      status: 401,
      statusCode: 401,
      expose: true,
      message: 'dsop-guard denied the request: token_expired',
      body: { type: 'about:blank', status: 401, reasons: ['token_expired'], requestId: 'r-1' },
    });
    expect(error.headers).toEqual({
      'cache-control': 'no-store',
      'www-authenticate': expect.stringMatching(/^Bearer /),
    });
    expect(error.verdict).toMatchObject({ decision: 'deny', reasons: ['token_expired'], requestId: 'r-1' });
  });

  it('the verdict is not enumerable, so a logged error holds no person, even in clear, and no token', async () => {
    const errors: DsopDenyError[] = [];
    const app = express();
    app.get(
      '/accounts',
      expressGuard({ ...withChallenges(), personData: { mode: 'clear' }, onDeny: 'next' }),
    );
    app.use(((err, _req, res, _next) => {
      errors.push(err);
      res.status(err.status).end();
    }) as ErrorRequestHandler);
    const consent = tokens.altinn2Consent({ claims: { ValidToDate: now - 3600 } });
    await fetch(await listen(app), { headers: { ...valid, 'Consent-ID': consent } });
    const [error] = errors as [DsopDenyError];
    expect([error.status, error.verdict.subject.person]).toEqual([403, tokens.person]);
    expect(Object.keys(error)).not.toContain('verdict');
    const logged = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    for (const secret of [tokens.person, ...valid.Authorization.split('.'), ...consent.split('.')]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("without error middleware, Express's own handler answers with the status and the challenge", async () => {
    const response = await fetch(await start(), { headers: expired });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('an allow still goes on to the route', async () => {
    const response = await fetch(await start(), { headers: valid });
    expect([response.status, await response.json()]).toEqual([200, { decision: 'allow' }]);
  });

  it("onDeny must be 'respond' or 'next'", () => {
    expect(configErrorOf(() => expressGuard({ ...withChallenges(), onDeny: 'throw' as never }))).toEqual({
      field: 'onDeny',
      message: "must be 'respond' or 'next'",
    });
  });
});

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly reqId?: string;
  readonly [key: string]: unknown;
}

/** A Fastify app whose pino writes JSON lines into `lines`. */
async function startFastify(options: FastifyGuardOptions, setup?: (app: FastifyInstance) => void) {
  const lines: LogLine[] = [];
  const app = Fastify({
    logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
  });
  setup?.(app);
  await app.register(fastifyGuard, options);
  app.get('/accounts', async (request) => ({ decision: request.dsopVerdict?.decision }));
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/accounts`;
  closers.push(() => app.close());
  return { url, lines, guardLines: () => lines.filter((l) => l.msg.startsWith('dsop-guard')) };
}

describe('fastifyGuard: logs', () => {
  it('each deny is logged through request.log: reasons, policy and request id only, at info', async () => {
    const { url, lines, guardLines } = await startFastify(withChallenges());
    await fetch(url, { headers: valid });
    await fetch(url, { headers: expired });
    const [deny] = guardLines();
    expect(guardLines()).toHaveLength(1);
    expect(deny).toMatchObject({
      level: 30,
      msg: 'dsop-guard deny',
      reqId: expect.any(String),
      deny: {
        reasons: ['token_expired'],
        policy: { id: 'lanekassen-saldo/test', version: expect.any(String) },
        requestId: 'r-1',
      },
    });
    expect(Object.keys(deny?.['deny'] as object)).toEqual(['reasons', 'policy', 'requestId']);
    const text = JSON.stringify(lines);
    for (const secret of [
      tokens.person,
      ...valid.Authorization.split('.'),
      ...valid['Consent-ID'].split('.'),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('a deny we caused is louder: 503 at warn, 500 at error; events go to request.log by default', async () => {
    const issuer = await startMockIssuer({ keys: [mpKeys], issuer: 'https://test.maskinporten.no/' });
    closers.push(() => issuer.close());
    issuer.setMode('down');
    const down = await startFastify(remoteKeysOptions(issuer));
    await fetch(down.url, { headers: valid });
    const broken = await startFastify(brokenOptions());
    await fetch(broken.url, { headers: valid });
    const deny = (l: LogLine) => [l.level, l.msg, (l['deny'] as { reasons: string[] } | undefined)?.reasons];
    expect(down.guardLines().map(deny)).toEqual([
      [40, 'dsop-guard keys.refresh_failed', undefined],
      [50, 'dsop-guard keys.unavailable', undefined],
      [40, 'dsop-guard deny', ['keys_unavailable']],
    ]);
    expect(broken.guardLines().map(deny)).toEqual([
      [50, 'dsop-guard rule.error', undefined],
      [50, 'dsop-guard deny', ['rule_error']],
    ]);
    const [ruleError, ruleDeny] = broken.guardLines();
    expect(ruleError?.reqId).toBe(ruleDeny?.reqId);
    expect(ruleError?.['event']).toMatchObject({ type: 'rule.error', ruleId: 'throws', requestId: 'r-1' });
    // The key set is the guard's, not the request's: its events go to fastify.log, without a reqId.
    const [refreshFailed, unavailable] = down.guardLines();
    expect([refreshFailed?.reqId, typeof unavailable?.reqId]).toEqual([undefined, 'string']);
  });

  it('a logger option takes the events; denies are still logged through request.log', async () => {
    const logger = recordingLogger();
    const { url, guardLines } = await startFastify(brokenOptions({ logger }));
    await fetch(url, { headers: valid });
    expect(logger.lines.map((l) => l.message)).toEqual(['dsop-guard rule.error']);
    expect(guardLines().map((l) => l.msg)).toEqual(['dsop-guard deny']);
  });
});

describe("fastifyGuard onDeny: 'error'", () => {
  it('the hook throws a DsopDenyError that setErrorHandler formats', async () => {
    const errors: unknown[] = [];
    const { url } = await startFastify({ ...withChallenges(), onDeny: 'error' }, (app) =>
      app.setErrorHandler((error, _request, reply) => {
        errors.push(error);
        if (!(error instanceof DsopDenyError)) return reply.send(error);
        return reply
          .code(error.statusCode)
          .headers(error.headers)
          .send({ mine: true, reasons: error.body.reasons });
      }),
    );
    const response = await fetch(url, { headers: expired });
    expect([response.status, await response.json()]).toEqual([
      401,
      { mine: true, reasons: ['token_expired'] },
    ]);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DsopDenyError);
    expect((await fetch(url, { headers: valid })).status).toBe(200);
  });

  it("without an error handler, Fastify's own answers with the error's statusCode, code and headers", async () => {
    const { url } = await startFastify({ ...withChallenges(), onDeny: 'error' });
    const response = await fetch(url, { headers: expired });
    expect([response.status, await response.json()]).toEqual([
      401,
      {
        statusCode: 401,
        code: 'DSOP_GUARD_DENIED',
        error: 'Unauthorized',
        message: 'dsop-guard denied the request: token_expired',
      },
    ]);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it("onDeny must be 'reply' or 'error'", async () => {
    const app = Fastify();
    closers.push(() => app.close());
    const registered = app.register(fastifyGuard, { ...withChallenges(), onDeny: 'next' as never }).ready();
    await expect(registered).rejects.toMatchObject({ name: 'ConfigError', field: 'onDeny' });
  });
});
