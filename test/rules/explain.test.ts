import { ConfigError, type RuleOutcome, reasonCodes, type Verdict } from '@dsop-guard/core';
import { explain, preset } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import { claims, context, decisive } from './claims.js';

const lanekassen = preset('lanekassen-saldo', 'test');

async function verdictFor(overrides: Parameters<typeof claims>[0]): Promise<Verdict> {
  const root = await lanekassen.policy.rule.evaluate(claims(overrides), context);
  const pass = (ruleId: string): RuleOutcome => ({ ruleId, status: 'pass', mode: 'enforce', violations: [] });
  const policyOutcome: RuleOutcome = {
    ruleId: 'policy',
    status: root.status,
    mode: 'enforce',
    violations: [],
    children: [root],
  };
  const violations = [root].flatMap(function collect(o: RuleOutcome): RuleOutcome['violations'] {
    return o.mode === 'shadow' || o.status === 'pass'
      ? []
      : [...o.violations, ...(o.children ?? []).flatMap(collect)];
  });
  const { id, version, sha256 } = lanekassen.policy;
  return {
    decision: decisive(root).length === 0 ? 'allow' : 'deny',
    reasons: [...new Set(violations.map((v) => v.code))],
    violations,
    outcomes: [pass('verify.maskinporten'), pass('verify.consent'), policyOutcome],
    subject: { consumer: '0192:910753614', supplier: null, delegation: 'direct', person: '*********57' },
    tokens: { maskinporten: null, consent: null },
    consentSource: 'altinn2',
    policy: { id, version, sha256 },
    evaluatedAt: context.now,
    requestId: 'req-1',
  };
}

function count(o: RuleOutcome): number {
  return 1 + (o.children ?? []).reduce((n, c) => n + count(c), 0);
}

describe('explain', () => {
  it('writes a header and one indented line per rule outcome', async () => {
    const verdict = await verdictFor({ maskinporten: { scopes: [] } });
    const lines = explain(verdict).split('\n');
    expect(lines).toHaveLength(1 + verdict.outcomes.reduce((n, o) => n + count(o), 0));
    expect(lines[0]).toBe(
      `DENY lanekassen-saldo/test@1.0.0 (sha256 ${lanekassen.policy.sha256.slice(0, 12)}): scope_missing`,
    );
    expect(lines).toContain('  pass verify.maskinporten');
    expect(lines.find((l) => l.includes('FAIL scope '))).toBe(
      '      FAIL scope — scope_missing: a required scope is missing (maskinporten.scope; expected [lanekassen:lan/v1/saldoopplysninger]; actual [])',
    );
  });

  it('writes Norwegian', async () => {
    const text = explain(await verdictFor({ consent: { validTo: context.now - 100 } }), { language: 'nb' });
    expect(text.split('\n')[0]).toMatch(/^AVVIST .*: consent_expired$/);
    expect(text).toContain('FEIL consent-validity — consent_expired: samtykket er utløpt');
  });

  it('allows, and marks shadow outcomes', async () => {
    const verdict = await verdictFor({});
    const shadowed: Verdict = {
      ...verdict,
      outcomes: [...verdict.outcomes, { ruleId: 'trial', status: 'fail', mode: 'shadow', violations: [] }],
    };
    const text = explain(shadowed);
    expect(text.startsWith('ALLOW ')).toBe(true);
    expect(text).toContain('  FAIL trial [shadow]');
  });

  it('has a message for every reason code in both languages', () => {
    for (const language of ['en', 'nb'] as const) {
      const outcomes: RuleOutcome[] = reasonCodes.map((code) => ({
        ruleId: code,
        status: 'fail',
        mode: 'enforce',
        violations: [{ code, ruleId: code, path: '' }],
      }));
      const lines = explain(
        {
          ...({} as Verdict),
          decision: 'deny',
          reasons: [],
          outcomes,
          policy: { id: 'p', version: '1', sha256: '0' },
        },
        { language },
      )
        .split('\n')
        .slice(1);
      for (const [i, line] of lines.entries()) expect(line).toMatch(new RegExp(`— ${reasonCodes[i]}: \\S`));
    }
  });

  it('rejects an unknown language', async () => {
    expect(() => explain(undefined as unknown as Verdict, { language: 'de' as 'en' })).toThrow(ConfigError);
  });
});
