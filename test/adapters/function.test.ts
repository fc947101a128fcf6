import { createGuard, type GuardInput, verdictStatus } from '@dsop-guard/adapters';
import { ConfigError, localKeySet } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import {
  guardOptions,
  mpKeys,
  now,
  type Observed,
  policy,
  requestIdOf,
  table,
  tokens,
  transport,
} from './table.js';

describe('createGuard: the shared table', () => {
  it.each(table.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const guard = createGuard(guardOptions());
    for (const step of row.before ?? []) expect((await guard.check(step)).decision).toBe('allow');
    const verdict = await guard.check({ ...row.input, requestId: requestIdOf(row) });
    const observed: Observed = {
      decision: verdict.decision,
      reasons: verdict.reasons,
      status: verdictStatus(verdict),
      ...(verdict.decision === 'allow' ? { consentSource: verdict.consentSource } : {}),
    };
    expect(observed).toEqual(row.expected);
    expect(verdict.requestId).toBe(requestIdOf(row));
  });
});

describe('createGuard: input', () => {
  const guard = createGuard(guardOptions());
  const valid = {
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
  };

  it('a field of the wrong type is input_malformed (rule id input, the field as path), and nothing is verified', async () => {
    const cases: [GuardInput, string][] = [
      [{ ...valid, maskinportenToken: ['a', 'b'] }, 'maskinportenToken'],
      [{ ...valid, consentToken: 42 }, 'consentToken'],
      [{ ...valid, person: { fnr: tokens.person } }, 'person'],
      [{ ...valid, requestId: 7 }, 'requestId'],
      [{ ...valid, now: '1764000000' }, 'now'],
      [{ ...valid, now: Number.NaN }, 'now'],
    ];
    for (const [input, path] of cases) {
      const v = await guard.check(input);
      expect(v.reasons).toEqual(['input_malformed']);
      expect(v.violations).toMatchObject([{ code: 'input_malformed', ruleId: 'input', path }]);
      expect(v.outcomes.map((o) => [o.ruleId, o.status])).toEqual([
        ['input', 'fail'],
        ['verify.maskinporten', 'skipped'],
        ['verify.consent', 'skipped'],
        ['policy', 'skipped'],
      ]);
      expect(v.tokens).toEqual({ maskinporten: null, consent: null });
    }
  });

  it('never rejects, whatever it is given', async () => {
    for (const input of [null, undefined, 42, 'token', [], {}]) {
      const v = await guard.check(input as unknown as GuardInput);
      expect(v.decision).toBe('deny');
      expect(v.policy.sha256).toBe(policy.sha256);
    }
  });

  it('an empty or null Maskinporten token is token_missing; an empty consent token is no consent token', async () => {
    expect((await guard.check({ ...valid, maskinportenToken: '' })).reasons).toEqual(['token_missing']);
    expect((await guard.check({ ...valid, maskinportenToken: null })).reasons).toEqual(['token_missing']);
    expect((await guard.check({ ...valid, consentToken: '' })).reasons).toEqual(['consent_missing']);
    expect((await guard.check({ ...valid, consentToken: '""' })).reasons).toEqual(['consent_missing']);
  });

  it('quotes and whitespace around the consent token are stripped, once', async () => {
    expect((await guard.check({ ...valid, consentToken: ` "${valid.consentToken}"\n` })).decision).toBe(
      'allow',
    );
    expect((await guard.check({ ...valid, consentToken: `""${valid.consentToken}""` })).reasons).toEqual([
      'token_malformed',
    ]);
    // Whitespace as trim knows it, beyond ASCII too, at either end alone.
    for (const [before, after] of [
      ['\u00a0', ''],
      ['', '\u2028'],
      ['\ufeff', '\u3000'],
      ['\t', ''],
    ]) {
      const consentToken = `${before}${valid.consentToken}${after}`;
      expect((await guard.check({ ...valid, consentToken })).decision).toBe('allow');
    }
  });

  it('now is an input: a token valid then is denied an hour later', async () => {
    expect((await guard.check({ ...valid, now })).decision).toBe('allow');
    expect((await guard.check({ ...valid, now: now + 3600 })).reasons).toEqual(['token_expired']);
  });

  it('deny() builds a deny verdict with the request id protected like the engine does', async () => {
    const v = await guard.deny(
      { code: 'input_malformed', ruleId: 'http.person', path: 'psu-id' },
      { requestId: `id-${tokens.person}` },
    );
    expect(v).toMatchObject({
      decision: 'deny',
      reasons: ['input_malformed'],
      violations: [{ code: 'input_malformed', ruleId: 'http.person', path: 'psu-id' }],
      evaluatedAt: now,
      requestId: 'id-*********57',
    });
  });
});

describe('createGuard: options are checked when it is built', () => {
  const keys = { maskinporten: localKeySet({ issuer: 'x', jwks: mpKeys.jwks }) };
  const field = (build: () => unknown): string | undefined => {
    try {
      build();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).field;
    }
    return undefined;
  };

  it('names the bad field', () => {
    expect(field(() => createGuard(undefined as never))).toBe('options');
    expect(field(() => createGuard({ keys }))).toBe('preset');
    expect(field(() => createGuard({ policy }))).toBe('keys.maskinporten');
    expect(field(() => createGuard({ policy, keys: { maskinporten: {} as never } }))).toBe(
      'keys.maskinporten',
    );
    expect(field(() => createGuard({ policy, keys: { ...keys, consent: 'x' as never } }))).toBe(
      'keys.consent',
    );
    expect(field(() => createGuard({ preset: {} as never, keys }))).toBe('preset');
    expect(
      field(() =>
        createGuard({ policy, keys, transport: { ...transport, authorization: 'basic' as never } }),
      ),
    ).toBe('transport.authorization');
    expect(
      field(() => createGuard({ policy, keys, transport: { ...transport, consentHeader: 'Consent ID' } })),
    ).toBe('transport.consentHeader');
    expect(
      field(() => createGuard({ policy, keys, transport: { ...transport, personHeaders: ['psu-id', ''] } })),
    ).toBe('transport.personHeaders[1]');
    expect(field(() => createGuard({ policy, keys, clock: 5 as never }))).toBe('clock');
    expect(field(() => createGuard({ policy, keys, clockTolerance: 1000 }))).toBe('clockTolerance');
    expect(field(() => createGuard({ policy, keys, consentStore: { store: {} as never, key: 'k' } }))).toBe(
      'consentStore.store',
    );
    expect(
      field(() =>
        createGuard({ ...guardOptions(), consentStore: { ...guardOptions().consentStore!, key: 'short' } }),
      ),
    ).toBe('consentStore.key');
    expect(field(() => createGuard({ policy, keys, personData: { mode: 'hide' } as never }))).toBe(
      'personData.mode',
    );
  });

  it('a policy without a transport gets the default one', () => {
    expect(createGuard({ policy, keys }).transport).toEqual({
      authorization: 'either',
      consentHeader: 'consent-id',
      personHeaders: ['psu-id', 'psu_id'],
      requestIdHeader: 'x-request-id',
    });
  });
});
