import { fileURLToPath } from 'node:url';
import {
  loadPolicyTests,
  type PolicyTestFile,
  preset,
  presetNames,
  renderPolicyTests,
  testPolicy,
} from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const suitePath = (name: string) => `${ROOT}packages/rules/presets/tests/${name}.tests.yaml`;
const lanekassen = preset('lanekassen-saldo', 'test').policy;

const direct = (overrides: Partial<PolicyTestFile['cases'][number]> = {}): PolicyTestFile => ({
  defaults: { now: 1_764_000_000, person: '01085301957' },
  cases: [
    {
      name: 'a direct call',
      tokens: { maskinporten: { shape: 'direct' }, consent: { shape: 'altinn2' } },
      expect: { decision: 'allow' },
      ...overrides,
    },
  ],
});

describe('the preset suites shipped in @dsop-guard/rules', () => {
  it.each(presetNames)('presets/tests/%s.tests.yaml passes against the TEST preset', async (name) => {
    const suite = loadPolicyTests({ path: suitePath(name) });
    expect(suite.problems).toEqual([]);
    const report = await testPolicy(preset(name, 'test').policy, suite);
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('the Lånekassen suite produces every reason code its policy can give, and makes every rule pass and fail', async () => {
    const report = await testPolicy(lanekassen, loadPolicyTests({ path: suitePath('lanekassen-saldo') }));
    expect(report.coverage.codes.possible.length).toBeGreaterThan(25);
    expect(report.coverage.codes.missing).toEqual([]);
    for (const node of report.coverage.nodes) {
      expect({ path: node.path, passed: node.pass > 0, failed: node.fail > 0 }).toEqual({
        path: node.path,
        passed: true,
        failed: true,
      });
    }
  });

  it('pid_missing is not among the codes of a pid rule that is not required (it cannot give it)', async () => {
    const report = await testPolicy(lanekassen, direct());
    expect(report.coverage.codes.possible).not.toContain('pid_missing');
    expect(report.coverage.codes.possible).toContain('pid_mismatch');
    expect(report.coverage.codes.possible).not.toContain('rule_error');
  });
});

describe('testPolicy', () => {
  it('a failing case says where it is, what it expected and what it got', async () => {
    const text = [
      'defaults: { now: 1764000000, person: "01085301957" }',
      'cases:',
      '  - name: holds',
      '    tokens: { maskinporten: { shape: direct }, consent: { shape: altinn2 } }',
      '    expect: { decision: allow }',
      '  - name: wrong on purpose',
      '    tokens: { maskinporten: { shape: direct } }',
      '    expect: { decision: allow, reasons: [], outcomes: { consent-required: pass, nowhere: pass } }',
    ].join('\n');
    const report = await testPolicy(
      lanekassen,
      loadPolicyTests({ text, format: 'yaml', name: 'inline.yaml' }),
    );
    expect(report.passed).toBe(false);
    const [held, failed] = report.results;
    expect(held?.status).toBe('passed');
    expect(failed).toMatchObject({
      status: 'failed',
      file: 'inline.yaml',
      line: 6,
      name: 'wrong on purpose',
    });
    expect(failed?.mismatches).toEqual([
      { kind: 'decision', expected: 'allow', actual: 'deny' },
      { kind: 'reasons', expected: [], actual: ['consent_missing'] },
      { kind: 'outcome', ruleId: 'consent-required', expected: 'pass', actual: ['fail'] },
      { kind: 'outcome', ruleId: 'nowhere', expected: 'pass', actual: [] },
    ]);
  });

  it('a malformed case file is a value with line:column and did-you-mean, never a throw', async () => {
    const suite = loadPolicyTests({ path: `${ROOT}test/rules/fixtures/broken.tests.yaml` });
    expect(suite.cases).toEqual([]);
    expect(suite.problems.map(({ path, line, column, hint }) => ({ path, line, column, hint }))).toEqual([
      { path: 'cases[0].expect.decision', line: 7, column: 5, hint: undefined }, // required: at its `expect`
      { path: 'cases[0].expect.decison', line: 7, column: 15, hint: "did you mean 'decision'?" },
      { path: 'cases[1].tokens.maskinporten.shape', line: 10, column: 23, hint: "did you mean 'direct'?" },
    ]);
    const report = await testPolicy(lanekassen, suite);
    expect(report).toMatchObject({ passed: false, results: [] });
    expect(report.problems).toEqual(suite.problems);
    expect(renderPolicyTests(report)).toContain('broken.tests.yaml:7:15: cases[0].expect.decison');
  });

  it('an unreadable file, and data in code that is not cases, are values too', async () => {
    const missing = loadPolicyTests({ path: `${ROOT}test/rules/fixtures/nope.tests.yaml` });
    expect(missing.problems[0]?.message).toMatch(/cannot read the file/);
    const report = await testPolicy(lanekassen, { cases: 'none' } as unknown as PolicyTestFile);
    expect(report.passed).toBe(false);
    expect(report.problems[0]).toMatchObject({ file: '<inline>', path: 'cases', message: 'must be array' });
  });

  it('needs exactly one of tokens and claims, a now, and unique names', async () => {
    const report = await testPolicy(lanekassen, {
      cases: [
        {
          name: 'both',
          tokens: { maskinporten: {} },
          claims: { maskinporten: {} },
          expect: { decision: 'deny' },
        },
        { name: 'both', expect: { decision: 'deny' } },
      ],
    });
    expect(report.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'cases[0]: give tokens or claims (exactly one)',
      'cases[0].now: is required',
      'cases[1]: give tokens or claims (exactly one)',
      "cases[1].name: duplicate case name 'both'",
      'cases[1].now: is required',
    ]);
  });

  it('claims of the wrong type deny with claim_invalid, in the token form and the normalised form', async () => {
    const wrong: PolicyTestFile = {
      defaults: { now: 1_764_000_000, person: '01085301957' },
      cases: [
        {
          name: 'token form',
          tokens: {
            maskinporten: { shape: 'direct', claims: { exp: 'soon' } },
            consent: { shape: 'altinn2' },
          },
          expect: { decision: 'deny', reasons: ['claim_invalid'] },
        },
        {
          name: 'consent token form',
          tokens: {
            maskinporten: { shape: 'direct' },
            consent: { shape: 'altinn2', claims: { CoveredBy: 42 } },
          },
          expect: { decision: 'deny', reasons: ['claim_invalid'], outcomes: { 'verify.consent': 'fail' } },
        },
        {
          name: 'normalised form',
          claims: {
            maskinporten: { scopes: ['lanekassen:lan/v1/saldoopplysninger'], consumer: '0192:910753614' },
          },
          expect: { decision: 'deny', reasons: ['claim_invalid'] },
        },
        {
          name: 'a member no claim has',
          claims: { maskinporten: { scope: 'lanekassen:lan/v1/saldoopplysninger' } },
          expect: { decision: 'deny', reasons: ['claim_invalid'] },
        },
      ],
    };
    const report = await testPolicy(lanekassen, wrong);
    expect(report.results.map((r) => [r.name, r.status, r.actual.reasons])).toEqual([
      ['token form', 'passed', ['claim_invalid']],
      ['consent token form', 'passed', ['claim_invalid']],
      ['normalised form', 'passed', ['claim_invalid']],
      ['a member no claim has', 'passed', ['claim_invalid']],
    ]);
  });

  it('a hand-made suite whose case has no time denies with input_malformed, never allows', async () => {
    const report = await testPolicy(lanekassen, {
      file: 'hand-made',
      defaults: {},
      problems: [],
      cases: [
        {
          file: 'hand-made',
          line: null,
          case: {
            name: 'no now',
            tokens: { maskinporten: { shape: 'direct' }, consent: { shape: 'altinn2' } },
            expect: { decision: 'allow' },
          },
        },
      ],
    });
    expect(report.results[0]?.actual).toMatchObject({ decision: 'deny', reasons: ['input_malformed'] });
    expect(report.passed).toBe(false);
  });

  it('throws only for what is not a policy', async () => {
    await expect(testPolicy({} as never, direct())).rejects.toMatchObject({ name: 'ConfigError' });
  });
});

describe('renderPolicyTests', () => {
  const failing = async () =>
    testPolicy(lanekassen, direct({ name: 'expects <an> "allow" & gets a deny', person: null }));

  it('text names the failing case in English or Norwegian', async () => {
    const report = await failing();
    const en = renderPolicyTests(report, { coverage: true });
    expect(en).toContain('FAIL <inline>');
    expect(en).toContain('decision: expected allow, actual deny');
    expect(en).toContain('person_missing (person, request.person): the request names no person');
    expect(en).toContain('1 case: 0 passed, 1 failed');
    expect(en).toMatch(/reason codes no case produced: .*consent_expired/);
    const nb = renderPolicyTests(report, { language: 'nb' });
    expect(nb).toContain('beslutning: forventet tillatt, faktisk avvist');
    expect(nb).toContain('forespørselen oppgir ingen person');
  });

  it('JUnit XML escapes what it carries; TAP has its plan; JSON parses back', async () => {
    const report = await failing();
    const junit = renderPolicyTests(report, { format: 'junit' });
    expect(junit).toContain('tests="1" failures="1" errors="0"');
    expect(junit).toContain('name="expects &lt;an&gt; &quot;allow&quot; &amp; gets a deny"');
    expect(junit).not.toMatch(/name="[^"]*<an>/);
    const tap = renderPolicyTests(report, { format: 'tap' });
    expect(tap.split('\n').slice(0, 3)).toEqual([
      'TAP version 13',
      '1..1',
      'not ok 1 - expects <an> "allow" & gets a deny',
    ]);
    const json = JSON.parse(renderPolicyTests(report, { format: 'json' }));
    expect(json).toMatchObject({
      passed: false,
      results: [{ status: 'failed', actual: { reasons: ['person_missing'] } }],
    });
  });

  it('JSON masks person numbers in the facts it shows', async () => {
    const report = await testPolicy(
      lanekassen,
      direct({
        expect: { decision: 'allow' },
        tokens: {
          maskinporten: { shape: 'direct', claims: { pid: '13097248022' } },
          consent: { shape: 'altinn2' },
        },
      }),
    );
    const json = renderPolicyTests(report, { format: 'json' });
    expect(json).not.toContain('13097248022');
    expect(json).not.toContain('01085301957');
  });

  it('refuses a format or language it does not know', async () => {
    const report = await failing();
    expect(() => renderPolicyTests(report, { format: 'html' as never })).toThrow(/format/);
    expect(() => renderPolicyTests(report, { language: 'sv' as never })).toThrow(/language/);
  });
});
