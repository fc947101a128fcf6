import { request as httpRequest } from 'node:http';
import { defaultStatusCodes, type HttpGuardOptions } from '@dsop-guard/adapters';
import { ConfigError, remoteKeySet, type Verdict } from '@dsop-guard/core';
import { startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenOptions } from './observers.js';
import { httpAdapters, type Running, startFastify } from './servers.js';
import {
  guardOptions,
  lanekassen,
  mpKeys,
  now,
  type Observed,
  requestIdOf,
  type TableInput,
  table,
  tokens,
  transport,
} from './table.js';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function send(url: string, headers: Record<string, string> | Headers): Promise<Answer> {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The headers a client following the transport sends. */
function headersOf(input: TableInput, form: 'raw' | 'bearer' = 'raw'): Record<string, string> {
  const h: Record<string, string> = {};
  if (input.maskinportenToken !== undefined)
    h['Authorization'] = form === 'bearer' ? `Bearer ${input.maskinportenToken}` : input.maskinportenToken;
  if (input.consentToken !== undefined) h['Consent-ID'] = input.consentToken;
  if (input.person !== undefined) h['PSU-ID'] = input.person;
  if (input.requestId !== undefined) h['X-Request-Id'] = input.requestId;
  return h;
}

function observe(answer: Answer): Observed {
  if (answer.status === 200) {
    const verdict = answer.body as unknown as Verdict;
    return {
      decision: verdict.decision,
      reasons: verdict.reasons,
      status: 200,
      consentSource: verdict.consentSource,
    };
  }
  return { decision: 'deny', reasons: answer.body['reasons'] as string[], status: answer.status };
}

/** Two field lines of one header, which fetch would fold into one. */
function sendRepeated(
  url: string,
  name: string,
  values: string[],
  extra: Record<string, string>,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { ...extra, [name]: values } }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: new Headers(res.headers as Record<string, string>),
          body: JSON.parse(text),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const valid: TableInput = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};

describe.each(httpAdapters)('%s adapter', (_, start) => {
  describe.each(['raw', 'bearer'] as const)('the shared table, over real HTTP, %s Authorization', (form) => {
    it.each(table.map((row) => [row.name, row] as const))('%s', async (_, row) => {
      const server = await start(guardOptions({ transport: { ...transport, authorization: form } }));
      try {
        for (const step of row.before ?? [])
          expect((await send(server.url, headersOf(step, form))).status).toBe(200);
        const answer = await send(server.url, headersOf({ ...row.input, requestId: requestIdOf(row) }, form));
        expect(observe(answer)).toEqual(row.expected);
        const carried =
          answer.status === 200 ? (answer.body as unknown as Verdict).requestId : answer.body['requestId'];
        expect(carried).toBe(requestIdOf(row));
        const challenge = answer.headers.get('www-authenticate');
        if (form === 'raw' || row.challenge === undefined) expect(challenge).toBeNull();
        else expect(challenge).toMatch(new RegExp(`^Bearer error="${row.challenge}", error_description="`));
      } finally {
        await server.close();
      }
    });
  });

  describe('HTTP semantics', () => {
    let raw: Running;
    let bearer: Running;
    let either: Running;
    beforeAll(async () => {
      raw = await start(guardOptions());
      bearer = await start(guardOptions({ transport: { ...transport, authorization: 'bearer' } }));
      either = await start(
        guardOptions({
          transport: { ...transport, authorization: 'either', consentHeader: 'altinnsamtykke' },
        }),
      );
    });
    afterAll(async () => {
      await Promise.all([raw.close(), bearer.close(), either.close()]);
    });

    it('Authorization in the form the transport says: raw, Bearer, or either', async () => {
      expect((await send(raw.url, headersOf(valid))).status).toBe(200);
      expect((await send(bearer.url, headersOf(valid, 'bearer'))).status).toBe(200);
      const samtykke = {
        ...headersOf(valid),
        'Consent-ID': '',
        AltinnSamtykke: valid.consentToken as string,
      };
      expect((await send(either.url, samtykke)).status).toBe(200);
      expect(
        (await send(either.url, { ...samtykke, Authorization: `bearer  ${valid.maskinportenToken}` })).status,
      ).toBe(200);
    });

    it('the wrong Authorization form is 400 input_malformed from http.authorization, not a 401', async () => {
      for (const [server, authorization] of [
        [raw, `Bearer ${valid.maskinportenToken}`],
        [bearer, valid.maskinportenToken as string],
        [either, `Basic ${valid.maskinportenToken}`],
        [raw, `${valid.maskinportenToken} trailing`],
      ] as const) {
        const answer = await send(server.url, { ...headersOf(valid), Authorization: authorization });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          reasons: ['input_malformed'],
          violations: [{ code: 'input_malformed', ruleId: 'http.authorization' }],
        });
        expect(answer.headers.get('www-authenticate')).toBeNull();
      }
    });

    it('a bare "Bearer" is a missing token', async () => {
      const answer = await send(bearer.url, { ...headersOf(valid), Authorization: 'Bearer' });
      expect([answer.status, answer.body['reasons']]).toEqual([400, ['token_missing']]);
    });

    it('the person from PSU-ID or PSU_ID; both at once is 400', async () => {
      const { 'PSU-ID': person, ...rest } = headersOf(valid);
      expect((await send(raw.url, { ...rest, PSU_ID: person as string })).status).toBe(200);
      const both = await send(raw.url, { ...rest, 'PSU-ID': person as string, PSU_ID: person as string });
      expect(both.status).toBe(400);
      expect(both.body['violations']).toEqual([{ code: 'input_malformed', ruleId: 'http.person' }]);
    });

    it('a repeated header is 400 (as two field lines, and folded with a comma)', async () => {
      const h = headersOf({ ...valid, requestId: 'r-1' });
      for (const [name, ruleId] of [
        ['authorization', 'http.authorization'],
        ['consent-id', 'http.consent'],
        ['psu-id', 'http.person'],
      ] as const) {
        const { [Object.keys(h).find((k) => k.toLowerCase() === name) as string]: value, ...rest } = h;
        const lines = await sendRepeated(raw.url, name, [value as string, value as string], rest);
        const folded = await send(raw.url, { ...rest, [name]: `${value}, ${value}` });
        for (const answer of [lines, folded]) {
          expect(answer.status).toBe(400);
          expect(answer.body).toMatchObject({
            violations: [{ code: 'input_malformed', ruleId }],
            requestId: 'r-1',
          });
        }
      }
      const ids = await sendRepeated(raw.url, 'x-request-id', ['a', 'b'], headersOf(valid));
      expect([ids.status, ids.body['requestId']]).toEqual([400, null]);
    });

    it('401: RFC 6750 invalid_token challenge on a Bearer transport, problem+json body, no-store', async () => {
      const expiredToken = tokens.direct({ now: now - 3600 });
      const answer = await send(bearer.url, { ...headersOf(valid), Authorization: `Bearer ${expiredToken}` });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe(
        'Bearer error="invalid_token", error_description="The access token is not valid"',
      );
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toEqual({
        type: 'about:blank',
        title: 'Unauthorized',
        status: 401,
        detail: 'The Maskinporten access token is not valid.',
        reasons: ['token_expired'],
        violations: [{ code: 'token_expired', ruleId: 'verify.maskinporten' }],
        requestId: null,
      });
      const viaEither = await send(either.url, { ...headersOf(valid), Authorization: expiredToken });
      expect([viaEither.status, viaEither.headers.get('www-authenticate')]).toEqual([
        401,
        'Bearer error="invalid_token", error_description="The access token is not valid"',
      ]);
    });

    it('a raw transport (no Bearer) sends no Bearer challenge: not on a 401, not on a missing scope', async () => {
      for (const maskinportenToken of [
        tokens.direct({ now: now - 3600 }),
        tokens.direct({ claims: { scope: 'other:scope' } }),
      ]) {
        const answer = await send(raw.url, headersOf({ ...valid, maskinportenToken }));
        expect([answer.status >= 401, answer.headers.get('www-authenticate')]).toEqual([true, null]);
      }
    });

    it('no credentials at all: a bare Bearer challenge with no error code (RFC 6750 §3.1)', async () => {
      const strict = await start({
        ...guardOptions({ transport: { ...transport, authorization: 'bearer' } }),
        statusCodes: { token_missing: 401 },
      });
      try {
        const { Authorization: _, ...rest } = headersOf(valid);
        for (const headers of [rest, { ...rest, Authorization: 'Bearer' }]) {
          const answer = await send(strict.url, headers);
          expect([answer.status, answer.body['reasons'], answer.headers.get('www-authenticate')]).toEqual([
            401,
            ['token_missing'],
            'Bearer',
          ]);
        }
      } finally {
        await strict.close();
      }
    });

    it('403 for a missing scope: insufficient_scope naming the scope, on a Bearer transport', async () => {
      const answer = await send(bearer.url, {
        ...headersOf(valid),
        Authorization: `Bearer ${tokens.direct({ claims: { scope: 'other:scope' } })}`,
      });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('www-authenticate')).toBe(
        'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="lanekassen:lan/v1/saldoopplysninger"',
      );
    });

    it('403 for a consent problem carries no challenge (the access token is fine)', async () => {
      const answer = await send(raw.url, headersOf({ ...valid, person: '02095302184' }));
      expect(answer.status).toBe(403);
      expect(answer.headers.get('www-authenticate')).toBeNull();
    });

    it('a problem body shows codes, rule ids and the request id only: no person, no token, no claim value', async () => {
      const answers = await Promise.all([
        send(raw.url, headersOf({ ...valid, person: '02095302184', requestId: `trace ${tokens.person}` })),
        send(
          raw.url,
          headersOf({
            ...valid,
            consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
          }),
        ),
        send(
          raw.url,
          headersOf({ ...valid, maskinportenToken: tokens.direct({ claims: { scope: 'other:scope' } }) }),
        ),
      ]);
      for (const answer of answers) {
        const text = JSON.stringify(answer.body);
        for (const secret of [tokens.person, '02095302184', '974760673', '910753614', 'other:scope', 'eyJ']) {
          expect(text).not.toContain(secret);
        }
        expect(Object.keys(answer.body).sort()).toEqual(
          ['detail', 'reasons', 'requestId', 'status', 'title', 'type', 'violations'].sort(),
        );
      }
      expect(answers[0]?.body['requestId']).toBe('trace *********57');
    });

    it('the verdict handed to the route carries the request id and the masked person', async () => {
      const answer = await send(raw.url, headersOf({ ...valid, requestId: 'abc-123' }));
      const verdict = answer.body as unknown as Verdict;
      expect(verdict).toMatchObject({
        decision: 'allow',
        requestId: 'abc-123',
        subject: { person: '*********57' },
      });
    });
  });

  it('503 when the keys cannot be fetched; 500 when a rule breaks; never 2xx on deny', async () => {
    const issuer = await startMockIssuer({ keys: [mpKeys] });
    issuer.setMode('down');
    const down = await start(
      guardOptions({
        keys: { maskinporten: remoteKeySet({ issuer: issuer.issuer, jwksUri: issuer.jwksUri }) },
      }),
    );
    const erring = await start(brokenOptions());
    try {
      const a = await send(down.url, headersOf(valid));
      expect([
        a.status,
        a.body['reasons'],
        a.headers.get('www-authenticate'),
        a.headers.get('retry-after'),
      ]).toEqual([503, ['keys_unavailable'], null, '30']);
      const b = await send(erring.url, headersOf(valid));
      expect([b.status, b.body['reasons'], b.body['violations']]).toEqual([
        500,
        ['rule_error'],
        [{ code: 'rule_error', ruleId: 'throws' }],
      ]);
    } finally {
      await Promise.all([down.close(), erring.close(), issuer.close()]);
    }
  });

  it('status codes can be overridden, but never to a non-error status', async () => {
    const server = await start({ ...guardOptions(), statusCodes: { consent_missing: 428 } });
    try {
      const { 'Consent-ID': _, ...rest } = headersOf(valid);
      expect((await send(server.url, rest)).status).toBe(428);
    } finally {
      await server.close();
    }
    const bad: HttpGuardOptions = { ...guardOptions(), statusCodes: { consent_missing: 200 } };
    await expect(start(bad)).rejects.toThrow(ConfigError);
    await expect(start({ ...guardOptions(), statusCodes: { no_such_code: 400 } as never })).rejects.toThrow(
      /statusCodes\.no_such_code/,
    );
    expect(defaultStatusCodes.consent_missing).toBe(403);
  });

  it('bad options fail when the adapter is built or registered, naming the field', async () => {
    await expect(start({ ...guardOptions(), clock: 5 as never })).rejects.toThrow(/clock/);
    await expect(start({ ...guardOptions(), policy: lanekassen.policy })).rejects.toThrow(
      /policy: give a preset or a policy/,
    );
  });
});

describe('fastify specifics', () => {
  it('the guard can run in preHandler; an unknown hook is refused at registration', async () => {
    const server = await startFastify({ ...guardOptions(), hook: 'preHandler' });
    try {
      expect((await send(server.url, headersOf(valid))).status).toBe(200);
      expect((await send(server.url, {})).status).toBe(400);
    } finally {
      await server.close();
    }
    await expect(startFastify({ ...guardOptions(), hook: 'onSend' as never })).rejects.toThrow(/hook/);
  });
});
