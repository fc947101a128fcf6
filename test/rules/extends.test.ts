import { fileURLToPath } from 'node:url';
import { loadPolicy, loadPolicyFile, PolicyError, preset, testPolicy } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import { blockedConsumersRule } from '../../packages/rules/examples/blockedConsumersRule.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const customRules = { 'acme.blocked-consumers': blockedConsumersRule };
const yaml = (...lines: string[]) => ({ text: lines.join('\n'), format: 'yaml' as const, name: 'p.yaml' });
const head = ['id: acme/x', 'version: "1"'];

function problemsOf(source: ReturnType<typeof yaml>): string[] {
  try {
    loadPolicyFile(source, { customRules });
  } catch (e) {
    if (e instanceof PolicyError)
      return e.problems.map(
        (p) => `${p.line}:${p.column} ${p.path}: ${p.message}${p.hint === undefined ? '' : ` (${p.hint})`}`,
      );
    throw e;
  }
  return [];
}

describe('a policy file that extends a preset', () => {
  it('inherits the preset: its rules, transport and issuers, with add, replace and shadow applied', () => {
    const loaded = loadPolicyFile(
      { path: `${ROOT}packages/rules/examples/acme-lanekassen-prod.policy.yaml` },
      { customRules },
    );
    const base = preset('lanekassen-saldo', 'prod', { altinn3Resource: 'lanekassen-saldo-samtykke' });
    expect(loaded.transport).toEqual(base.transport);
    expect(loaded.transport?.authorization).toBe('raw');
    expect(loaded.transport?.consentHeader).toBe('consent-id');
    expect(loaded.preset).toMatchObject({
      name: 'lanekassen-saldo',
      environment: 'prod',
      issuer: base.issuer,
      policy: loaded.policy,
    });
    const rules = loaded.policy.rule.describe().children ?? [];
    const baseRules = base.policy.rule.describe().children ?? [];
    expect(rules.map((r) => r.id)).toEqual([...baseRules.map((r) => r.id), 'acme.blocked-consumers']);
    expect(rules.find((r) => r.id === 'client-amr')?.options).toEqual({ allowed: ['virksomhetssertifikat'] });
    expect(rules.find((r) => r.id === 'pid')?.mode).toBe('shadow');
    expect(rules.filter((r) => r.mode === 'shadow').map((r) => r.id)).toEqual(['pid']);
    expect(
      loadPolicy({ path: `${ROOT}packages/rules/examples/acme-lanekassen-prod.policy.yaml` }, { customRules })
        .sha256,
    ).toBe(loaded.policy.sha256);
  });

  it('extending without changes gives the preset’s rule tree exactly', () => {
    for (const env of ['test', 'prod'] as const) {
      const { policy } = loadPolicyFile(yaml(...head, `extends: skatteetaten-inntekt/${env}`));
      expect(policy.rule.describe()).toEqual(preset('skatteetaten-inntekt', env).policy.rule.describe());
    }
  });

  it('a rule in shadow mode reports, never denies', async () => {
    const { policy } = loadPolicyFile(yaml(...head, 'extends: lanekassen-saldo/test', 'shadow: [pid]'));
    const report = await testPolicy(policy, {
      defaults: { now: 1_764_000_000, person: '01085301957' },
      cases: [
        {
          name: 'another pid',
          tokens: {
            maskinporten: { shape: 'direct', claims: { pid: '13097248022' } },
            consent: { shape: 'altinn2' },
          },
          expect: { decision: 'allow', outcomes: { pid: 'fail' } },
        },
      ],
    });
    expect(report.results[0]?.mismatches).toEqual([]);
  });

  it('names every problem at its line, with the nearest id', () => {
    expect(
      problemsOf(
        yaml(
          ...head,
          'extends: lanekassen-saldo/prod',
          'environment: test',
          'rule: {rule: issuer}',
          'shadow: [pdi]',
          'replace:',
          '  scpoe: {rule: scope, options: {scopes: [x]}}',
          'add:',
          '  - rule: issuer',
          '  - rule: scope',
          '    id: x',
          '    options: {scopes: [1]}',
        ),
      ),
    ).toEqual([
      "10:5 add[0]: the id 'issuer' is taken (lanekassen-saldo/prod has it: use replace.issuer, or give this one another id)",
      '13:24 add[1].options.scopes[0]: must be string (quote it: "1")',
      "4:1 environment: must be 'prod', the environment of lanekassen-saldo/prod (or leave it out: it comes from extends)",
      "8:3 replace.scpoe: no rule 'scpoe' in lanekassen-saldo/prod (did you mean 'scope'?)",
      '5:1 rule: a policy that extends a preset has no rule of its own (use add, replace or shadow)',
      "6:10 shadow[0]: no rule 'pdi' in lanekassen-saldo/prod (did you mean 'pid'?)",
    ]);
    expect(problemsOf(yaml(...head, 'extends: lanekassen-saldo/prd'))).toEqual([
      expect.stringMatching(/^3:1 extends: must be one of .*\(did you mean 'lanekassen-saldo\/prod'\?\)$/),
    ]);
    expect(
      problemsOf(yaml(...head, 'extends: lanekassen-saldo/prod', 'replace:', '  scope: {rule: scpe}')),
    ).toEqual(["5:11 replace.scope.rule: unknown rule 'scpe' (did you mean 'scope'?)"]);
    expect(
      problemsOf(
        yaml(
          ...head,
          'extends: lanekassen-saldo/prod',
          'add:',
          '  - rule: acme.blocked-consumers',
          '    options: {blocked: [x]}',
        ),
      ),
      // A custom rule's factory refuses its options at the node, as in any policy file.
    ).toEqual(['5:5 add[0]: acme.blocked-consumers.blocked[0]: must match ^\\d{9}$']);
  });

  it('add, replace, shadow and presetOptions only with extends; rule and environment without it', () => {
    expect(
      problemsOf(yaml(...head, 'environment: test', 'rule: {rule: issuer}', 'shadow: [pid]', 'add: []')),
    ).toEqual([
      '6:1 add: only with extends (extends: <preset>/<environment>)',
      '5:1 shadow: only with extends (extends: <preset>/<environment>)',
    ]);
    expect(problemsOf(yaml(...head))).toEqual([
      'null:null environment: is required',
      'null:null rule: is required',
    ]);
  });
});

describe('the transport of a policy file', () => {
  const transport = [
    'transport:',
    '  authorization: bearer',
    '  consentHeader: altinnsamtykke',
    '  personHeaders: []',
    '  requestIdHeader: korrelasjonsid',
  ];

  it('is the file’s own, else the preset’s, else undefined (check and serve then refuse the policy)', () => {
    expect(
      loadPolicyFile(yaml(...head, 'environment: test', 'rule: {rule: issuer}')).transport,
    ).toBeUndefined();
    expect(
      loadPolicyFile(yaml(...head, 'environment: test', 'rule: {rule: issuer}', ...transport)).transport,
    ).toEqual({
      authorization: 'bearer',
      consentHeader: 'altinnsamtykke',
      personHeaders: [],
      requestIdHeader: 'korrelasjonsid',
    });
    const over = loadPolicyFile(yaml(...head, 'extends: lanekassen-saldo/test', ...transport));
    expect(over.transport?.authorization).toBe('bearer');
    expect(over.preset?.transport).toBe(over.transport);
  });

  it('must be whole, its header names lower case', () => {
    expect(
      problemsOf(
        yaml(
          ...head,
          'extends: lanekassen-saldo/test',
          'transport: {authorization: raw, consentHeader: Consent-ID}',
        ),
      ),
    ).toEqual([
      "4:33 transport.consentHeader: must match ^[a-z0-9!#$%&'*+.^_`|~-]+$ (The Altinn 2 consent header, lower case.)",
      '4:1 transport.personHeaders: is required',
      '4:1 transport.requestIdHeader: is required',
    ]);
  });
});
