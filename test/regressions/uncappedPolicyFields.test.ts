import { ConfigError, definePolicy, defineRule, fail } from '@dsop-guard/core';
import { consentValidityRule, loadPolicy, PolicyError, tokenLifetimeRule } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// Found in review (issue 26): nothing bounded a policy's size or its options. A policy id of any length went
// into every verdict and decision record; a rule tree of any number of nodes was built and judged per request;
// `maxPeriod: P99999999999999999999Y` (or `maxLifetime: 1e15`) passed the schema and turned the check off while
// reading as a limit; option lists and strings had no length. Fix: documented caps, each a PolicyError (or a
// ConfigError in code) naming the field: id and version at most 128 characters, description 4 096, at most 512
// nodes, `maxPeriod` at most ten years, `maxLifetime` at most 86 400 s, option lists at most 64 items and
// option strings at most 256 characters.

const file = (rule: unknown, extra: object = {}) => ({
  text: JSON.stringify({ id: 'p', version: '1', environment: 'test', rule, ...extra }, null, 1),
  format: 'json' as const,
  name: 'caps.json',
});

function problemsOf(load: () => unknown) {
  try {
    load();
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  throw new Error('loaded');
}

const paths = (load: () => unknown) => problemsOf(load).map((p) => p.path);

describe('regression: caps on a policy and its options', () => {
  it('a policy id or version over 128 characters', () => {
    const long = 'x'.repeat(129);
    expect(paths(() => loadPolicy(file({ rule: 'issuer' }, { id: long, version: long })))).toEqual([
      'id',
      'version',
    ]);
    const rule = defineRule({ id: 'r', check: () => fail({ code: 'custom_denied', path: '' }) });
    expect(() => definePolicy({ id: long, version: '1', rule })).toThrow(
      /^id: must be at most 128 characters$/,
    );
    expect(() => definePolicy({ id: 'p', version: long, rule })).toThrow(ConfigError);
    expect(definePolicy({ id: 'x'.repeat(128), version: '1', rule }).id).toHaveLength(128);
  });

  it('a rule tree of more than 512 nodes, at the 513th', () => {
    const leaves = Array.from({ length: 600 }, (_, i) => ({ rule: 'issuer', id: `issuer-${i}` }));
    expect(problemsOf(() => loadPolicy(file({ all: leaves })))).toMatchObject([
      { path: 'rule.all[511]', message: 'the rule tree has more than 512 nodes' },
    ]);
    expect(loadPolicy(file({ all: leaves.slice(0, 511) })).id).toBe('p');
  });

  it.each([
    'P99999999999999999999Y',
    'P11Y',
    'P10Y11D',
    'P121M',
    'P3661D',
    'P1000Y',
  ])('maxPeriod %s is beyond ten years', (maxPeriod) => {
    const node = { rule: 'consent-validity', options: { maxPeriod } };
    const [problem] = problemsOf(() => loadPolicy(file(node)));
    expect(problem?.path).toMatch(/^rule(\.options\.maxPeriod)?$/);
    expect(`${problem?.path} ${problem?.message}`).toContain('maxPeriod');
    expect(() => consentValidityRule({ maxPeriod })).toThrow(ConfigError);
    expect(() => consentValidityRule({ maxPeriod })).toThrow(/maxPeriod/);
  });

  it.each(['P10Y', 'P120M', 'P3660D', 'P1Y6M', 'P3Y'])('maxPeriod %s is allowed', (maxPeriod) => {
    expect(consentValidityRule({ maxPeriod }).describe().options).toMatchObject({ maxPeriod });
  });

  it('maxLifetime over a day', () => {
    expect(paths(() => loadPolicy(file({ rule: 'token-lifetime', options: { maxLifetime: 1e15 } })))).toEqual(
      ['rule.options.maxLifetime'],
    );
    expect(() => tokenLifetimeRule({ maxLifetime: 86_401 })).toThrow(/token-lifetime\.maxLifetime/);
    expect(tokenLifetimeRule({ maxLifetime: 86_400 }).id).toBe('token-lifetime');
  });

  it('option lists over 64 items and option strings over 256 characters', () => {
    const scopes = Array.from({ length: 65 }, (_, i) => `s:${i}`);
    expect(paths(() => loadPolicy(file({ rule: 'scope', options: { scopes } })))).toEqual([
      'rule.options.scopes',
    ]);
    const issuers = [`https://${'a'.repeat(300)}/`];
    expect(paths(() => loadPolicy(file({ rule: 'issuer', options: { issuers } })))).toEqual([
      'rule.options.issuers[0]',
    ]);
  });
});
