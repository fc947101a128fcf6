import {
  ConfigError,
  decisiveViolations,
  type Policy,
  type RuleOutcome,
  type VerdictCode,
  type Violation,
} from '@dsop-guard/core';
import { caseClaims } from './caseClaims.js';
import { type CoverageTally, collectCoverage } from './collectCoverage.js';
import { checkPolicyTests } from './loadPolicyTests.js';
import type { LoadPolicyOptions } from './loadPolicyTypes.js';
import type {
  LocatedCase,
  NodeCoverage,
  OutcomeStatus,
  PolicyCoverage,
  PolicyTestActual,
  PolicyTestFile,
  PolicyTestMismatch,
  PolicyTestReport,
  PolicyTestResult,
  PolicyTests,
} from './policyTestTypes.js';
import { NOWHERE } from './positionLocator.js';

/**
 * Options of {@link testPolicy}.
 *
 * @example
 * ```ts
 * const options: TestPolicyOptions = { customRules: { 'acme.blocked-consumers': blockedConsumersRule } };
 * ```
 */
export interface TestPolicyOptions {
  /**
   * The custom rules the policy was loaded with: their `meta.codes` (the built-in codes a `customRule` may give)
   * count among the policy's reason codes in the coverage. Their own declared codes count without this.
   * @defaultValue `{}`
   */
  readonly customRules?: LoadPolicyOptions['customRules'];
}

const DEFAULT_CLOCK_TOLERANCE = 10;
const PASSED: RuleOutcome = { ruleId: 'input', status: 'pass', mode: 'enforce', violations: [] };
const skipped = (ruleId: string): RuleOutcome => ({
  ruleId,
  status: 'skipped',
  mode: 'enforce',
  violations: [],
});
const STEP_IDS = ['verify.maskinporten', 'verify.consent'] as const;

function stepOutcome(
  ruleId: string,
  violations: readonly { code: VerdictCode; path: string }[],
): RuleOutcome {
  if (violations.length === 0) return { ruleId, status: 'pass', mode: 'enforce', violations: [] };
  return {
    ruleId,
    status: 'fail',
    mode: 'enforce',
    violations: violations.map((v) => ({ ...v, ruleId }) as Violation),
  };
}

/** The root rule's outcome; a rule that breaks its contract and rejects is an error, never a pass. */
async function evaluateRoot(
  policy: Policy,
  claims: Parameters<Policy['rule']['evaluate']>[0],
  now: number,
  clockTolerance: number,
) {
  const context = Object.freeze({ now, clockTolerance, onRuleError: () => {} });
  try {
    return await policy.rule.evaluate(claims, context);
  } catch {
    const violation: Violation = { code: 'rule_error', ruleId: policy.rule.id, path: '' };
    return {
      ruleId: policy.rule.id,
      status: 'error',
      mode: 'enforce',
      violations: [violation],
    } as RuleOutcome;
  }
}

/** The verdict's decisive parts for one case: what the engine would decide over these claims. */
async function run(policy: Policy, tests: PolicyTests, located: LocatedCase): Promise<PolicyTestActual> {
  const c = located.case;
  const now = (c.now ?? tests.defaults.now) as number;
  const person = c.person === undefined ? tests.defaults.person : c.person;
  const clockTolerance = c.clockTolerance ?? tests.defaults.clockTolerance ?? DEFAULT_CLOCK_TOLERANCE;
  let made: ReturnType<typeof caseClaims>;
  // Cases loaded or checked have a time; hand-made PolicyTests may not: no time is a malformed input, a deny.
  const timed = typeof now === 'number' && Number.isFinite(now) && now >= 1_000_000_000;
  try {
    if (!timed) throw new RangeError('now');
    made = caseClaims(c, tests, now, person ?? undefined);
  } catch {
    // Data no claim can hold (a case built in code with a function, a cycle): a claim of the wrong type.
    made = {
      ok: false,
      step: 'verify.maskinporten',
      violations: [{ code: 'claim_invalid', path: 'maskinporten' }],
    };
  }
  let outcomes: RuleOutcome[];
  if (!timed) {
    const input: RuleOutcome = {
      ruleId: 'input',
      status: 'fail',
      mode: 'enforce',
      violations: [{ code: 'input_malformed', ruleId: 'input', path: 'now', expected: 'epoch seconds' }],
    };
    outcomes = [input, skipped(STEP_IDS[0]), skipped(STEP_IDS[1]), skipped('policy')];
  } else if (!made.ok) {
    const consentStep = made.step === 'verify.consent';
    outcomes = [
      PASSED,
      consentStep ? stepOutcome(STEP_IDS[0], []) : stepOutcome(STEP_IDS[0], made.violations),
      consentStep ? stepOutcome(STEP_IDS[1], made.violations) : skipped(STEP_IDS[1]),
      skipped('policy'),
    ];
  } else {
    const root = await evaluateRoot(policy, made.claims, now, clockTolerance);
    const consent = made.claims.consent === undefined ? skipped(STEP_IDS[1]) : stepOutcome(STEP_IDS[1], []);
    const wrapped: RuleOutcome = {
      ruleId: 'policy',
      status: root.status,
      mode: 'enforce',
      violations: [],
      children: [root],
    };
    outcomes = [PASSED, stepOutcome(STEP_IDS[0], []), consent, wrapped];
  }
  const violations = outcomes.flatMap(decisiveViolations);
  return {
    decision: violations.length === 0 ? 'allow' : 'deny',
    reasons: [...new Set(violations.map((v) => v.code))],
    violations,
    outcomes,
  };
}

function statusesOf(outcomes: readonly RuleOutcome[], ruleId: string): OutcomeStatus[] {
  const found: OutcomeStatus[] = [];
  const stack = [...outcomes];
  for (let o = stack.shift(); o !== undefined; o = stack.shift()) {
    if (o.ruleId === ruleId) found.push(o.status);
    stack.push(...(o.children ?? []));
  }
  return found;
}

function mismatches(located: LocatedCase, actual: PolicyTestActual): PolicyTestMismatch[] {
  const { expect } = located.case;
  const found: PolicyTestMismatch[] = [];
  if (expect.decision !== actual.decision)
    found.push({ kind: 'decision', expected: expect.decision, actual: actual.decision });
  if (expect.reasons !== undefined) {
    const want = [...new Set(expect.reasons)].sort();
    const got = [...actual.reasons].sort();
    if (want.join('\u0000') !== got.join('\u0000'))
      found.push({ kind: 'reasons', expected: want, actual: got });
  }
  for (const [ruleId, status] of Object.entries(expect.outcomes ?? {})) {
    const got = statusesOf(actual.outcomes, ruleId);
    if (got.length === 0 || got.some((s) => s !== status))
      found.push({ kind: 'outcome', ruleId, expected: status, actual: got });
  }
  return found;
}

/**
 * The coverage in testPolicy's shape: the policy's nodes with their place in the file, and its codes with those
 * no case produced (the engine's steps' codes count as produced: a claim of the wrong type is claim_invalid).
 */
function policyCoverageOf(tally: CoverageTally): PolicyCoverage {
  const nodes = tally.nodes
    .filter((n) => n.at !== null)
    .map(
      (n): NodeCoverage => ({
        path: n.at as string,
        ruleId: n.path[n.path.length - 1] as string,
        kind: n.kind as string,
        mode: n.mode,
        pass: n.pass,
        fail: n.fail,
        skipped: n.skipped,
        error: n.error,
      }),
    );
  const possible = tally.possible ?? [];
  const produced = new Set(tally.seen.map((s) => s.code));
  return {
    nodes,
    codes: { possible, produced: [...produced], missing: possible.filter((c) => !produced.has(c)) },
  };
}

const isLoaded = (value: PolicyTests | PolicyTestFile): value is PolicyTests =>
  Array.isArray((value as PolicyTests).problems) && typeof (value as PolicyTests).file === 'string';

/**
 * Runs policy test cases against a policy, as the engine would judge their claims: the claims are normalised as
 * the engine normalises verified tokens (or taken as given, type-checked), the policy's rules are evaluated
 * at the case's `now`, and the decision and reasons are the engine's (enforced failures only). Then each case's
 * expectations (decision; reasons, exactly, in any order; rule outcomes by id) are compared with what it got.
 * What the cases do not judge: signatures, key sets and token times, which token verification checks before the
 * policy runs (use the test kit and the engine for those).
 *
 * Never throws for bad cases: problems of the cases (from {@link loadPolicyTests}, or found checking data given
 * in code) are in `problems`, and the report fails. Usable in a Vitest or Jest test:
 * `expect((await testPolicy(policy, suite)).passed).toBe(true)`.
 *
 * @param policy - the policy under test (`loadPolicy`, `preset(…).policy`, `definePolicy`).
 * @param tests - loaded cases ({@link loadPolicyTests}) or {@link PolicyTestFile} data; or a list of them (many
 *   files: each case with its own file's defaults, one coverage over them all).
 * @returns every case's result with file and line, the coverage, and `passed`.
 * @throws ConfigError for a `policy` that is not one, or bad `options`.
 *
 * @example
 * ```ts
 * import { loadPolicyTests, preset, testPolicy } from '@dsop-guard/rules';
 *
 * const policy = preset('lanekassen-saldo', 'test').policy;
 * const report = await testPolicy(policy, loadPolicyTests({ path: 'lanekassen.tests.yaml' }));
 * for (const r of report.results.filter((r) => r.status === 'failed')) console.log(r.file, r.line, r.mismatches);
 * report.coverage.codes.missing; // the policy's reason codes no case produced
 * ```
 */
export async function testPolicy(
  policy: Policy,
  tests: PolicyTests | PolicyTestFile | readonly (PolicyTests | PolicyTestFile)[],
  options: TestPolicyOptions = {},
): Promise<PolicyTestReport> {
  if (typeof policy?.rule?.evaluate !== 'function' || typeof policy.rule.describe !== 'function')
    throw new ConfigError('policy', 'must be a policy (loadPolicy, preset(…).policy or definePolicy)');
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const custom = new Map(Object.entries(options.customRules ?? {}));
  const meta = (kind: string) =>
    (custom.get(kind) as { meta?: { codes?: readonly string[] } } | undefined)?.meta?.codes;
  const suites: PolicyTests[] = (Array.isArray(tests) ? tests : [tests]).map((t: unknown) =>
    typeof t === 'object' && t !== null && isLoaded(t as PolicyTests)
      ? (t as PolicyTests)
      : checkPolicyTests('<inline>', t, () => NOWHERE),
  );
  const coverage = collectCoverage({ rule: policy.rule.describe(), meta });
  const results: PolicyTestResult[] = [];
  for (const suite of suites) {
    for (const located of suite.cases) {
      const actual = await run(policy, suite, located);
      coverage.add(actual.outcomes, actual.decision === 'allow');
      const found = mismatches(located, actual);
      results.push({
        name: located.case.name,
        file: located.file,
        line: located.line,
        status: found.length === 0 ? 'passed' : 'failed',
        expected: located.case.expect,
        actual,
        mismatches: found,
      });
    }
  }
  const problems = suites.flatMap((s) => s.problems);
  return {
    policy: { id: policy.id, version: policy.version, sha256: policy.sha256 },
    passed: problems.length === 0 && results.length > 0 && results.every((r) => r.status === 'passed'),
    problems,
    results,
    coverage: policyCoverageOf(coverage.result()),
  };
}
