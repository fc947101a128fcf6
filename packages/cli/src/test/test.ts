import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import {
  loadPolicyTests,
  type PolicyTests,
  presetNames,
  renderPolicyTests,
  testPolicy,
} from '@dsop-guard/rules';
import { parseFlags } from '../flags/parseFlags.js';
import { type PolicyFlags, policyFromFlags } from '../flags/policyFlags.js';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';
import { protectMessage } from '../io/protectMessage.js';
import { testHelp } from './testHelp.js';

// Private: the `test` command, a thin wrapper of loadPolicyTests, testPolicy and renderPolicyTests.

const options = {
  rules: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  coverage: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['text', 'junit', 'tap', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `<name>/<test|prod>`: a preset, unless a file of that name exists. */
const PRESET = /^([^/]+)\/(test|prod)$/;

/** The policy argument as the policy flags `check` takes: a preset (`<name>/<env>`) or a policy file. */
function policyFlagsOf(arg: string, rules: string | undefined): PolicyFlags {
  const named = PRESET.exec(arg);
  if (named !== null && !existsSync(arg)) {
    if (rules !== undefined)
      throw new UsageError('--rules goes with a policy file: a preset has no custom rules');
    return { preset: named[1], env: named[2] };
  }
  if ((presetNames as readonly string[]).includes(arg) && !existsSync(arg))
    throw new UsageError(`give the preset with its environment: ${arg}/test or ${arg}/prod`);
  return { policy: arg, ...(rules === undefined ? {} : { rules }) };
}

/** Runs `dsop-guard test`; resolves to the exit status. */
export async function test(argv: readonly string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, options, true);
  if (flags.help === true) {
    process.stdout.write(testHelp);
    return 0;
  }
  const format = (flags.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: give ${FORMATS.join(', ')}`);
  const language = flags.lang ?? 'en';
  if (language !== 'en' && language !== 'nb') throw new UsageError('--lang: give en or nb');
  const [policyArg, ...caseFiles] = positionals;
  if (policyArg === undefined || caseFiles.length === 0)
    throw new UsageError('give the policy (a file, or <preset>/<test|prod>) and at least one file of cases');
  const chosen = await policyFromFlags(policyFlagsOf(policyArg, flags.rules), {
    preset: quote(policyArg),
    policy: 'the policy',
  });
  // A case file that cannot be read is a usage error that quotes its path protected (a token or a person number
  // given by mistake is never echoed); the report names only files that exist.
  const suites = caseFiles.map(casesOf);
  const report = await testPolicy(chosen.policy, suites, { customRules: chosen.customRules });
  process.stdout.write(
    renderPolicyTests(report, {
      format,
      language,
      coverage: flags.coverage === true,
      codes: chosen.policy.codes,
    }),
  );
  if (report.problems.length > 0) {
    const n = report.problems.length;
    process.stderr.write(
      `dsop-guard test: the cases could not be run: ${n === 1 ? '1 problem' : `${n} problems`} in the case files (printed with the report)\n`,
    );
    return 2;
  }
  return report.passed ? 0 : 1;
}

/** Throws a usage error, with the path protected, unless `path` is a file this process can read. */
function readableCases(path: string): void {
  try {
    accessSync(path, constants.R_OK);
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'not a file' });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new UsageError(
      `cannot read the cases ${quote(path)}: ${typeof code === 'string' ? code : 'unreadable'}`,
    );
  }
}

/**
 * A file of cases, loaded. A path that holds what looks like a person number or a token (a file named by mistake)
 * is read here and named protected, so the report never prints it.
 */
function casesOf(path: string): PolicyTests {
  readableCases(path);
  const shown = protectMessage(path);
  if (shown === path) return loadPolicyTests({ path });
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  if (format === undefined)
    throw new UsageError(`cannot read the cases ${quote(path)}: give a .json, .yaml or .yml file`);
  return loadPolicyTests({ text: readFileSync(path, 'utf8'), format, name: shown });
}
