// dsop-guard test (policy test cases against a policy), --rules with TypeScript and JavaScript modules, and the
// policy-file refusals of check and serve, through the built CLI (plain node on the bin, no tsx preloaded), with
// real files in a temp dir.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, now, tokens } from '../adapters/table.js';
import { builtCli, ensureBuilt } from '../fixtures/builtCli.js';
import { type CliRun, repoRoot, runCli } from '../fixtures/runCli.js';

let dir: string;
const at = (file: string) => join(dir, file);
/** The built `dsop-guard` in the temp dir, as a user's project runs it. */
const run = (args: readonly string[], stdin = ''): Promise<CliRun> =>
  runCli(args, { command: builtCli, cwd: dir, stdin });
const suite = (name: string) => join(repoRoot, 'packages/rules/presets/tests', `${name}.tests.yaml`);

const TRANSPORT =
  'transport:\n  authorization: raw\n  consentHeader: consent-id\n  personHeaders: [psu-id]\n  requestIdHeader: x-request-id\n';

/** A policy that extends the Lånekassen preset with the custom rule, blocking `orgno`. */
const extending = (orgno: string) =>
  `id: acme/lanekassen-saldo/test\nversion: "1"\nextends: lanekassen-saldo/test\nadd:\n  - rule: acme.blocked-consumers\n    options: { blocked: ["${orgno}"] }\n`;

const CASES = `# Cases for acme.policy.yaml.
defaults:
  now: 1764000000
  person: "01085301957"
cases:
  - name: the bank is allowed
    tokens:
      maskinporten: { shape: direct }
      consent: { shape: altinn2 }
    expect: { decision: allow, reasons: [] }
  - name: a blocked consumer is denied
    tokens:
      maskinporten: { shape: direct, claims: { consumer: { authority: iso6523-actorid-upis, ID: "0192:999999999" } } }
      consent: { shape: altinn2, claims: { CoveredBy: "999999999" } }
    expect: { decision: deny, reasons: [acme.consumer_blocked], outcomes: { acme.blocked-consumers: fail } }
`;

/** The custom rule as a TypeScript module: type annotations and an interface, which Node 20 cannot strip. */
const RULES_TS = `import { fail, pass } from '@dsop-guard/core';
import { customRule } from '@dsop-guard/rules';

interface Options {
  readonly blocked: readonly string[];
}

const blockedConsumers = customRule({
  name: 'acme.blocked-consumers',
  summary: 'Denies consumers on a block list.',
  codes: { 'acme.consumer_blocked': { en: 'the consumer is on the block list', nb: 'konsumenten er sperret' } },
  required: ['blocked'],
  options: { blocked: { description: 'Orgnos.', type: 'array', items: { type: 'string', pattern: '^\\\\d{9}$' } } },
  check:
    ({ blocked }: Options) =>
    (claims) => {
      const orgno: string | undefined = claims.maskinporten.consumer?.value;
      return orgno !== undefined && blocked.includes(orgno)
        ? fail({ code: 'acme.consumer_blocked', path: 'maskinporten.consumer.ID', actual: orgno })
        : pass();
    },
});

export default { 'acme.blocked-consumers': blockedConsumers };
`;

/** The same rule as plain JavaScript (an ES module). */
const RULES_MJS = RULES_TS.replace(/interface Options \{[^}]*\}\n\n/, '')
  .replace('({ blocked }: Options)', '({ blocked })')
  .replace('const orgno: string | undefined', 'const orgno');

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-cli-test-'));
  // The user's project: @dsop-guard/core and rules installed (here: linked to the built workspace packages).
  mkdirSync(at('node_modules/@dsop-guard'), { recursive: true });
  for (const name of ['core', 'rules'])
    symlinkSync(join(repoRoot, 'packages', name), at(`node_modules/@dsop-guard/${name}`));
  // For the docs' examples, whose paths are the repository's.
  symlinkSync(join(repoRoot, 'packages'), at('packages'));
  writeFileSync(at('acme.policy.yaml'), extending('999999999'));
  writeFileSync(at('acme.tests.yaml'), CASES);
  writeFileSync(at('acme-rules.ts'), RULES_TS);
  writeFileSync(at('acme-rules.mjs'), RULES_MJS);
  writeFileSync(at('mp-jwks.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(at('altinn-jwks.json'), JSON.stringify(altinnKeys.jwks));
  writeFileSync(
    at('plain.policy.yaml'),
    'id: acme/plain\nversion: "1"\nenvironment: test\nrule:\n  all:\n    - rule: issuer\n',
  );
  writeFileSync(
    at('stated.policy.yaml'),
    `id: acme/stated\nversion: "1"\nenvironment: test\n${TRANSPORT}rule:\n  all:\n    - rule: issuer\n`,
  );
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('dsop-guard test', { timeout: 120_000 }, () => {
  it.each([
    'lanekassen-saldo',
    'skatteetaten-inntekt',
    'nav-sykeuforeopplysninger',
  ])('the shipped %s suite holds for its TEST preset: exit 0', async (name) => {
    const result = await run(['test', `${name}/test`, suite(name)]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toMatch(new RegExp(`^${name}/test@1\\.0\\.0 \\(sha256 [0-9a-f]{12}\\)\\n`));
    expect(result.stdout).toMatch(/\n(\d+) cases: \1 passed, 0 failed\n$/);
    expect(result.stdout).not.toContain('FAIL');
  });

  it('--coverage: the Lånekassen suite makes every node pass and fail and produces every code', async () => {
    const result = await run(['test', 'lanekassen-saldo/test', suite('lanekassen-saldo'), '--coverage']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'coverage: 15 nodes of the rule tree\n  never passed: none\n  never failed: none\n  reason codes no case produced: none\n',
    );
  });

  it('--rules acme-rules.ts: a TypeScript rule module loads (tsx), and the extending policy holds', async () => {
    const result = await run(['test', 'acme.policy.yaml', 'acme.tests.yaml', '--rules', './acme-rules.ts']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('  ok   acme.tests.yaml:11 a blocked consumer is denied\n');
    expect(result.stdout).toContain('2 cases: 2 passed, 0 failed');
  });

  it('--rules acme-rules.mjs: a JavaScript module keeps working', async () => {
    const result = await run(['test', 'acme.policy.yaml', 'acme.tests.yaml', '--rules', 'acme-rules.mjs']);
    expect([result.code, result.stderr]).toEqual([0, '']);
  });

  it('without --rules, a policy naming a custom rule asks "did you forget --rules?": exit 2', async () => {
    const result = await run(['test', 'acme.policy.yaml', 'acme.tests.yaml']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain(
      "acme.policy.yaml:5:5: add[0].rule: unknown rule 'acme.blocked-consumers' (did you forget --rules?",
    );
  });

  it('a failing case is named with file:line, expected and actual: exit 1; in Norwegian with --lang nb', async () => {
    writeFileSync(at('looser.policy.yaml'), extending('111111111'));
    const args = ['test', 'looser.policy.yaml', 'acme.tests.yaml', '--rules', './acme-rules.ts'];
    const en = await run(args);
    expect([en.code, en.stderr]).toEqual([1, '']);
    expect(en.stdout).toContain(
      '  FAIL acme.tests.yaml:11 a blocked consumer is denied\n' +
        '         decision: expected deny, actual allow\n' +
        '         reasons: expected [acme.consumer_blocked], actual []\n' +
        '         outcome acme.blocked-consumers: expected fail, actual pass\n',
    );
    expect(en.stdout).toContain('2 cases: 1 passed, 1 failed');
    const nb = await run([...args, '--lang', 'nb']);
    expect(nb.code).toBe(1);
    expect(nb.stdout).toContain('  FEIL acme.tests.yaml:11');
    expect(nb.stdout).toContain('beslutning: forventet avvist, faktisk tillatt');
    expect(nb.stdout).toContain('2 testtilfeller: 1 bestått, 1 feilet');
  });

  it('--format junit, tap and json for CI: the same failure, exit 1', async () => {
    writeFileSync(at('looser2.policy.yaml'), extending('111111111'));
    const args = ['test', 'looser2.policy.yaml', 'acme.tests.yaml', '--rules', './acme-rules.ts', '--format'];
    const [junit, tap, json] = await Promise.all([
      run([...args, 'junit']),
      run([...args, 'tap']),
      run([...args, 'json']),
    ]);
    expect([junit.code, tap.code, json.code]).toEqual([1, 1, 1]);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="2" failures="1"/,
    );
    expect(junit.stdout).toContain('file="acme.tests.yaml" line="11"');
    expect(tap.stdout).toMatch(
      /^TAP version 13\n1\.\.2\nok 1 - the bank is allowed\nnot ok 2 - a blocked consumer is denied\n/,
    );
    const report = JSON.parse(json.stdout) as {
      passed: boolean;
      results: { status: string; line: number; mismatches: { kind: string }[] }[];
    };
    expect(report.passed).toBe(false);
    expect(report.results.map((r) => [r.status, r.line])).toEqual([
      ['passed', 6],
      ['failed', 11],
    ]);
  });

  it('many case files: each with its own defaults, one summary and one coverage', async () => {
    writeFileSync(
      at('later.tests.yaml'),
      'defaults:\n  now: 1800000000\n  person: "02095302184"\ncases:\n  - name: another file, its own time and person, is judged by its own defaults\n    tokens:\n      maskinporten: { shape: direct }\n      consent: { shape: altinn2, claims: { OfferedBy: "02095302184" } }\n    expect: { decision: allow }\n',
    );
    const result = await run([
      'test',
      'lanekassen-saldo/test',
      suite('lanekassen-saldo'),
      'later.tests.yaml',
    ]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain(
      '  ok   later.tests.yaml:5 another file, its own time and person, is judged by its own defaults\n',
    );
    expect(result.stdout).toMatch(/\n(\d+) cases: \1 passed, 0 failed\n$/);
  });

  it('case files that cannot be run: their problems with file:line:column, exit 2', async () => {
    writeFileSync(
      at('broken.tests.yaml'),
      'defaults:\n  now: 1764000000\ncases:\n  - name: x\n    tokens: { maskinporten: { shape: direct } }\n    expect: { decison: allow }\n',
    );
    const result = await run(['test', 'lanekassen-saldo/test', 'broken.tests.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('the cases could not be run:');
    expect(result.stdout).toMatch(/broken\.tests\.yaml:6:\d+: cases\[0\]\.expect.*'decision'/);
    expect(result.stderr).toContain('dsop-guard test: the cases could not be run');
    // A file that cannot be read is a usage error, its name quoted as every CLI message quotes a value.
    const missing = await run(['test', 'lanekassen-saldo/test', 'broken.tests.yaml', 'missing.tests.yaml']);
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toContain('cannot read the cases "missing.tests.yaml": ENOENT');
  });

  it.each([
    ['no cases', ['test', 'lanekassen-saldo/test'], 'give the policy'],
    ['no policy', ['test'], 'give the policy'],
    [
      'a bad --format',
      ['test', 'lanekassen-saldo/test', 'a.yaml', '--format', 'xml'],
      '--format: give text, junit, tap, json',
    ],
    ['a bad --lang', ['test', 'lanekassen-saldo/test', 'a.yaml', '--lang', 'de'], '--lang: give en or nb'],
    [
      'a preset without its environment',
      ['test', 'lanekassen-saldo', 'a.yaml'],
      'lanekassen-saldo/test or lanekassen-saldo/prod',
    ],
    ['a misspelt preset', ['test', 'lanekasen-saldo/test', 'a.yaml'], "did you mean 'lanekassen-saldo'?"],
    [
      '--rules with a preset',
      ['test', 'lanekassen-saldo/test', 'a.yaml', '--rules', 'acme-rules.ts'],
      '--rules goes with a policy file',
    ],
    ['a misspelt flag', ['test', 'lanekassen-saldo/test', 'a.yaml', '--coverag'], 'did you mean --coverage?'],
    [
      'a missing rules module',
      ['test', 'acme.policy.yaml', 'a.yaml', '--rules', 'nope.ts'],
      '--rules: cannot load "nope.ts": no such file',
    ],
    ['a missing policy file', ['test', 'nope.policy.yaml', 'a.yaml'], 'nope.policy.yaml'],
  ])('%s is a usage error: exit 2, and the help is named', async (_, args, message) => {
    const result = await run(args);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("See 'dsop-guard test --help'.");
  });

  it('never echoes a person number or a token it was given', async () => {
    const token = tokens.direct();
    const person = tokens.person;
    const results = await Promise.all([
      run(['test', `${person}/test`, 'a.yaml']),
      run(['test', 'acme.policy.yaml', 'a.yaml', '--rules', `${token}.ts`]),
      run(['test', `${person}.policy.yaml`, 'a.yaml']),
    ]);
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain(person);
      for (const part of token.split('.')) expect(result.stderr).not.toContain(part);
    }
    expect(results[0]?.stderr).toContain('*********57');
  });

  it('dsop-guard help test and dsop-guard --help name the command', async () => {
    const [help, main] = await Promise.all([run(['help', 'test']), run(['--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^dsop-guard test: run policy test cases/);
    expect(main.stdout).toContain('dsop-guard test <policy> <cases…>');
  });
});

describe.concurrent(
  'dsop-guard check and serve: a policy file must say its transport',
  { timeout: 120_000 },
  () => {
    const keys = ['--maskinporten-jwks', 'mp-jwks.json', '--altinn-jwks', 'altinn-jwks.json'];
    const request = () => ['--maskinporten-token', tokens.direct(), '--now', String(now)];

    it('check: a file with neither transport nor extends is a ConfigError naming the fix, exit 2', async () => {
      const result = await run(['check', '--policy', 'plain.policy.yaml', ...keys, ...request()]);
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toContain('--policy "plain.policy.yaml": transport: missing');
      expect(result.stderr).toContain('add "transport:"');
      expect(result.stderr).toContain('or "extends: <preset>/<test|prod>"');
    });

    it('serve: the same, before any worker starts', async () => {
      const result = await run(['serve', '--gateway', 'nginx', '--policy', 'plain.policy.yaml', ...keys]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('transport: missing');
    });

    it('check: a file that states its transport, or extends a preset (keys, issuer and transport inherited), judges', async () => {
      const stated = await run(['check', '--policy', 'stated.policy.yaml', ...keys, ...request()]);
      expect([stated.code, JSON.parse(stated.stdout).policy.id]).toEqual([0, 'acme/stated']);
      const consent = ['--consent-token', tokens.altinn2Consent(), '--person', tokens.person];
      const args = ['check', '--policy', 'acme.policy.yaml', '--rules', './acme-rules.ts', ...keys];
      const inherited = await run([...args, ...request(), ...consent]);
      expect([inherited.code, inherited.stderr]).toEqual([0, '']);
      expect(JSON.parse(inherited.stdout)).toMatchObject({
        decision: 'allow',
        policy: { id: 'acme/lanekassen-saldo/test' },
      });
    });

    it('--audit in a directory that does not exist is named as a missing directory, the person masked', async () => {
      const result = await run([
        'check',
        '--preset',
        'lanekassen-saldo',
        '--env',
        'test',
        ...keys,
        ...request(),
        '--audit',
        `/nope/${tokens.person}/log.jsonl`,
      ]);
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr).toContain('--audit: the directory "/nope/*********57" does not exist');
      expect(result.stderr).not.toContain(tokens.person);
    });
  },
);

/** Every `dsop-guard test …` command of a doc's sh blocks (continued lines joined), and the text block after it. */
function examplesOf(doc: string): { command: string; output: string | undefined }[] {
  const text = readFileSync(join(repoRoot, doc), 'utf8');
  const found: { command: string; output: string | undefined }[] = [];
  for (const m of text.matchAll(/```sh\n([\s\S]*?)```\n(?:\n```text\n([\s\S]*?)```\n)?/g)) {
    const lines = (m[1] ?? '').replaceAll('\\\n', ' ').split('\n');
    const commands = lines.filter((l) => l.startsWith('dsop-guard test '));
    for (const command of commands) found.push({ command, output: commands.length === 1 ? m[2] : undefined });
  }
  return found;
}

describe.concurrent("the docs' dsop-guard test examples run as written", { timeout: 120_000 }, () => {
  const examples = ['README.md', 'docs/policy-files.md'].flatMap((doc) =>
    examplesOf(doc).map((e) => ({ doc, ...e })),
  );

  it('there are some in each', () => {
    expect(examples.filter((e) => e.doc === 'README.md').length).toBeGreaterThanOrEqual(2);
    expect(examples.filter((e) => e.doc === 'docs/policy-files.md').length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('$doc: $command', async ({ command, output }) => {
    const words = command.split(/\s+/).filter((w) => w !== '');
    const redirect = words.indexOf('>');
    const args = (redirect === -1 ? words : words.slice(0, redirect)).slice(1);
    const result = await run(args);
    expect([result.code, result.stderr]).toEqual([0, '']);
    if (output !== undefined) expect(result.stdout).toBe(output);
    if (redirect !== -1) expect(result.stdout).toMatch(/^<\?xml /);
  });
});
