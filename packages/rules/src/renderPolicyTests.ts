import { ConfigError, type Fact, protectPersonalData, type Violation } from '@dsop-guard/core';
import { describeReason } from './describeReason.js';
import type { Language } from './messages.js';
import type { PolicyProblem } from './policyError.js';
import type { PolicyTestMismatch, PolicyTestReport, PolicyTestResult } from './policyTestTypes.js';

/**
 * Options of {@link renderPolicyTests}.
 *
 * @example
 * ```ts
 * const options: RenderPolicyTestsOptions = { format: 'junit', coverage: true };
 * ```
 */
export interface RenderPolicyTestsOptions {
  /**
   * `text` for people (in `language`), `junit` (JUnit XML) and `tap` (TAP 13) for CI, `json` for programs.
   * @defaultValue `'text'`
   */
  readonly format?: 'text' | 'junit' | 'tap' | 'json';
  /**
   * The language of `text` (and of the messages in the other formats): `'en'` or `'nb'`.
   * @defaultValue `'en'`
   */
  readonly language?: Language;
  /**
   * Add the coverage: in `text` a section (nodes never passed or never failed, codes no case produced); in
   * `json` it is always there; `junit` and `tap` carry it as properties and comments.
   * @defaultValue `false`
   */
  readonly coverage?: boolean;
  /** The policy's custom codes (`policy.codes`), for their messages. @defaultValue `{}` */
  readonly codes?: Parameters<typeof describeReason>[1];
}

const WORDS = {
  en: {
    ok: 'ok',
    fail: 'FAIL',
    expected: 'expected',
    actual: 'actual',
    decision: 'decision',
    reasons: 'reasons',
    outcome: 'outcome',
    none: 'none',
    cases: (n: number) => (n === 1 ? '1 case' : `${n} cases`),
    summary: (passed: number, failed: number) => `${passed} passed, ${failed} failed`,
    problems: 'the cases could not be run',
    coverage: 'coverage',
    neverPassed: 'never passed',
    neverFailed: 'never failed',
    missing: 'reason codes no case produced',
    nodes: (n: number) => `${n} nodes of the rule tree`,
    allow: 'allow',
    deny: 'deny',
  },
  nb: {
    ok: 'ok',
    fail: 'FEIL',
    expected: 'forventet',
    actual: 'faktisk',
    decision: 'beslutning',
    reasons: 'årsaker',
    outcome: 'utfall',
    none: 'ingen',
    cases: (n: number) => (n === 1 ? '1 testtilfelle' : `${n} testtilfeller`),
    summary: (passed: number, failed: number) => `${passed} bestått, ${failed} feilet`,
    problems: 'testtilfellene kunne ikke kjøres',
    coverage: 'dekning',
    neverPassed: 'aldri oppfylt',
    neverFailed: 'aldri feilet',
    missing: 'årsakskoder ingen testtilfeller ga',
    nodes: (n: number) => `${n} noder i regeltreet`,
    allow: 'tillatt',
    deny: 'avvist',
  },
} as const;

type Words = (typeof WORDS)[Language];
type Codes = NonNullable<RenderPolicyTestsOptions['codes']>;

const list = (items: readonly string[], words: Words): string =>
  items.length === 0 ? words.none : items.join(', ');
const place = (file: string, line: number | null): string => (line === null ? file : `${file}:${line}`);

function mismatchLine(m: PolicyTestMismatch, words: Words): string {
  switch (m.kind) {
    case 'decision':
      return `${words.decision}: ${words.expected} ${words[m.expected]}, ${words.actual} ${words[m.actual]}`;
    case 'reasons':
      return `${words.reasons}: ${words.expected} [${m.expected.join(', ')}], ${words.actual} [${m.actual.join(', ')}]`;
    default:
      return `${words.outcome} ${m.ruleId}: ${words.expected} ${m.expected}, ${words.actual} ${list(m.actual, words)}`;
  }
}

/** The decisive violations as `code (rule, path): message`: never their facts, which may be personal. */
function violationLines(r: PolicyTestResult, language: Language, codes: Codes): string[] {
  return r.actual.violations.map((v) => {
    const message = describeReason(v.code, codes)?.[language];
    return `${v.code} (${v.ruleId}${v.path === '' ? '' : `, ${v.path}`})${message === undefined ? '' : `: ${message}`}`;
  });
}

function problemLine(p: PolicyProblem): string {
  const at = p.line === null ? `${p.file}: ` : `${p.file}:${p.line}:${p.column ?? 1}: `;
  return `${at}${p.path === '' ? '(file)' : p.path}: ${p.message}${p.hint === undefined ? '' : ` (${p.hint})`}`;
}

function coverageLines(report: PolicyTestReport, words: Words): string[] {
  const { nodes, codes } = report.coverage;
  const named = (n: (typeof nodes)[number]) => `${n.path} ${n.ruleId}`;
  return [
    `${words.coverage}: ${words.nodes(nodes.length)}`,
    `  ${words.neverPassed}: ${list(nodes.filter((n) => n.pass === 0).map(named), words)}`,
    `  ${words.neverFailed}: ${list(nodes.filter((n) => n.fail === 0).map(named), words)}`,
    `  ${words.missing}: ${list(codes.missing, words)}`,
  ];
}

function text(report: PolicyTestReport, language: Language, coverage: boolean, codes: Codes): string {
  const words = WORDS[language];
  const { policy } = report;
  const lines = [`${policy.id}@${policy.version} (sha256 ${policy.sha256.slice(0, 12)})`];
  if (report.problems.length > 0) {
    lines.push(`${words.problems}:`, ...report.problems.map((p) => `  ${problemLine(p)}`));
  }
  for (const r of report.results) {
    const mark = r.status === 'passed' ? words.ok : words.fail;
    lines.push(`  ${mark.padEnd(4)} ${place(r.file, r.line)} ${r.name}`);
    if (r.status === 'failed') {
      lines.push(...r.mismatches.map((m) => `         ${mismatchLine(m, words)}`));
      lines.push(...violationLines(r, language, codes).map((v) => `           ${v}`));
    }
  }
  const failed = report.results.filter((r) => r.status === 'failed').length;
  lines.push(
    `${words.cases(report.results.length)}: ${words.summary(report.results.length - failed, failed)}`,
  );
  if (coverage) lines.push(...coverageLines(report, words));
  return `${lines.join('\n')}\n`;
}

const XML_UNSAFE = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}\\v\\f${String.fromCharCode(14)}-${String.fromCharCode(31)}]`,
  'g',
);

const xml = (s: string): string =>
  s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    // Characters XML 1.0 cannot hold at all (C0 controls but tab, line feed and carriage return).
    .replace(XML_UNSAFE, '');

function junit(report: PolicyTestReport, language: Language, coverage: boolean, codes: Codes): string {
  const words = WORDS[language];
  const failed = report.results.filter((r) => r.status === 'failed').length;
  const name = xml(`${report.policy.id}@${report.policy.version}`);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dsop-guard policy tests" tests="${report.results.length}" failures="${failed}" errors="${report.problems.length}">`,
    `  <testsuite name="${name}" tests="${report.results.length}" failures="${failed}" errors="${report.problems.length}">`,
    '    <properties>',
    `      <property name="policy.sha256" value="${report.policy.sha256}"/>`,
    ...(coverage
      ? [
          `      <property name="coverage.missingCodes" value="${xml(report.coverage.codes.missing.join(','))}"/>`,
        ]
      : []),
    '    </properties>',
  ];
  for (const p of report.problems) {
    out.push(
      `    <testcase name="${xml(p.file)}" classname="${name}">`,
      `      <error message="${xml(words.problems)}">${xml(problemLine(p))}</error>`,
      '    </testcase>',
    );
  }
  for (const r of report.results) {
    const attrs = `name="${xml(r.name)}" classname="${xml(r.file)}" file="${xml(r.file)}"${r.line === null ? '' : ` line="${r.line}"`}`;
    if (r.status === 'passed') {
      out.push(`    <testcase ${attrs}/>`);
      continue;
    }
    const detail = [
      ...r.mismatches.map((m) => mismatchLine(m, words)),
      ...violationLines(r, language, codes),
    ];
    out.push(
      `    <testcase ${attrs}>`,
      `      <failure message="${xml(`${place(r.file, r.line)}: ${mismatchLine(r.mismatches[0] as PolicyTestMismatch, words)}`)}">${xml(detail.join('\n'))}</failure>`,
      '    </testcase>',
    );
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}

/** A YAML scalar for TAP's diagnostics: always a JSON string, which YAML reads as it is. */
const scalar = (s: string): string => JSON.stringify(s);

function tap(report: PolicyTestReport, language: Language, coverage: boolean, codes: Codes): string {
  const words = WORDS[language];
  const total = report.results.length + report.problems.length;
  const out = ['TAP version 13', `1..${total}`];
  let n = 0;
  for (const p of report.problems) {
    n += 1;
    out.push(`not ok ${n} - ${p.file}`, '  ---', `  message: ${scalar(problemLine(p))}`, '  ...');
  }
  for (const r of report.results) {
    n += 1;
    // `#` starts a directive in TAP: a name never carries one.
    const name = r.name.replaceAll('#', '\\#').replaceAll('\n', ' ');
    if (r.status === 'passed') {
      out.push(`ok ${n} - ${name}`);
      continue;
    }
    out.push(`not ok ${n} - ${name}`, '  ---', `  at: ${scalar(place(r.file, r.line))}`, '  mismatches:');
    out.push(...r.mismatches.map((m) => `    - ${scalar(mismatchLine(m, words))}`));
    const violations = violationLines(r, language, codes);
    if (violations.length > 0) out.push('  violations:', ...violations.map((v) => `    - ${scalar(v)}`));
    out.push('  ...');
  }
  if (coverage) out.push(...coverageLines(report, words).map((l) => `# ${l}`));
  return `${out.join('\n')}\n`;
}

function json(report: PolicyTestReport): string {
  const protect = protectPersonalData();
  const fact = (f: Fact): Fact =>
    typeof f === 'string' ? protect(f) : Array.isArray(f) ? f.map((s: string) => protect(s)) : f;
  const violation = (v: Violation) => ({
    ...v,
    ...(v.expected === undefined ? {} : { expected: fact(v.expected) }),
    ...(v.actual === undefined ? {} : { actual: fact(v.actual) }),
  });
  const view = {
    policy: report.policy,
    passed: report.passed,
    problems: report.problems,
    results: report.results.map((r) => ({
      name: r.name,
      file: r.file,
      line: r.line,
      status: r.status,
      expected: r.expected,
      actual: {
        decision: r.actual.decision,
        reasons: r.actual.reasons,
        violations: r.actual.violations.map(violation),
      },
      mismatches: r.mismatches,
    })),
    coverage: report.coverage,
  };
  return `${JSON.stringify(view, null, 2)}\n`;
}

/**
 * A policy test report as text: for people (`text`, in English or Norwegian, each failing case with its
 * `file:line`, what it expected and what it got, and the decisive reasons with their messages), for CI (`junit`,
 * `tap`) or for programs (`json`, its violations' facts masked). Pure: `dsop-guard test` prints it and exits 0
 * when `report.passed`, 1 when a case fails, 2 when `report.problems` says the cases could not be run. No
 * format shows a violation's facts unmasked.
 *
 * @throws ConfigError for an unknown format or language.
 *
 * @example
 * ```ts
 * import { renderPolicyTests, testPolicy } from '@dsop-guard/rules';
 *
 * const report = await testPolicy(policy, suite);
 * process.stdout.write(renderPolicyTests(report, { language: 'nb', coverage: true }));
 * ```
 */
export function renderPolicyTests(report: PolicyTestReport, options: RenderPolicyTestsOptions = {}): string {
  const format = options.format ?? 'text';
  const language = options.language ?? 'en';
  if (language !== 'en' && language !== 'nb') throw new ConfigError('language', "must be 'en' or 'nb'");
  const coverage = options.coverage ?? false;
  const codes = options.codes ?? {};
  switch (format) {
    case 'text':
      return text(report, language, coverage, codes);
    case 'junit':
      return junit(report, language, coverage, codes);
    case 'tap':
      return tap(report, language, coverage, codes);
    case 'json':
      return json(report);
    default:
      throw new ConfigError('format', "must be 'text', 'junit', 'tap' or 'json'");
  }
}
