import { ConfigError, type RuleOutcome, type Verdict, type Violation } from '@dsop-guard/core';
import { explain } from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

// explain's exact text for hand-built verdicts: the header, one line per outcome, and how a violation's path
// and facts are written. (test/rules/explain.test.ts drives it with a real preset.)

const SHA = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

function verdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    decision: 'allow',
    reasons: [],
    violations: [],
    outcomes: [],
    subject: { consumer: '0192:910753614', supplier: null, delegation: 'direct', person: '*********57' },
    tokens: { maskinporten: null, consent: null },
    consentSource: 'altinn2',
    policy: { id: 'acme/test', version: '2', sha256: SHA },
    evaluatedAt: 1_760_000_000,
    requestId: null,
    ...overrides,
  };
}

const outcome = (
  ruleId: string,
  status: RuleOutcome['status'],
  violations: Omit<Violation, 'ruleId'>[] = [],
  extra: Partial<RuleOutcome> = {},
): RuleOutcome => ({
  ruleId,
  status,
  mode: 'enforce',
  violations: violations.map((v) => ({ ...v, ruleId })),
  ...extra,
});

/** The line explain writes for one failed outcome holding `v`. */
function lineFor(v: Omit<Violation, 'ruleId'>, language: 'en' | 'nb' = 'en'): string {
  const text = explain(verdict({ decision: 'deny', outcomes: [outcome('r', 'fail', [v])] }), { language });
  return text.split('\n')[1] ?? '';
}

describe('explain: the header', () => {
  it('writes the decision, policy id@version and the first 12 hex digits of the sha256, and no reasons on allow', () => {
    expect(explain(verdict())).toBe('ALLOW acme/test@2 (sha256 0123456789ab)');
    expect(explain(verdict(), { language: 'nb' })).toBe('TILLATT acme/test@2 (sha256 0123456789ab)');
  });

  it('lists the reasons after a colon, comma-separated', () => {
    const denied = verdict({ decision: 'deny', reasons: ['scope_missing', 'consent_expired'] });
    expect(explain(denied)).toBe('DENY acme/test@2 (sha256 0123456789ab): scope_missing, consent_expired');
    expect(explain(denied, { language: 'nb' })).toBe(
      'AVVIST acme/test@2 (sha256 0123456789ab): scope_missing, consent_expired',
    );
  });
});

describe('explain: one line per outcome', () => {
  it('indents children under their combinator and names every status', () => {
    const tree = outcome('all(a,b,c,d)', 'fail', [], {
      children: [
        outcome('a', 'pass'),
        outcome('b', 'skipped'),
        outcome('c', 'error', [{ code: 'rule_error', path: '' }]),
        outcome('d', 'fail', [], { mode: 'shadow' }),
      ],
    });
    const v = verdict({
      decision: 'deny',
      reasons: ['rule_error'],
      outcomes: [outcome('input', 'pass'), tree],
    });
    expect(explain(v).split('\n')).toEqual([
      'DENY acme/test@2 (sha256 0123456789ab): rule_error',
      '  pass input',
      '  FAIL all(a,b,c,d)',
      '    pass a',
      '    skip b',
      '    ERROR c — rule_error: a rule failed to run',
      '    FAIL d [shadow]',
    ]);
    expect(explain(v, { language: 'nb' }).split('\n').slice(1)).toEqual([
      '  ok input',
      '  FEIL all(a,b,c,d)',
      '    ok a',
      '    hoppet over b',
      '    KJØREFEIL c — rule_error: en regel feilet under kjøring',
      '    FEIL d [skygge]',
    ]);
  });

  it('joins several violations of one outcome with semicolons', () => {
    const v = verdict({
      decision: 'deny',
      outcomes: [
        outcome('consumer', 'fail', [
          { code: 'consumer_invalid', path: 'maskinporten.consumer' },
          { code: 'supplier_invalid', path: 'maskinporten.supplier.ID' },
        ]),
      ],
    });
    expect(explain(v).split('\n')[1]).toBe(
      '  FAIL consumer — consumer_invalid: the consumer is not a valid organisation (maskinporten.consumer); ' +
        'supplier_invalid: the supplier is not a valid organisation (maskinporten.supplier.ID)',
    );
  });
});

describe('explain: a violation', () => {
  it('writes the path, then the expected and actual facts, separated by semicolons', () => {
    expect(
      lineFor({ code: 'issuer_mismatch', path: 'maskinporten.iss', expected: ['a', 'b'], actual: 'c' }),
    ).toBe(
      '  FAIL r — issuer_mismatch: the token issuer is not the expected one (maskinporten.iss; expected [a, b]; actual c)',
    );
  });

  it('writes instants as ISO 8601 with the offset, bounds included; durations and other numbers as they are', () => {
    expect(
      lineFor({
        code: 'token_expired',
        path: 'maskinporten.exp',
        expected: '> 1764000000',
        actual: 1763999000,
      }),
    ).toBe(
      '  FAIL r — token_expired: the token has expired (maskinporten.exp; expected > 2025-11-24T16:00:00+00:00; actual 2025-11-24T15:43:20+00:00)',
    );
    expect(
      lineFor({ code: 'consent_expired', path: 'consent.validTo', expected: 1764000000, actual: 1e300 }),
    ).toContain('(consent.validTo; expected 2025-11-24T16:00:00+00:00; actual 1e+300)');
    expect(
      lineFor({ code: 'token_lifetime_exceeded', path: 'maskinporten.exp', expected: 120, actual: 300 }),
    ).toContain('(maskinporten.exp; expected 120; actual 300)');
  });

  it('writes Norwegian words for the facts', () => {
    expect(
      lineFor(
        { code: 'token_lifetime_exceeded', path: 'maskinporten.exp', expected: 120, actual: 300 },
        'nb',
      ),
    ).toBe(
      '  FEIL r — token_lifetime_exceeded: tokenet har for lang levetid (maskinporten.exp; forventet 120; faktisk 300)',
    );
  });

  it.each([
    [{ path: 'consent.iss', actual: null }, '(consent.iss; actual null)'],
    [{ path: 'consent.iss', expected: 'altinn.no' }, '(consent.iss; expected altinn.no)'],
    [{ path: '', expected: false, actual: true }, '(expected false; actual true)'],
    [{ path: '', actual: [] }, '(actual [])'],
    [{ path: 'consent.iss' }, '(consent.iss)'],
  ] as const)('writes %j as %s', (facts, where) => {
    expect(lineFor({ code: 'consent_issuer_mismatch', ...facts })).toBe(
      `  FAIL r — consent_issuer_mismatch: the consent issuer is not the expected one ${where}`,
    );
  });

  it('writes no parentheses when there is neither a path nor a fact', () => {
    expect(lineFor({ code: 'consent_missing', path: '' })).toBe('  FAIL r — consent_missing: no consent');
  });
});

describe('explain: options', () => {
  it.each(['de', '', 'EN'])('refuses the language %j with a ConfigError naming language', (language) => {
    let error: unknown;
    try {
      explain(verdict(), { language: language as 'en' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: 'language', message: "language: must be 'en' or 'nb'" });
  });
});
