import { fileURLToPath } from 'node:url';
import { ConfigError, defineRule, pass, type Rule } from '@dsop-guard/core';
import { loadPolicy, preset } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import { blockedConsumersRule } from '../../packages/rules/examples/blockedConsumersRule.js';
import { policyErrorOf } from '../fixtures/policyErrorOf.js';
import { CONSUMER, claims, context, DAY, decisive, NOW, org } from './claims.js';

const examples = (name: string) =>
  fileURLToPath(new URL(`../../packages/rules/examples/${name}`, import.meta.url));
const BROKEN = fileURLToPath(new URL('./fixtures/broken.policy.yaml', import.meta.url));
const custom = { 'acme.blocked-consumers': blockedConsumersRule };

const problemsOf = policyErrorOf;

const inline = (rule: unknown, extra: object = {}) => ({
  text: JSON.stringify({ id: 'p', version: '1', environment: 'test', rule, ...extra }),
  format: 'json' as const,
  name: 'inline.json',
});

describe('loadPolicy', () => {
  it('loads the Lånekassen example, which is exactly the TEST preset', () => {
    const policy = loadPolicy({ path: examples('lanekassen-test.policy.yaml') });
    expect(policy.id).toBe('lanekassen-saldo/test');
    expect(policy.sha256).toBe(preset('lanekassen-saldo', 'test').policy.sha256);
  });

  it('loads the custom-rule example and evaluates it', async () => {
    const policy = loadPolicy({ path: examples('acme-prod.policy.yaml') }, { customRules: custom });
    const skatteetaten = (consumer: string) =>
      claims({
        maskinporten: {
          iss: 'https://maskinporten.no/',
          scopes: ['skatteetaten:inntekt'],
          consumer: org(consumer),
        },
        consent: {
          coveredBy: consumer,
          services: ['4804_210607', '4804_210607_fraOgMed=2025-01'],
          validTo: NOW + 5 * DAY,
        },
      });
    const allowed = await policy.rule.evaluate(skatteetaten(CONSUMER), context);
    expect(decisive(allowed)).toEqual([]);
    // the shadow pid-trial rule failed (no pid) and is reported, but does not decide
    expect(JSON.stringify(allowed)).toContain('"ruleId":"pid-trial","status":"fail","mode":"shadow"');
    expect(decisive(await policy.rule.evaluate(skatteetaten('974760673'), context))).toEqual([
      'acme.consumer_blocked',
    ]);
  });

  it('reports every problem of a broken file with the file, the path and the likely fix', () => {
    const error = problemsOf(() => loadPolicy({ path: BROKEN }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.source).toBe(BROKEN);
    expect(error.problems).toEqual([
      expect.objectContaining({ file: BROKEN, path: 'rule.all[1].rule', hint: "did you mean 'scope'?" }),
      expect.objectContaining({ path: 'rule.all[2].options.maxPeriode', hint: "did you mean 'maxPeriod'?" }),
      expect.objectContaining({ path: 'rule.all[3].mode', hint: "did you mean 'shadow'?" }),
      expect.objectContaining({ path: 'version', hint: 'quote it: "1"' }),
    ]);
    expect(error.message).toContain(`${BROKEN}: 4 problems`);
    expect(error.message).toContain("rule.all[1].rule: unknown rule 'scpoe' (did you mean 'scope'?)");
  });

  it('rejects unknown options of rules that take none, and misspelt node kinds', () => {
    const error = problemsOf(() =>
      loadPolicy(inline({ all: [{ rule: 'token-type', options: { strict: true } }, { alll: [] }] })),
    );
    expect(error.problems.map((p) => [p.path, p.hint])).toEqual([
      ['rule.all[0].options.strict', 'this takes no options'],
      ['rule.all[1]', "did you mean 'all'?"],
    ]);
  });

  it('requires the options a rule needs, and the top-level fields', () => {
    const error = problemsOf(() =>
      loadPolicy({
        text: 'rule: { rule: scope }\nenvironment: test\nextra: 1',
        format: 'yaml',
        name: 'x.yaml',
      }),
    );
    expect(error.problems.map((p) => p.path)).toEqual(['extra', 'id', 'rule.options', 'version']);
  });

  it('reports syntax errors, unknown file types and missing files', () => {
    expect(problemsOf(() => loadPolicy({ text: '{', format: 'json' })).problems[0]?.message).toMatch(
      /invalid JSON/,
    );
    expect(problemsOf(() => loadPolicy({ text: 'a: [', format: 'yaml' })).problems[0]?.message).toMatch(
      /invalid YAML/,
    );
    expect(problemsOf(() => loadPolicy({ text: 'a: 1\na: 2', format: 'yaml' })).problems[0]?.message).toBe(
      "duplicate member 'a'",
    );
    expect(problemsOf(() => loadPolicy({ path: 'policy.toml' })).problems[0]?.hint).toBe(
      'use .json, .yaml or .yml',
    );
    expect(problemsOf(() => loadPolicy({ path: 'nowhere.yaml' })).problems[0]?.message).toMatch(
      /cannot read/,
    );
  });

  it('turns build-time errors (duplicate ids, a shadow root, bad custom options) into problems', () => {
    const dup = problemsOf(() => loadPolicy(inline({ all: [{ rule: 'issuer' }, { rule: 'issuer' }] })));
    expect(dup.problems[0]).toMatchObject({ path: 'rule', message: expect.stringContaining('duplicate') });
    const shadowRoot = problemsOf(() => loadPolicy(inline({ rule: 'issuer', mode: 'shadow' })));
    expect(shadowRoot.problems[0]?.path).toBe('rule');
    const badCustom = problemsOf(() =>
      loadPolicy(inline({ rule: 'acme.blocked-consumers', options: { blocked: ['1'] } }), {
        customRules: custom,
      }),
    );
    expect(badCustom.problems[0]).toMatchObject({
      path: 'rule',
      message: expect.stringContaining('blocked'),
    });
  });

  it('refuses custom rules that shadow a built-in or ignore the id and mode', () => {
    expect(() =>
      loadPolicy(inline({ rule: 'issuer' }), { customRules: { issuer: () => ({}) as Rule } }),
    ).toThrow('customRules.issuer');
    const stubborn = () => defineRule({ id: 'fixed', check: () => pass() });
    const error = problemsOf(() =>
      loadPolicy(inline({ rule: 'acme.stubborn', id: 'x', mode: 'shadow' }), {
        customRules: { 'acme.stubborn': stubborn },
      }),
    );
    expect(error.problems[0]?.message).toBe("custom rule 'acme.stubborn' ignored id and mode");
  });

  it('builds every combinator and fills in the environment', async () => {
    const policy = loadPolicy(
      inline(
        {
          all: [
            { rule: 'issuer' },
            {
              any: [
                { rule: 'scope', options: { scopes: ['x:y'] } },
                { rule: 'scope', id: 'lk', options: { scopes: ['lanekassen:lan/v1/saldoopplysninger'] } },
              ],
            },
            { not: { rule: 'pid', options: { required: true } }, id: 'no-pid' },
            // biome-ignore lint/suspicious/noThenProperty: a policy file's `when` node
            { when: { if: { rule: 'consent-required' }, then: { rule: 'consent-issuer' } } },
            { rule: 'audience', options: { audiences: ['https://x/'] }, mode: 'shadow' },
          ],
          id: 'root',
        },
        { environment: 'prod' },
      ),
    );
    const testClaims = await policy.rule.evaluate(claims(), context);
    expect(decisive(testClaims)).toEqual(['issuer_mismatch']); // prod issuer; the shadow audience never decides
    const prod = await policy.rule.evaluate(
      claims({ maskinporten: { iss: 'https://maskinporten.no/' } }),
      context,
    );
    expect(prod.status).toBe('pass');
  });

  it('records options in the fingerprint', () => {
    const a = loadPolicy(inline({ rule: 'token-lifetime', options: { maxLifetime: 120 } }));
    const b = loadPolicy(inline({ rule: 'token-lifetime' }));
    const c = loadPolicy(inline({ rule: 'token-lifetime', options: { maxLifetime: 121 } }));
    expect(a.sha256).toBe(b.sha256); // defaults are recorded resolved
    expect(c.sha256).not.toBe(a.sha256);
  });
});
