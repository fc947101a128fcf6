import {
  all,
  any,
  type Claims,
  createEngine,
  definePolicy,
  defineRule,
  fail,
  localKeySet,
  not,
  pass,
  when,
} from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

const now = 1_764_000_000;
const mpKeys = sharedKeys('engine#1', { kid: 'mp' });
const altinnKeys = sharedKeys('engine#2', { x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });

const consumerMatches = defineRule({
  id: 'consumer-matches',
  check: (c: Claims) =>
    c.consent !== undefined && c.maskinporten.consumer?.value === c.consent.coveredBy
      ? pass()
      : fail({ code: 'consumer_mismatch', path: 'consent.CoveredBy' }),
});

function engineWith(rule = all([consumerMatches]), extra: Partial<Parameters<typeof createEngine>[0]> = {}) {
  return createEngine({
    policy: definePolicy({ id: 'test', version: '1', rule }),
    maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
    clock: () => now,
    ...extra,
  });
}

const valid = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
  now,
};

describe('engine', () => {
  it('a valid pair → allow, with subject, token facts and policy recorded', async () => {
    const v = await engineWith().evaluate({ ...valid, requestId: 'req-1' });
    expect(v.decision).toBe('allow');
    expect(v.reasons).toEqual([]);
    expect(v.subject).toEqual({
      consumer: '0192:910753614',
      supplier: null,
      delegation: 'direct',
      person: '*********57',
    });
    expect(v.tokens.maskinporten?.kid).toBe('mp');
    expect(v.tokens.consent?.kid).toBe(altinnKeys.kid);
    expect(v.policy.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.requestId).toBe('req-1');
    expect(v.outcomes.map((o) => [o.ruleId, o.status])).toEqual([
      ['input', 'pass'],
      ['verify.maskinporten', 'pass'],
      ['verify.consent', 'pass'],
      ['policy', 'pass'],
    ]);
  });

  it('a consent for another organisation → deny consumer_mismatch', async () => {
    const v = await engineWith().evaluate({
      ...valid,
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
    });
    expect(v.decision).toBe('deny');
    expect(v.reasons).toEqual(['consumer_mismatch']);
  });

  it('a forged Maskinporten token → deny signature_invalid, rules skipped', async () => {
    const forger = createTokenFactory({
      maskinportenKeys: sharedKeys('engine#3', { kid: 'mp' }),
      altinnKeys,
      now,
    });
    const v = await engineWith().evaluate({ ...valid, maskinportenToken: forger.direct() });
    expect(v.reasons).toEqual(['signature_invalid']);
    expect(v.outcomes.map((o) => o.status)).toEqual(['pass', 'fail', 'skipped', 'skipped']);
    expect(v.subject.consumer).toBeNull();
  });

  it('a consent token without consent keys configured → keys_unavailable', async () => {
    const engine = createEngine({
      policy: definePolicy({
        id: 't',
        version: '1',
        rule: all([defineRule({ id: 'anything', check: pass })]),
      }),
      maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    });
    expect((await engine.evaluate(valid)).reasons).toEqual(['keys_unavailable']);
  });

  it('an Altinn 3 consent travels in the Maskinporten token', async () => {
    const v = await engineWith().evaluate({
      maskinportenToken: tokens.altinn3(),
      person: tokens.person,
      now,
    });
    expect(v.decision).toBe('allow');
    expect(v.consentSource).toBe('altinn3');
  });

  it('two consents (token and authorization_details) → consent_invalid', async () => {
    const v = await engineWith().evaluate({ ...valid, maskinportenToken: tokens.altinn3() });
    expect(v.reasons).toEqual(['consent_invalid']);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('boom 01085301957');
      },
    ],
    [
      'rejects',
      async () => {
        throw new Error('boom');
      },
    ],
    ['returns undefined', () => undefined as never],
    ['returns a plain object', () => ({ ok: true }) as never],
    ['returns an unknown code', () => fail({ code: 'nope' as never, path: '' })],
    ['returns an empty failure', () => ({ isOk: () => false, isErr: () => true, error: [] }) as never],
    ['times out', () => new Promise<never>(() => {})],
  ])('a custom rule that %s → deny rule_error', async (_name, check) => {
    const broken = defineRule({ id: 'broken', check: check as never, timeoutMs: 50 });
    for (const rule of [
      all([broken]),
      any([broken, consumerMatches]),
      not(broken),
      all([when(consumerMatches, broken), consumerMatches]),
    ]) {
      const v = await engineWith(rule).evaluate(valid);
      expect(v.decision).toBe('deny');
      expect(v.reasons).toContain('rule_error');
      expect(JSON.stringify(v)).not.toContain('boom');
    }
  });

  it('shadow rules are reported but never deny', async () => {
    const shadow = defineRule({
      id: 'strict',
      mode: 'shadow',
      check: () => fail({ code: 'custom_denied', path: '' }),
    });
    const v = await engineWith(all([consumerMatches, shadow])).evaluate(valid);
    expect(v.decision).toBe('allow');
    const policy = v.outcomes[3]?.children?.[0];
    expect(policy?.children?.find((c) => c.ruleId === 'strict')?.status).toBe('fail');
  });

  it('not() fails with rule_denied when its rule passes; when() skips on a failed condition', async () => {
    expect((await engineWith(all([not(consumerMatches)])).evaluate(valid)).reasons).toEqual(['rule_denied']);
    const never = defineRule({ id: 'never', check: () => fail({ code: 'custom_denied', path: '' }) });
    const never2 = defineRule({ id: 'never-2', check: () => fail({ code: 'custom_denied', path: '' }) });
    const v = await engineWith(all([when(never, never2, { id: 'guarded' }), consumerMatches])).evaluate(
      valid,
    );
    expect(v.decision).toBe('allow');
  });

  it('bad configuration throws once, naming the field', () => {
    expect(() => defineRule({ id: '', check: () => pass() })).toThrow(/id/);
    expect(() => defineRule({ id: 'x', check: 1 as never })).toThrow(/x\.check/);
    expect(() =>
      definePolicy({ id: 'p', version: '1', rule: defineRule({ id: 'r', mode: 'shadow', check: pass }) }),
    ).toThrow(/rule\.mode/);
    expect(() => any([defineRule({ id: 'r', mode: 'shadow', check: pass })])).toThrow(/enforced/);
    expect(() => engineWith(undefined, { clockTolerance: 3600 })).toThrow(/clockTolerance/);
    expect(() => engineWith(undefined, { personData: { mode: 'pseudonymise', key: 'short' } })).toThrow(
      /personData\.key/,
    );
  });

  it('pseudonymised persons are stable per key and never clear', async () => {
    const key = 'a-secret-of-sufficient-length-32b';
    const a = await engineWith(undefined, { personData: { mode: 'pseudonymise', key } }).evaluate(valid);
    const b = await engineWith(undefined, { personData: { mode: 'pseudonymise', key } }).evaluate(valid);
    expect(a.subject.person).toMatch(/^p:[0-9a-f]{16}$/);
    expect(a.subject.person).toBe(b.subject.person);
    expect(JSON.stringify(a)).not.toContain(tokens.person);
  });

  it('a request id carrying a token or an fnr is scrubbed', async () => {
    const v = await engineWith().evaluate({
      ...valid,
      requestId: `x ${valid.maskinportenToken} ${tokens.person}`,
    });
    expect(v.requestId).toBe('x [token]');
  });

  it('the policy hash changes with any option and not with object key order', () => {
    const r = (o: unknown) => defineRule({ id: 'r', options: o, check: pass });
    const h = (o: unknown) => definePolicy({ id: 'p', version: '1', rule: all([r(o)]) }).sha256;
    expect(h({ a: 1, b: 2 })).toBe(h({ b: 2, a: 1 }));
    expect(h({ a: 1, b: 2 })).not.toBe(h({ a: 1, b: 3 }));
  });

  it('evaluate never rejects, whatever the input', async () => {
    const engine = engineWith();
    for (const input of [
      undefined,
      null,
      7,
      {},
      { maskinportenToken: null },
      { maskinportenToken: {} },
      { maskinportenToken: 'a.b.c' },
    ]) {
      const v = await engine.evaluate(input as never);
      expect(v.decision).toBe('deny');
    }
  });

  it.each([
    ['a NaN now', { now: Number.NaN }, 'now'],
    ['a string now', { now: '1764000000' }, 'now'],
    ['a numeric person', { person: 1085301957 }, 'person'],
    ['an object request id', { requestId: {} }, 'requestId'],
  ])('a request with %s → input_malformed, even with valid tokens', async (_name, patch, path) => {
    const v = await engineWith().evaluate({ ...valid, ...patch } as never);
    expect(v.reasons).toEqual(['input_malformed']);
    expect(v.violations[0]?.path).toBe(path);
  });

  it('long claim values are cut short in verdicts', async () => {
    const long = defineRule({
      id: 'long',
      check: () => fail({ code: 'custom_denied', path: '', actual: 'x'.repeat(5000) }),
    });
    const v = await engineWith(all([long])).evaluate(valid);
    expect(String(v.violations[0]?.actual).length).toBeLessThanOrEqual(201);
  });
});
