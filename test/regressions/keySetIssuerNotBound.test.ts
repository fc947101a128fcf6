import {
  all,
  ConfigError,
  createEngine,
  definePolicy,
  defineRule,
  type KeySet,
  localKeySet,
  pass,
  rolloverKeySet,
  verifyToken,
} from '@dsop-guard/core';
import { signToken } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { engineFor } from '../properties/support/engines.js';
import { propertyKeys } from '../properties/support/keys.js';
import { signRequest } from '../properties/support/sign.js';
import { sampleRequest } from './support.js';

// Issue 21, finding 3 (High): a key set did not bind its issuer. A token whose `iss` was https://evil.example/,
// signed by a key of the configured Maskinporten key set, was allowed by a policy without the `issuer` rule:
// `remoteKeySet({ issuer })` read as a binding and was none (the issuer only named the keys in events). The same
// held for the Altinn 2 consent token and its key set. Fix: verification denies a token whose `iss` is not its
// key set's issuer (`issuer_mismatch`; `consent_issuer_mismatch` for a consent token) before any rule runs, and
// a key set that names no issuer is a ConfigError when the engine is built.

const EVIL = 'https://evil.example/';
const noRules = definePolicy({
  id: 'no-rules',
  version: '1',
  rule: all([defineRule({ id: 'anything', check: () => pass() })]),
});
// (an enforced rule that always passes: a policy of no rules is refused, issue 26)

describe('regression: a key set binds its issuer (issue 21, finding 3)', () => {
  it('a Maskinporten token from another issuer, signed by a configured key, is denied under a policy without rules', async () => {
    const plan = sampleRequest({ consentKinds: ['altinn3'] });
    const valid = signRequest(plan).input;
    expect((await engineFor(noRules, plan.clockTolerance).evaluate(valid)).decision).toBe('allow');
    const evil = {
      ...plan,
      maskinporten: { ...plan.maskinporten, claims: { ...plan.maskinporten.claims, iss: EVIL } },
    };
    const verdict = await engineFor(noRules, plan.clockTolerance).evaluate(signRequest(evil).input);
    expect(verdict.decision).toBe('deny');
    expect(verdict.violations).toEqual([
      {
        code: 'issuer_mismatch',
        ruleId: 'verify.maskinporten',
        path: 'maskinporten.iss',
        expected: 'https://test.maskinporten.no/',
        actual: EVIL,
      },
    ]);
    expect(verdict.outcomes[3]?.status).toBe('skipped'); // no rule ran
  });

  it.each([
    ['absent', undefined],
    ['a number', 42],
    ['the issuer without its trailing slash', 'https://test.maskinporten.no'],
  ])('a Maskinporten token whose iss is %s is denied', async (_name, iss) => {
    const plan = sampleRequest({ consentKinds: ['altinn3'] });
    const { iss: _dropped, ...claims } = plan.maskinporten.claims;
    const edited = { ...plan, maskinporten: { ...plan.maskinporten, claims: { ...claims, iss } } };
    const verdict = await engineFor(noRules, plan.clockTolerance).evaluate(signRequest(edited).input);
    expect(verdict.reasons).toEqual(['issuer_mismatch']);
  });

  it('an Altinn 2 consent token from another issuer, signed by the Altinn key, is denied before the rules', async () => {
    const plan = sampleRequest({ consentKinds: ['altinn2'] });
    const consent = plan.consent ?? { claims: {}, signing: { key: 'own' as const } };
    const evil = { ...plan, consent: { ...consent, claims: { ...consent.claims, iss: EVIL } } };
    const verdict = await engineFor(noRules, plan.clockTolerance).evaluate(signRequest(evil).input);
    expect(verdict.violations).toEqual([
      {
        code: 'consent_issuer_mismatch',
        ruleId: 'verify.consent',
        path: 'consent.iss',
        expected: 'altinn.no',
        actual: EVIL,
      },
    ]);
  });

  it('verifyToken binds the issuer too', async () => {
    const keys = propertyKeys();
    const now = 1_764_000_000;
    const token = signToken({ keys: keys.maskinporten, payload: { iss: EVIL, exp: now + 60, iat: now } });
    const result = await verifyToken(token, { keys: keys.maskinportenSet, now });
    expect(result._unsafeUnwrapErr().code).toBe('issuer_mismatch');
  });

  it('a key set that names no issuer is a ConfigError when the engine is built', () => {
    const set = propertyKeys().maskinportenSet;
    for (const issuer of [undefined, '', 42]) {
      const anonymous = { resolve: set.resolve, issuer } as unknown as KeySet;
      expect(() => createEngine({ policy: noRules, maskinporten: { keys: anonymous } })).toThrow(ConfigError);
      expect(() =>
        createEngine({ policy: noRules, maskinporten: { keys: set }, consent: { keys: anonymous } }),
      ).toThrow(ConfigError);
    }
  });

  it('a rollover key set binds the one issuer all its sets name', async () => {
    const keys = propertyKeys();
    const rollover = rolloverKeySet({
      sets: [localKeySet({ issuer: 'altinn.no', jwks: keys.maskinporten.jwks }), keys.altinnSet],
    });
    const now = 1_764_000_000;
    const header = { kid: keys.altinn.kid };
    const sign = (iss: string) =>
      signToken({ keys: keys.altinn, header, payload: { iss, exp: now + 30, nbf: now } });
    const options = { keys: rollover, now, requiredClaims: [] as const };
    expect((await verifyToken(sign('altinn.no'), options)).isOk()).toBe(true);
    expect((await verifyToken(sign(EVIL), options))._unsafeUnwrapErr().code).toBe('issuer_mismatch');
  });
});
