// @ts-nocheck
import { createGuard } from '@dsop-guard/adapters';
import { expressGuard } from '@dsop-guard/adapters/express';
import { fastifyGuard } from '@dsop-guard/adapters/fastify';
import { fetchGuard } from '@dsop-guard/adapters/fetch';
import { callbackSink, createAuditTrail, createEngine, localKeySet, remoteKeySet } from '@dsop-guard/core';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { guardOptions, mpKeys } from '../adapters/table.js';
import { configErrorOf } from '../fixtures/configErrorOf.js';

// Issue 11/12: options that are accepted and silently do nothing (a misspelling, `onError` from another
// library) are a ConfigError naming the key and the nearest known option.

const mpKeySet = () => localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks });
const engineOptions = () => ({ policy: guardOptions().preset?.policy, maskinporten: { keys: mpKeySet() } });

describe('unknown option keys are a ConfigError with a did-you-mean', () => {
  const jwksUri = 'https://test.maskinporten.no/jwk';
  it.each([
    [
      'createGuard',
      () => createGuard({ ...guardOptions(), clockTolerence: 5 } as never),
      'clockTolerence',
      "did you mean 'clockTolerance'?",
    ],
    [
      'createGuard keys',
      () =>
        createGuard({
          ...guardOptions(),
          keys: { maskinporten: guardOptions().keys?.maskinporten, consnet: 1 },
        } as never),
      'consnet',
      "did you mean 'consent'?",
    ],
    [
      'expressGuard',
      () => expressGuard({ ...guardOptions(), onDney: 'next' } as never),
      'onDney',
      "did you mean 'onDeny'?",
    ],
    [
      'fetchGuard',
      () => fetchGuard({ ...guardOptions(), statusCode: {} } as never),
      'statusCode',
      "did you mean 'statusCodes'?",
    ],
    [
      'createEngine',
      () => createEngine({ ...engineOptions(), tokenCacheSise: 5 } as never),
      'tokenCacheSise',
      "did you mean 'tokenCacheSize'?",
    ],
    [
      'createEngine maskinporten',
      () =>
        createEngine({
          ...engineOptions(),
          maskinporten: { keys: mpKeySet(), algorithm: ['RS256'] },
        } as never),
      'algorithm',
      "did you mean 'algorithms'?",
    ],
    [
      'remoteKeySet',
      () => remoteKeySet({ issuer: 'i', jwksUri, onError: () => {} } as never),
      'onError',
      expect.stringContaining('options: issuer, '),
    ],
    [
      'remoteKeySet',
      () => remoteKeySet({ issuer: 'i', jwksUri, onRefresh: () => {} } as never),
      'onRefresh',
      expect.stringContaining('options: issuer, '),
    ],
    [
      'localKeySet',
      () => localKeySet({ issuer: 'i', jwks: mpKeys.jwks, matchx5t: true } as never),
      'matchx5t',
      "did you mean 'matchX5t'?",
    ],
    [
      'createAuditTrail',
      () => createAuditTrail({ sinks: [callbackSink(() => {})], chainID: 'x' } as never),
      'chainID',
      "did you mean 'chainId'?",
    ],
  ])('%s', (_name, build, field, hint) => {
    expect(configErrorOf(build)).toEqual({ field, message: expect.stringMatching(/^is not an option of /) });
    expect(configErrorOf(build)).toMatchObject({
      message: typeof hint === 'string' ? expect.stringContaining(hint) : hint,
    });
  });

  it('fastifyGuard: register rejects with the ConfigError; Fastify’s own register options are accepted', async () => {
    const app = Fastify();
    await expect(
      app.register(fastifyGuard, { ...guardOptions(), hooks: 'onRequest' } as never),
    ).rejects.toMatchObject({
      name: 'ConfigError',
      field: 'hooks',
    });
    const ok = Fastify();
    await ok.register(fastifyGuard, { ...guardOptions(), prefix: '/saldo' });
    await ok.ready();
    await ok.close();
  });
});

describe('localKeySet refuses a JWKS that holds private key members', () => {
  it.each(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])('member %s', (member) => {
    const [key] = mpKeys.jwks.keys;
    const jwks = { keys: [key, { ...key, kid: 'private', [member]: 'AQAB' }] };
    expect(configErrorOf(() => localKeySet({ issuer: 'i', jwks }))).toEqual({
      field: 'jwks.keys[1]',
      message: `holds private key material (${member}): configure the issuer's public JWKS only`,
    });
  });
});
