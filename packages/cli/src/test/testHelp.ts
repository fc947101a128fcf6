import { presetNames } from '@dsop-guard/rules';
import { rulesOption, rulesUsage } from '../flags/rulesFlag.js';

// Private: the help text of the command in this folder, beside its flags and its run.

export const testHelp = `dsop-guard test: run policy test cases (YAML or JSON) against a policy, and say which hold.

Usage:
  dsop-guard test <policy> <cases…> [${rulesUsage}] [--format text|junit|tap|json] [--lang en|nb] [--coverage]

<policy> is a policy file (.json, .yaml, .yml) or a preset as <name>/<test|prod>
(presets: ${presetNames.join(', ')}).
<cases…> are files of test cases (see policy-tests.schema.json of @dsop-guard/rules): each case names its
tokens (the test kit's shapes with overrides) or its claims, the person and the time, and what it expects:
the decision, the reasons (exactly, in any order) and, optionally, rule outcomes by id. Nothing is signed and
no key is needed: the cases judge the policy's rules, not token verification. The preset suites ship in
node_modules/@dsop-guard/rules/presets/tests/.

Options:
${rulesOption('with a policy file')}
  --format <text|junit|tap|json>  text (default) for people; junit (JUnit XML) and tap (TAP 13) for CI; json
                                for programs (the report with its coverage; facts masked)
  --lang <en|nb>                the language of the output: English (default) or Norwegian
  --coverage                    add the coverage: the rule tree's nodes no case made pass or fail, and the
                                policy's reason codes no case produced (json always has it)

A flag given twice is a usage error.

Exit status:
  0  every case holds
  1  a case does not hold (each failing case is named with its file:line, what it expected and what it got)
  2  no verdict: a usage error, a policy that does not load, or case files that cannot be run (their problems
     are printed with file:line:column)

Examples:
  dsop-guard test lanekassen-saldo/test node_modules/@dsop-guard/rules/presets/tests/lanekassen-saldo.tests.yaml
  dsop-guard test acme.policy.yaml acme.tests.yaml --rules ./acme-rules.ts --coverage
  dsop-guard test acme.policy.yaml tests/*.tests.yaml --format junit > policy-tests.xml
`;
