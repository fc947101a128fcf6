import {
  all,
  any,
  ConfigError,
  createEngine,
  definePolicy,
  defineRule,
  localKeySet,
  memoryConsentStore,
  not,
  pass,
  protectPersonalData,
  type RuleOutcome,
  remoteKeySet,
  when,
} from '@dsop-guard/core';
import { builtinRules, explain, loadPolicy, preset, presetNames } from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions, jsonText, presetFault, propertyTimeout, validRequest } from '../arbitraries/index.js';
import { engineFor } from './support/engines.js';
import { propertyKeys } from './support/keys.js';
import { emptyClaims } from './support/semantics.js';
import { signRequest } from './support/sign.js';

// Configuration laws: a wrong option is a ConfigError at build time, naming what is wrong, and never anything
// else; a rule that builds never fails at evaluation; a policy file is loaded or refused with a ConfigError.

const timeout = propertyTimeout(20);
const names = Object.keys(builtinRules);

/** Options for a rule: its own option names with arbitrary JSON, plus `id` and `mode`, or any value at all. */
const optionsFor = (name: string): fc.Arbitrary<unknown> => {
  const meta = builtinRules[name]?.meta;
  const keys = [...Object.keys(meta?.options ?? {}), 'id', 'mode', 'environment'];
  return fc.oneof(
    fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(fc.jsonValue(), fc.constantFrom('test', 'prod', 'shadow', 'enforce', 'P1Y', ['a:b'])),
    ),
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }),
    fc.anything(),
  );
};

describe('configuration laws', () => {
  it(
    'a built-in rule from arbitrary options builds or throws a ConfigError naming the rule, never another error',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), optionsFor(name))),
          async ([name, options]) => {
            const factory = builtinRules[name] as unknown as (
              o: unknown,
            ) => ReturnType<(typeof builtinRules)[string]>;
            let rule: ReturnType<typeof factory> | undefined;
            try {
              rule = factory(options);
            } catch (error) {
              expect(error).toBeInstanceOf(ConfigError);
              expect((error as ConfigError).field.length).toBeGreaterThan(0);
              return;
            }
            const outcome: RuleOutcome = await rule.evaluate(emptyClaims(), {
              now: 1_764_000_000,
              clockTolerance: 10,
            });
            expect(['pass', 'fail']).toContain(outcome.status);
            expect(rule.describe().kind).toBe(builtinRules[name]?.meta.name);
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'loadPolicy on arbitrary JSON or YAML text returns a policy or throws a ConfigError, never another error',
    { timeout },
    async () => {
      const node = fc.oneof(
        fc.constantFrom(...names).map((rule) => ({ rule })),
        fc.jsonValue(),
      );
      const file = fc.record(
        {
          id: fc.oneof(fc.constant('p'), fc.jsonValue()),
          version: fc.oneof(fc.constant('1'), fc.jsonValue()),
          environment: fc.constantFrom('test', 'prod', 'dev'),
          rule: fc.oneof(fc.record({ all: fc.array(node, { maxLength: 4 }) }), node),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            file.map((f) => JSON.stringify(f)),
            jsonText(),
            fc.string(),
          ),
          fc.constantFrom('json' as const, 'yaml' as const),
          async (text, format) => {
            try {
              const policy = loadPolicy({ text, format });
              expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
            } catch (error) {
              expect(error).toBeInstanceOf(ConfigError);
            }
          },
        ),
        fcOptions(),
      );
    },
  );

  it('every preset loads, is enforced at the root, and has a stable fingerprint', () => {
    for (const name of presetNames) {
      for (const env of ['test', 'prod'] as const) {
        const a = preset(name, env);
        const b = preset(name, env);
        expect(a.policy.rule.mode).toBe('enforce');
        expect(a.policy.sha256).toBe(b.policy.sha256);
      }
    }
    expect(preset('lanekassen-saldo', 'test').policy.sha256).not.toBe(
      preset('lanekassen-saldo', 'prod').policy.sha256,
    );
  });

  it(
    'explain renders every verdict in English and Norwegian, naming each reason code it denies with',
    { timeout },
    async () => {
      const policy = preset('lanekassen-saldo', 'test').policy;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            validRequest({ consentKinds: ['altinn2'] }),
            validRequest({ consentKinds: ['altinn2'] })
              .chain(presetFault)
              .map((f) => f.plan),
          ),
          fc.constantFrom('en' as const, 'nb' as const),
          async (plan, language) => {
            const verdict = await engineFor(policy, plan.clockTolerance).evaluate(signRequest(plan).input);
            const text = explain(verdict, { language });
            const [header = '', ...rest] = text.split('\n');
            expect(header).toContain(verdict.policy.id);
            for (const code of verdict.reasons) expect(header).toContain(code);
            expect(rest.length).toBeGreaterThanOrEqual(verdict.outcomes.length);
            expect(text).not.toContain(plan.person.value);
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'core builders given arbitrary options build or throw a ConfigError, never another error',
    { timeout },
    async () => {
      const keys = propertyKeys();
      const rule = defineRule({ id: 'ok', check: () => pass() });
      const policy = definePolicy({ id: 'p', version: '1', rule: all([rule]) });
      const value = fc.oneof(
        fc.anything(),
        fc.constantFrom<unknown>(
          rule,
          [rule],
          [rule, rule],
          policy,
          keys.maskinportenSet,
          'x',
          '',
          0,
          -1,
          301,
          1e9,
          Number.NaN,
          ['RS256'],
          ['HS256'],
          ['exp', 'nbf'],
          ['bogus'],
        ),
      );
      const partial = (names: readonly string[], base: Record<string, unknown>) =>
        fc.oneof(
          fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 3 }).map((o) => ({ ...base, ...o })),
          fc.anything(),
        );
      const builders: readonly [string, fc.Arbitrary<unknown>, (o: unknown) => unknown][] = [
        [
          'defineRule',
          partial(['id', 'check', 'mode', 'timeoutMs', 'kind', 'options'], { id: 'r', check: () => pass() }),
          (o) => defineRule(o as never),
        ],
        [
          'definePolicy',
          partial(['id', 'version', 'rule'], { id: 'p', version: '1', rule }),
          (o) => definePolicy(o as never),
        ],
        [
          'createEngine',
          partial(
            ['policy', 'maskinporten', 'consent', 'clockTolerance', 'personData', 'consentStore', 'clock'],
            { policy, maskinporten: { keys: keys.maskinportenSet } },
          ),
          (o) => createEngine(o as never),
        ],
        [
          'localKeySet',
          partial(['issuer', 'jwks', 'matchX5t'], { issuer: 'i', jwks: keys.maskinporten.jwks }),
          (o) => localKeySet(o as never),
        ],
        [
          'remoteKeySet',
          partial(['issuer', 'metadataUrl', 'jwksUri', 'timeoutMs', 'cooldownMs', 'maxAgeMs'], {
            issuer: 'i',
            jwksUri: 'https://example.test/jwk',
          }),
          (o) => remoteKeySet(o as never),
        ],
        ['memoryConsentStore', partial(['maxEntries', 'clock'], {}), (o) => memoryConsentStore(o as never)],
        [
          'protectPersonalData',
          partial(['mode', 'key'], { mode: 'mask' }),
          (o) => protectPersonalData(o as never),
        ],
        ['all', value, (o) => all(o as never)],
        ['any', value, (o) => any(o as never)],
        ['not', value, (o) => not(o as never)],
        ['when', fc.tuple(value, value), (o) => when(...(o as [never, never]))],
      ];
      await fc.assert(
        fc.property(
          fc
            .constantFrom(...builders)
            .chain(([name, arb, build]) => arb.map((o) => [name, o, build] as const)),
          ([name, options, build]) => {
            try {
              build(options);
            } catch (error) {
              expect(error, name).toBeInstanceOf(ConfigError);
              expect((error as ConfigError).message.length, name).toBeGreaterThan(0);
            }
          },
        ),
        fcOptions(),
      );
    },
  );

  it('createEngine refuses each bad option by name', () => {
    const keys = propertyKeys();
    const policy = definePolicy({
      id: 'p',
      version: '1',
      rule: all([defineRule({ id: 'anything', check: pass })]),
    });
    const maskinporten = { keys: keys.maskinportenSet };
    const field = (options: unknown): string => {
      try {
        createEngine(options as never);
      } catch (error) {
        return (error as ConfigError).field;
      }
      return 'built';
    };
    expect(field(null)).toBe('options');
    expect(field({ maskinporten })).toBe('policy');
    expect(field({ policy })).toBe('maskinporten');
    expect(field({ policy, maskinporten: { keys: {} } })).toBe('keys');
    expect(field({ policy, maskinporten, clockTolerance: 301 })).toBe('clockTolerance');
    expect(field({ policy, maskinporten, clockTolerance: -1 })).toBe('clockTolerance');
    expect(field({ policy, maskinporten: { ...maskinporten, algorithms: ['HS256'] } })).toBe('algorithms');
    expect(field({ policy, maskinporten: { ...maskinporten, algorithms: [] } })).toBe('algorithms');
    expect(field({ policy, maskinporten: { ...maskinporten, requiredClaims: ['sub'] } })).toBe(
      'requiredClaims',
    );
    expect(field({ policy, maskinporten, consent: { keys: 1 } })).toBe('keys');
    expect(field({ policy, maskinporten, consentStore: { store: {}, key: 'k'.repeat(16) } })).toBe(
      'consentStore.store',
    );
    expect(field({ policy, maskinporten, consentStore: { store: memoryConsentStore(), key: 'short' } })).toBe(
      'consentStore.key',
    );
    expect(
      field({ policy, maskinporten, consentStore: { store: memoryConsentStore(), key: new Uint8Array(16) } }),
    ).toBe('built');
    expect(field({ policy, maskinporten, personData: { mode: 'pseudonymise', key: 'short' } })).toBe(
      'personData.key',
    );
    expect(field({ policy, maskinporten, clockTolerance: 300 })).toBe('built');
    expect(field({ policy, maskinporten, clockTolerance: 0 })).toBe('built');
  });
});
