import {
  all,
  any,
  ConfigError,
  createEngine,
  definePolicy,
  defineRule,
  type EngineOptions,
  localKeySet,
  not,
  pass,
  protectPersonalData,
  remoteKeySet,
  when,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// Bad configuration is the one thing dsop-guard throws, when a rule, policy or engine is built. Each mistake
// names the field and says what is wrong: this table is the contract a user reads in their stack trace.

const keys = sharedKeys('configErrors#1', { kid: 'cfg' });
const mpKeys = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: keys.jwks });
const ok = defineRule({ id: 'ok', check: () => pass() });
const other = defineRule({ id: 'other', check: () => pass() });
const quiet = defineRule({ id: 'quiet', mode: 'shadow', check: () => pass() });
const policy = definePolicy({ id: 'cfg', version: '1', rule: all([ok]) });
const engine = (patch: Record<string, unknown>) => () =>
  createEngine({ policy, maskinporten: { keys: mpKeys }, ...patch } as unknown as EngineOptions);
const untyped =
  <T>(f: (o: never) => T, o: unknown) =>
  () =>
    f(o as never);

const cases: ReadonlyArray<readonly [string, () => unknown, string, string]> = [
  // createEngine
  ['engine options null', untyped(createEngine, null), 'options', 'must be an object'],
  ['engine options a string', untyped(createEngine, 'x'), 'options', 'must be an object'],
  ['no policy', engine({ policy: undefined }), 'policy', 'must be built with definePolicy or loadPolicy'],
  [
    'a bare rule as policy',
    engine({ policy: { rule: ok } }),
    'policy',
    'must be built with definePolicy or loadPolicy',
  ],
  [
    'a policy without a rule',
    engine({ policy: { sha256: 'x', rule: {} } }),
    'policy',
    'must be built with definePolicy or loadPolicy',
  ],
  [
    'no maskinporten',
    engine({ maskinporten: undefined }),
    'maskinporten',
    'is required: { keys: localKeySet(...) | remoteKeySet(...) }',
  ],
  [
    'maskinporten null',
    engine({ maskinporten: null }),
    'maskinporten',
    'is required: { keys: localKeySet(...) | remoteKeySet(...) }',
  ],
  ['consent null', engine({ consent: null }), 'consent', 'must be { keys: ... } or left out'],
  ['consent a string', engine({ consent: 'altinn' }), 'consent', 'must be { keys: ... } or left out'],
  [
    'maskinporten without keys',
    engine({ maskinporten: {} }),
    'keys',
    'must be a KeySet (localKeySet or remoteKeySet)',
  ],
  [
    'consent without keys',
    engine({ consent: { keys: 'k' } }),
    'keys',
    'must be a KeySet (localKeySet or remoteKeySet)',
  ],
  [
    'HS256 for maskinporten',
    engine({ maskinporten: { keys: mpKeys, algorithms: ['HS256'] } }),
    'algorithms',
    '"HS256" is not allowed; choose from RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384',
  ],
  [
    'no algorithms',
    engine({ maskinporten: { keys: mpKeys, algorithms: [] } }),
    'algorithms',
    'must be a non-empty array',
  ],
  [
    'a tolerance over 300 s',
    engine({ clockTolerance: 301 }),
    'clockTolerance',
    'must be between 0 and 300 seconds',
  ],
  [
    'a negative tolerance',
    engine({ clockTolerance: -1 }),
    'clockTolerance',
    'must be between 0 and 300 seconds',
  ],
  [
    'an unknown required claim for the consent',
    engine({ consent: { keys: mpKeys, requiredClaims: ['aud'] } }),
    'requiredClaims',
    'unknown claim "aud"',
  ],
  [
    'a consent store without set',
    engine({ consentStore: { store: { get: () => undefined }, key: 'k'.repeat(16) } }),
    'consentStore.store',
    'must implement get and set',
  ],
  [
    'a consent store without a store',
    engine({ consentStore: { key: 'k'.repeat(16) } }),
    'consentStore.store',
    'must implement get and set',
  ],
  [
    'a consent store key of 15 characters',
    engine({ consentStore: { store: { get() {}, set() {} }, key: 'k'.repeat(15) } }),
    'consentStore.key',
    'must be a secret of at least 16 characters or bytes',
  ],
  [
    'a consent store key of 15 bytes',
    engine({ consentStore: { store: { get() {}, set() {} }, key: new Uint8Array(15) } }),
    'consentStore.key',
    'must be a secret of at least 16 characters or bytes',
  ],
  [
    'a consent store key that is a number',
    engine({ consentStore: { store: { get() {}, set() {} }, key: 1234567890123456 } }),
    'consentStore.key',
    'must be a secret of at least 16 characters or bytes',
  ],
  [
    'an unknown person-data mode',
    engine({ personData: { mode: 'hide' } }),
    'personData.mode',
    "must be 'mask', 'pseudonymise' or 'clear'",
  ],
  // remoteKeySet (the rest of its options: test/core/remoteKeySet.test.ts)
  [
    'a metadata issuer that is a number',
    untyped(remoteKeySet, { issuer: 'i', metadataUrl: 'https://x.test/', metadataIssuer: 1 }),
    'metadataIssuer',
    'must be a non-empty string or left out',
  ],
  [
    'an empty metadata issuer',
    untyped(remoteKeySet, { issuer: 'i', metadataUrl: 'https://x.test/', metadataIssuer: '' }),
    'metadataIssuer',
    'must be a non-empty string or left out',
  ],
  // protectPersonalData
  [
    'pseudonymise without a key',
    untyped(protectPersonalData, { mode: 'pseudonymise' }),
    'personData.key',
    'must be a string or bytes of at least 32 bytes',
  ],
  [
    'pseudonymise with a 31-byte key',
    untyped(protectPersonalData, { mode: 'pseudonymise', key: 'k'.repeat(31) }),
    'personData.key',
    'must be at least 32 bytes of key material (e.g. openssl rand -hex 32)',
  ],
  [
    'person-data options null',
    untyped(protectPersonalData, null),
    'personData.mode',
    "must be 'mask', 'pseudonymise' or 'clear'",
  ],
  // defineRule
  ['rule options null', untyped(defineRule, null), 'rule', 'must be an object'],
  ['rule options a number', untyped(defineRule, 7), 'rule', 'must be an object'],
  [
    'a rule id with a space',
    untyped(defineRule, { id: 'a b', check: () => pass() }),
    'id',
    'must match [A-Za-z0-9][A-Za-z0-9._:/-]*, got "a b"',
  ],
  ['a rule without check', untyped(defineRule, { id: 'r' }), 'r.check', 'must be a function'],
  [
    'a rule mode of "warn"',
    untyped(defineRule, { id: 'r', check: () => pass(), mode: 'warn' }),
    'r.mode',
    "must be 'enforce' or 'shadow'",
  ],
  [
    'a rule timeout of 0',
    untyped(defineRule, { id: 'r', check: () => pass(), timeoutMs: 0 }),
    'r.timeoutMs',
    'must be a positive number of ms, at most 30000',
  ],
  [
    'a rule timeout of -5',
    untyped(defineRule, { id: 'r', check: () => pass(), timeoutMs: -5 }),
    'r.timeoutMs',
    'must be a positive number of ms, at most 30000',
  ],
  [
    'a rule timeout past its cap (30 000 ms)',
    untyped(defineRule, { id: 'r', check: () => pass(), timeoutMs: 30_001 }),
    'r.timeoutMs',
    'must be a positive number of ms, at most 30000',
  ],
  [
    'a rule timeout of Infinity',
    untyped(defineRule, { id: 'r', check: () => pass(), timeoutMs: Number.POSITIVE_INFINITY }),
    'r.timeoutMs',
    'must be a positive number of ms, at most 30000',
  ],
  // definePolicy
  ['policy options undefined', untyped(definePolicy, undefined), 'id', 'must be a non-empty string'],
  [
    'a blank policy id',
    untyped(definePolicy, { id: '  ', version: '1', rule: ok }),
    'id',
    'must be a non-empty string',
  ],
  [
    'a numeric policy version',
    untyped(definePolicy, { id: 'p', version: 1, rule: ok }),
    'version',
    'must be a non-empty string',
  ],
  [
    'a blank policy version',
    untyped(definePolicy, { id: 'p', version: ' ', rule: ok }),
    'version',
    'must be a non-empty string',
  ],
  ['a policy without a rule', untyped(definePolicy, { id: 'p', version: '1' }), 'rule', 'must be a rule'],
  [
    'a shadow root rule',
    untyped(definePolicy, { id: 'p', version: '1', rule: quiet }),
    'rule.mode',
    'the root rule must be enforced',
  ],
  // combinators
  ['all() of a rule, not an array', untyped(all, ok), 'all', 'takes an array of rules'],
  ['any() of nothing', untyped(any, []), 'any', 'needs at least 1 rule(s)'],
  [
    'all() holding a string',
    untyped(all, [ok, 'scope']),
    'all[1]',
    'is not a rule (build it with defineRule or a combinator)',
  ],
  [
    'all() holding null',
    untyped(all, [null]),
    'all[0]',
    'is not a rule (build it with defineRule or a combinator)',
  ],
  [
    'all() holding an object without evaluate',
    untyped(all, [{ id: 'x' }]),
    'all[0]',
    'is not a rule (build it with defineRule or a combinator)',
  ],
  ['two siblings with one id', untyped(all, [ok, ok]), 'all[ok]', 'duplicate rule id among siblings'],
  ['a combinator id with a space', () => all([ok], { id: 'a b' }), 'all.id', 'invalid id "a b"'],
  [
    'a combinator mode of "off"',
    () => all([ok], { id: 'root', mode: 'off' as never }),
    'root.mode',
    "must be 'enforce' or 'shadow'",
  ],
  [
    'any() of shadow rules only',
    () => any([quiet]),
    'any(quiet)',
    'any() needs at least one enforced (non-shadow) rule',
  ],
  ['not() of a shadow rule', () => not(quiet), 'not(quiet)', 'cannot negate a shadow rule'],
  [
    'when() on a shadow condition',
    () => when(quiet, ok),
    'when(quiet)',
    'the condition cannot be a shadow rule',
  ],
];

describe('configuration errors name the field and say what is wrong', () => {
  it.each(
    cases.map(([name, build, field, message]) => [name, build, field, message] as const),
  )('%s', (_name, build, field, message) => {
    expect(configErrorOf(build)).toEqual({ field, message });
  });

  it('the limits themselves are accepted: a 32-byte key, tolerance 0 and 300, a 1 ms timeout', () => {
    const store = { get: () => undefined, set: () => undefined };
    expect(configErrorOf(engine({ consentStore: { store, key: 'k'.repeat(16) } }))).toBe('did not throw');
    expect(configErrorOf(engine({ consentStore: { store, key: new Uint8Array(16) } }))).toBe('did not throw');
    expect(configErrorOf(engine({ clockTolerance: 0 }))).toBe('did not throw');
    expect(configErrorOf(engine({ clockTolerance: 300 }))).toBe('did not throw');
    expect(configErrorOf(() => protectPersonalData({ mode: 'pseudonymise', key: 'k'.repeat(32) }))).toBe(
      'did not throw',
    );
    expect(configErrorOf(() => protectPersonalData({ mode: 'pseudonymise', key: new Uint8Array(32) }))).toBe(
      'did not throw',
    );
    expect(configErrorOf(() => defineRule({ id: 'r', check: () => pass(), timeoutMs: 1 }))).toBe(
      'did not throw',
    );
    expect(configErrorOf(() => all([ok, other], { id: 'root', mode: 'shadow' }))).toBe('did not throw');
    expect(configErrorOf(() => any([quiet, ok]))).toBe('did not throw');
  });

  it('a ConfigError from a file names the file first', () => {
    const error = new ConfigError('rules[0].scopes', 'must be a non-empty array', 'policy.yaml');
    expect([error.message, error.field, error.source]).toEqual([
      'policy.yaml: rules[0].scopes: must be a non-empty array',
      'rules[0].scopes',
      'policy.yaml',
    ]);
    expect(new ConfigError('id', 'x').source).toBeUndefined();
  });
});
