import {
  all,
  ConfigError,
  createEngine,
  definePolicy,
  defineRule,
  memoryConsentStore,
  pass,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';

// Found by "core builders given arbitrary options build or throw a ConfigError, never another error"
// (FC_SEED=3, FC_NUM_RUNS=2000; and the counterexample ["memoryConsentStore", null]): `null` options reached a
// property read and threw a TypeError. Fix: both builders check that their options are objects.
describe('regression: null options are configuration errors', () => {
  it('memoryConsentStore(null)', () => {
    expect(() => memoryConsentStore(null as never)).toThrow(ConfigError);
  });
  it('createEngine with maskinporten: null', () => {
    const policy = definePolicy({
      id: 'p',
      version: '1',
      rule: all([defineRule({ id: 'anything', check: pass })]),
    });
    expect(() => createEngine({ policy, maskinporten: null as never })).toThrow(ConfigError);
    expect(() => createEngine({ policy, maskinporten: null as never })).toThrow(/maskinporten/);
  });
});
