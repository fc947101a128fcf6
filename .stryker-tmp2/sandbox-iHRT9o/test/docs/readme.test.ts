// @ts-nocheck
// The README's examples, run as written except that keys come from issuers on loopback instead of
// Maskinporten and Altinn, and the time is fixed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGuard } from '@dsop-guard/adapters';
import { expressGuard } from '@dsop-guard/adapters/express';
import { defineRule, fail, pass, remoteKeySet } from '@dsop-guard/core';
import { createTestKeys, createTokenFactory, startMockIssuer } from '@dsop-guard/core/testing';
import { explain, loadPolicy, preset } from '@dsop-guard/rules';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const now = 1_764_000_000;
const mpKeys = createTestKeys({ kid: 'mp-readme' });
const altinnKeys = createTestKeys({ x5t: true });
const lanekassen = preset('lanekassen-saldo', 'prod');
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now, issuer: lanekassen.issuer });
let issuers: Awaited<ReturnType<typeof startMockIssuer>>[];
let keys: { maskinporten: ReturnType<typeof remoteKeySet>; consent: ReturnType<typeof remoteKeySet> };

beforeAll(async () => {
  issuers = [
    await startMockIssuer({ keys: [mpKeys], issuer: lanekassen.issuer }),
    await startMockIssuer({
      keys: [altinnKeys],
      issuer: 'https://www.altinn.no/',
      jwksPath: '/api/metadata/jwk',
    }),
  ];
  const [mp, altinn] = issuers as [(typeof issuers)[0], (typeof issuers)[0]];
  keys = {
    maskinporten: remoteKeySet({ issuer: lanekassen.issuer, metadataUrl: mp.metadataUrl }),
    consent: remoteKeySet({ issuer: 'altinn.no', jwksUri: altinn.jwksUri, matchX5t: true }),
  };
});
afterAll(() => Promise.all(issuers.map((i) => i.close())));

describe('README examples', () => {
  it('the plain function', async () => {
    const guard = createGuard({ preset: lanekassen, keys, clock: () => now });
    const verdict = await guard.check({
      maskinportenToken: tokens.direct(),
      consentToken: `"${tokens.altinn2Consent()}"`,
      person: '01085301957',
      requestId: 'b9e2',
    });
    expect(verdict.decision).toBe('allow');
    const expired = await guard.check({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent({ claims: { ValidToDate: now - 60 } }),
      person: '01085301957',
    });
    expect(expired.reasons).toEqual(['consent_expired']);
    expect(explain(expired)).toContain('consent-validity');
  });

  it('Express middleware', async () => {
    const app = express();
    app.get(
      '/saldo/v1/Accounts',
      expressGuard({ preset: lanekassen, keys, clock: () => now }),
      (req, res) => {
        res.json({ consumer: req.dsopVerdict?.subject.consumer });
      },
    );
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/saldo/v1/Accounts`;
      const ok = await fetch(url, {
        headers: {
          Authorization: tokens.direct(),
          'Consent-ID': tokens.altinn2Consent(),
          'PSU-ID': tokens.person,
        },
      });
      expect(await ok.json()).toEqual({ consumer: '0192:910753614' });
      const noConsent = await fetch(url, {
        headers: { Authorization: tokens.direct(), 'PSU-ID': tokens.person },
      });
      expect(noConsent.status).toBe(403);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a policy file with a custom rule', async () => {
    const knownConsumer = defineRule({
      id: 'acme.known-consumer',
      codes: {
        'acme.consumer_unknown': {
          en: 'the consumer is not on our list',
          nb: 'konsumenten er ikke på listen vår',
        },
      },
      check: (claims) =>
        ['910753614', '974760673'].includes(claims.maskinporten.consumer?.value ?? '')
          ? pass()
          : fail({
              code: 'acme.consumer_unknown',
              path: 'maskinporten.consumer.ID',
              actual: claims.maskinporten.consumer?.id ?? null,
            }),
    });
    const text = `
id: acme/lanekassen
version: "1"
environment: prod
rule:
  all:
    - rule: issuer
    - rule: scope
      options: { scopes: [lanekassen:lan/v1/saldoopplysninger] }
    - rule: consumer-matches-consent
    - rule: acme.known-consumer
`;
    const policy = loadPolicy(
      { text, format: 'yaml', name: 'acme.policy.yaml' },
      { customRules: { 'acme.known-consumer': () => knownConsumer } },
    );
    const guard = createGuard({ policy, keys, clock: () => now });
    const input = {
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
    };
    expect((await guard.check(input)).decision).toBe('allow');
    const stranger = createTokenFactory({
      maskinportenKeys: mpKeys,
      altinnKeys,
      now,
      issuer: lanekassen.issuer,
      consumer: '991825827',
    });
    const denied = await guard.check({
      maskinportenToken: stranger.direct(),
      consentToken: stranger.altinn2Consent(),
      person: tokens.person,
    });
    expect(denied.reasons).toEqual(['acme.consumer_unknown']);
    expect(explain(denied, { codes: policy.codes })).toContain(
      'acme.consumer_unknown: the consumer is not on our list',
    );
  });
});
