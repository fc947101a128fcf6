import { ConfigError } from '@dsop-guard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import { ajvProblems, byPath, type Problem } from './ajvProblems.js';
import type { PolicySource } from './loadPolicyTypes.js';
import type { PolicyProblem } from './policyError.js';
import { policyTestsSchema } from './policyTestsSchema.js';
import type { LocatedCase, PolicyTestCase, PolicyTestFile, PolicyTests } from './policyTestTypes.js';
import { read } from './readDocument.js';

let validate: ValidateFunction | undefined;

/** What the schema cannot say: exactly one of `tokens` and `claims`, a `now` somewhere, names unique. */
function caseProblems(file: PolicyTestFile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const [i, c] of file.cases.entries()) {
    const path = `cases[${i}]`;
    if ((c.tokens === undefined) === (c.claims === undefined)) {
      problems.push({
        path,
        message: 'give tokens or claims (exactly one)',
        hint: 'tokens: the test kit shapes, normalised as the engine does; claims: already normalised',
      });
    }
    if (c.now === undefined && file.defaults?.now === undefined) {
      problems.push({ path: `${path}.now`, message: 'is required', hint: 'or set defaults.now' });
    }
    const first = seen.get(c.name);
    if (first !== undefined) {
      problems.push({
        path: `${path}.name`,
        message: `duplicate case name '${c.name}'`,
        hint: `also cases[${first}]`,
      });
    } else seen.set(c.name, i);
  }
  return problems;
}

/**
 * Checks policy test data (a file's content) and places each case: what {@link loadPolicyTests} does after
 * reading, and `testPolicy` does with cases given in code. Never throws for bad data: the problems are the value.
 */
export function checkPolicyTests(
  file: string,
  data: unknown,
  locate: (path: string) => { line: number | null; column: number | null },
): PolicyTests {
  validate ??= new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true }).compile(
    policyTestsSchema,
  );
  const failed = (problems: readonly Problem[]): PolicyTests => ({
    file,
    defaults: {},
    cases: [],
    problems: [...problems].sort(byPath).map((p): PolicyProblem => ({ file, ...p, ...locate(p.path) })),
  });
  if (!validate(data)) return failed(ajvProblems(validate.errors ?? [], ''));
  const tests = data as PolicyTestFile;
  const found = caseProblems(tests);
  if (found.length > 0) return failed(found);
  const cases = tests.cases.map(
    (c: PolicyTestCase, i): LocatedCase => ({ file, line: locate(`cases[${i}]`).line, case: c }),
  );
  return { file, defaults: tests.defaults ?? {}, cases, problems: [] };
}

/**
 * Loads a file of policy test cases (YAML or JSON, many cases to a file), checked against
 * `policy-tests.schema.json` with the same reading as a policy file: line:column for every problem, a hint
 * ("did you mean 'decision'?") where a name is misspelt, and the same refusals (over 1 MiB, nested too deeply,
 * a member set twice, not a regular file). Expected failures are values: a file that cannot be read or is
 * invalid gives `problems` and no cases, and `testPolicy` reports them (and fails) instead of throwing.
 *
 * @param source - a file path, or text with its format.
 * @returns the cases, each with its file and line, or the problems.
 * @throws ConfigError only for a `source` that is neither `{ path }` nor `{ text, format }`.
 *
 * @example
 * ```ts
 * import { loadPolicyTests, preset, testPolicy } from '@dsop-guard/rules';
 *
 * const suite = loadPolicyTests({ path: 'node_modules/@dsop-guard/rules/presets/tests/lanekassen-saldo.tests.yaml' });
 * const report = await testPolicy(preset('lanekassen-saldo', 'test').policy, suite);
 * report.passed; // true
 * ```
 */
export function loadPolicyTests(source: PolicySource): PolicyTests {
  if (typeof source !== 'object' || source === null)
    throw new ConfigError('source', 'must be { path } or { text, format }');
  if ('text' in source && source.format !== 'json' && source.format !== 'yaml') {
    throw new ConfigError('source.format', "must be 'json' or 'yaml'");
  }
  const { file, data, problems, locate } = read(source);
  if (problems.length > 0) {
    return {
      file,
      defaults: {},
      cases: [],
      problems: [...problems].sort(byPath).map((p) => ({ file, ...p })),
    };
  }
  return checkPolicyTests(file, data, locate);
}
