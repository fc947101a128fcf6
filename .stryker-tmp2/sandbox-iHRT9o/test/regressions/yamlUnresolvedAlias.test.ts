// @ts-nocheck
import { ConfigError } from '@dsop-guard/core';
import { loadPolicy } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Found by "loadPolicy on arbitrary JSON or YAML text returns a policy or throws a ConfigError, never another
// error" (seed 1212444645, counterexample ["*!", "yaml"]): the yaml package parsed `*!` without errors, then
// threw a ReferenceError (unresolved alias) when converting the document. Fix: loadPolicy reports it as a
// ConfigError problem like any other invalid YAML.
describe('regression: an unresolved YAML alias', () => {
  it('is a ConfigError naming the file, not a ReferenceError', () => {
    expect(() => loadPolicy({ text: '*!', format: 'yaml', name: 'alias.policy.yaml' })).toThrow(ConfigError);
    expect(() => loadPolicy({ text: '*!', format: 'yaml', name: 'alias.policy.yaml' })).toThrow(
      /alias\.policy\.yaml/,
    );
  });
});
