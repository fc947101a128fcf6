import type { PolicyFacts, RuleMode, RuleOutcome, VerdictCode, Violation } from '@dsop-guard/core';
import type { PolicyProblem } from './policyError.js';

/** The status of a rule outcome, as a case expects it. */
export type OutcomeStatus = RuleOutcome['status'];

/**
 * A Maskinporten token's claims as a case gives them: one of the test kit's shapes (`createClaimFactory`) with
 * claims merged over its defaults and some removed, or (without `shape`) the whole payload in `claims`.
 */
export interface CaseMaskinportenToken {
  readonly shape?: 'direct' | 'supplier' | 'system-user' | 'altinn3';
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
  /** Epoch seconds the token is minted at. Default the case's `now`. */
  readonly mintedAt?: number;
}

/** An Altinn 2 consent token's claims as a case gives them: the test kit's `altinn2` shape, or the whole payload. */
export interface CaseConsentToken {
  readonly shape?: 'altinn2';
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
  readonly handledBy?: string;
  readonly mintedAt?: number;
}

/**
 * What a case expects: the decision, and optionally exactly which reason codes (in any order) and the status of
 * rules by id (every outcome with that id must have it).
 */
export interface PolicyTestExpectation {
  readonly decision: 'allow' | 'deny';
  readonly reasons?: readonly string[];
  readonly outcomes?: Readonly<Record<string, OutcomeStatus>>;
}

/**
 * One policy test case, as data (a file's `cases[i]`, or built in code). Exactly one of `tokens` (the test kit's
 * shapes, normalised as the engine normalises them) and `claims` (already normalised: `MaskinportenClaims`
 * and `Consent`, members left out absent).
 *
 * @example
 * ```ts
 * const c: PolicyTestCase = {
 *   name: 'a bank calling directly with a valid consent is allowed',
 *   now: 1_764_000_000,
 *   person: '01085301957',
 *   tokens: { maskinporten: { shape: 'direct' }, consent: { shape: 'altinn2' } },
 *   expect: { decision: 'allow' },
 * };
 * ```
 */
export interface PolicyTestCase {
  readonly name: string;
  /** Evaluation time, epoch seconds. Default the file's `defaults.now`; one of them is required. */
  readonly now?: number;
  /** The person the request is about; `null` for none. Default `defaults.person`, else none. */
  readonly person?: string | null;
  readonly requestId?: string;
  /** Seconds. Default `defaults.clockTolerance`, else 10 (the engine's default). */
  readonly clockTolerance?: number;
  readonly tokens?: {
    readonly maskinporten: CaseMaskinportenToken;
    readonly consent?: CaseConsentToken | null;
  };
  readonly claims?: {
    readonly maskinporten: Readonly<Record<string, unknown>>;
    readonly consent?: Readonly<Record<string, unknown>> | null;
  };
  readonly expect: PolicyTestExpectation;
}

/**
 * A file of policy test cases (see `policy-tests.schema.json`), as data.
 *
 * @example
 * ```ts
 * const file: PolicyTestFile = { defaults: { now: 1_764_000_000, person: '01085301957' }, cases: [] };
 * ```
 */
export interface PolicyTestFile {
  readonly $schema?: string;
  readonly description?: string;
  readonly defaults?: {
    readonly now?: number;
    readonly person?: string | null;
    readonly clockTolerance?: number;
    /** The test kit's token defaults (`createClaimFactory`'s options but `now`). */
    readonly tokens?: {
      readonly issuer?: string;
      readonly consumer?: string;
      readonly supplier?: string;
      readonly person?: string;
      readonly scope?: string;
      readonly services?: readonly string[];
    };
  };
  readonly cases: readonly PolicyTestCase[];
}

/** A case with where it sits: its file and 1-based line (`null` for a case built in code). */
export interface LocatedCase {
  readonly file: string;
  readonly line: number | null;
  readonly case: PolicyTestCase;
}

/**
 * Policy test cases ready for `testPolicy`: what {@link loadPolicyTests} returns, or {@link PolicyTestFile}
 * data given in code. When the file could not be read or is invalid, `problems` says why (each with its
 * `file:line:column` and a hint) and `cases` is empty: `testPolicy` then reports the problems, and fails.
 *
 * @example
 * ```ts
 * const suite: PolicyTests = loadPolicyTests({ path: 'lanekassen.tests.yaml' });
 * if (suite.problems.length > 0) console.error(suite.problems);
 * ```
 */
export interface PolicyTests {
  readonly file: string;
  readonly defaults: NonNullable<PolicyTestFile['defaults']>;
  readonly cases: readonly LocatedCase[];
  readonly problems: readonly PolicyProblem[];
}

/** What one case got: the decision, the reasons, and every outcome (the engine's steps, then the policy's tree). */
export interface PolicyTestActual {
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly VerdictCode[];
  readonly violations: readonly Violation[];
  readonly outcomes: readonly RuleOutcome[];
}

/** One way a case's actual result differs from what it expects. */
export type PolicyTestMismatch =
  | { readonly kind: 'decision'; readonly expected: 'allow' | 'deny'; readonly actual: 'allow' | 'deny' }
  | { readonly kind: 'reasons'; readonly expected: readonly string[]; readonly actual: readonly string[] }
  | {
      readonly kind: 'outcome';
      readonly ruleId: string;
      readonly expected: OutcomeStatus;
      /** The statuses of the outcomes with that id; empty when no outcome has it. */
      readonly actual: readonly OutcomeStatus[];
    };

/**
 * The result of one case: `passed` when every expectation holds, else `failed` with each mismatch.
 *
 * @example
 * ```ts
 * for (const r of report.results) if (r.status === 'failed') console.log(`${r.file}:${r.line} ${r.name}`, r.mismatches);
 * ```
 */
export interface PolicyTestResult {
  readonly name: string;
  readonly file: string;
  readonly line: number | null;
  readonly status: 'passed' | 'failed';
  readonly expected: PolicyTestExpectation;
  readonly actual: PolicyTestActual;
  readonly mismatches: readonly PolicyTestMismatch[];
}

/**
 * How the cases exercised one node of the policy's rule tree (a rule or a combinator), found by its path in the
 * tree (`rule`, `rule.all[4]`, `rule.all[12].when.then`, the notation of a policy file): how many cases made it
 * pass, fail, skip or error. A node no case reached (the engine's steps denied before the policy ran) counts none.
 */
export interface NodeCoverage {
  readonly path: string;
  readonly ruleId: string;
  readonly kind: string;
  readonly mode: RuleMode;
  readonly pass: number;
  readonly fail: number;
  readonly skipped: number;
  readonly error: number;
}

/**
 * Coverage of a policy by its test cases: every node of the rule tree with its counts, and the policy's reason
 * codes (those its rules and combinators can give) with those no case produced.
 *
 * @example
 * ```ts
 * const neverFailed = report.coverage.nodes.filter((n) => n.fail === 0).map((n) => n.path);
 * report.coverage.codes.missing; // e.g. ['consent_period_exceeded']
 * ```
 */
export interface PolicyCoverage {
  readonly nodes: readonly NodeCoverage[];
  readonly codes: {
    /** The codes the policy's rules and combinators can give (`rule_error`, which any rule can give, aside). */
    readonly possible: readonly string[];
    /**
     * The codes some case produced: a reason of its decision (the engine's steps included: a claim of the wrong
     * type is `claim_invalid` there), or a violation anywhere in the policy's outcomes (shadow rules included).
     */
    readonly produced: readonly string[];
    /** `possible` that no case produced. */
    readonly missing: readonly string[];
  };
}

/**
 * What {@link testPolicy} returns: every case's result, the coverage, the problems of the cases themselves, and
 * `passed`, true exactly when there are cases, every one passed, and there is no problem.
 *
 * @example
 * ```ts
 * const report = await testPolicy(policy, loadPolicyTests({ path: 'lanekassen.tests.yaml' }));
 * process.exitCode = report.passed ? 0 : 1;
 * ```
 */
export interface PolicyTestReport {
  readonly policy: PolicyFacts;
  readonly passed: boolean;
  readonly problems: readonly PolicyProblem[];
  readonly results: readonly PolicyTestResult[];
  readonly coverage: PolicyCoverage;
}
