// @ts-nocheck
import { type KeySelector, type KeySet, localKeySet, remoteKeySet, rolloverKeySet } from '@dsop-guard/core';
import { type MockIssuer, startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Issue 11: a primary and a secondary key set per issuer (Altinn's primary and secondary certificates), never
// merging issuers.

const primaryKeys = sharedKeys('rollover#1', { kid: 'primary' });
const secondaryKeys = sharedKeys('rollover#2', { kid: 'secondary' });
const kid = (k: string): KeySelector => ({ kid: k, x5t: undefined, alg: 'RS256' });
const codeOf = async (set: KeySet, selector: KeySelector) => {
  const r = await set.resolve(selector);
  return r.isOk() ? 'ok' : r.error;
};

describe('rolloverKeySet: one issuer, a primary and a secondary key set', () => {
  let primary: MockIssuer;
  beforeAll(async () => {
    primary = await startMockIssuer({ keys: [primaryKeys], issuer: 'altinn.no' });
  });
  afterAll(() => primary.close());

  const build = () =>
    rolloverKeySet({
      sets: [
        remoteKeySet({ issuer: 'altinn.no', jwksUri: primary.jwksUri, cooldownMs: 60_000 }),
        localKeySet({ issuer: 'altinn.no', jwks: secondaryKeys.jwks }),
      ],
    });

  it('a kid of either set resolves; the state is the resolving set’s; a kid of neither is key_unknown', async () => {
    primary.setMode('ok');
    const set = build();
    expect(await codeOf(set, kid('primary'))).toBe('ok');
    expect(set.state?.()).toMatchObject({ state: 'fresh' });
    expect(await codeOf(set, kid('secondary'))).toBe('ok');
    expect(set.state?.()).toEqual({ state: 'local', ageSeconds: null });
    expect(await codeOf(set, kid('neither'))).toBe('key_unknown');
  });

  it('with the primary down: the secondary’s kid still resolves; any other kid is keys_unavailable, not key_unknown', async () => {
    primary.setMode('down');
    const set = build();
    expect(await codeOf(set, kid('secondary'))).toBe('ok');
    expect(await codeOf(set, kid('primary'))).toBe('keys_unavailable');
    primary.setMode('ok');
  });

  it('sets of two issuers are refused: a kid at one issuer never verifies the other’s tokens', () => {
    expect(
      configErrorOf(() =>
        rolloverKeySet({
          sets: [
            localKeySet({ issuer: 'altinn.no', jwks: primaryKeys.jwks }),
            localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: secondaryKeys.jwks }),
          ],
        }),
      ),
    ).toEqual({
      field: 'sets[1].issuer',
      message: 'is "https://test.maskinporten.no/", not "altinn.no": one issuer\'s keys only, never merged',
    });
    expect(
      configErrorOf(() =>
        rolloverKeySet({ sets: [localKeySet({ issuer: 'a', jwks: primaryKeys.jwks })] } as never),
      ),
    ).toEqual({
      field: 'sets',
      message: 'give at least two key sets',
    });
  });
});
