// A custom reason code's own message in the report (issue 23 part 4): a record carries its policy's sha256, not
// its code table, so the report explains a custom code with the named policy's message exactly when the decisions
// that gave it name that policy's sha256. Law: a policy whose sha256 no such decision names never lends its
// messages (another version of the same policy, another team's policy using the same code name). Real guards,
// real audit trails; the CLI as `pnpm dsop-guard` runs it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGuard } from '@dsop-guard/adapters';
import {
  type AuditSink,
  createAuditTrail,
  definePolicy,
  defineRule,
  fail,
  localKeySet,
  type Policy,
} from '@dsop-guard/core';
import { type AuditReport, createReportAggregator } from '@dsop-guard/report';
import { loadPolicyFile } from '@dsop-guard/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mpKeys, now, tokens } from '../adapters/table.js';
import { runCli } from '../fixtures/runCli.js';

const CODE = 'acme.consumer_blocked';

/** A policy whose one rule denies every request with CODE, explained by `en`. */
function blocking(version: string, en: string): Policy {
  const rule = defineRule({
    id: 'acme.block-all',
    codes: { [CODE]: { en, nb: `${en} (nb)` } },
    check: () => fail({ code: CODE, path: 'maskinporten.consumer' }),
  });
  return definePolicy({ id: 'acme/blocking', version, rule });
}

/** The decision-log lines of `n` requests judged under `policy`. */
async function decide(policy: Policy, n: number, chainId: string): Promise<string[]> {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'lines', write: (line) => void lines.push(line) };
  const audit = createAuditTrail({ sinks: [sink], chainId });
  const guard = createGuard({
    policy,
    keys: { maskinporten: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    clock: () => now,
    audit,
  });
  for (let i = 0; i < n; i += 1) await guard.check({ maskinportenToken: tokens.direct() });
  await audit.close();
  return lines;
}

function reportOf(lines: readonly string[], named: Policy): AuditReport {
  const aggregator = createReportAggregator({ clock: () => 0, coverage: true, policy: named });
  for (const [i, text] of lines.entries()) aggregator.push(text, { file: 'mem', line: i + 1 });
  return aggregator.result();
}

/** The words the report gives CODE: in the deny reasons and in the coverage's codes. */
const wordsOf = (report: AuditReport) => ({
  reasons: report.reasons.top.find((r) => r.code === CODE)?.en,
  coverage: report.coverage?.codes.occurred.find((c) => c.code === CODE)?.en,
});

describe('a custom code is explained by the named policy only over the decisions taken under it', () => {
  const v1 = blocking('1', 'the consumer is on the block list');
  const v2 = blocking('2', 'the consumer is suspended'); // the same code, meaning something else
  let underV1: string[];
  let underV2: string[];
  beforeAll(async () => {
    underV1 = await decide(v1, 3, 'gw-1');
    underV2 = await decide(v2, 2, 'gw-2');
  }, 60_000);

  it('the policy the records name (by sha256) lends its messages', () => {
    const report = reportOf(underV1, v1);
    expect(report.namedPolicy).toMatchObject({ sha256: v1.sha256, matchingDecisions: 3 });
    expect(wordsOf(report)).toEqual({
      reasons: 'the consumer is on the block list',
      coverage: 'the consumer is on the block list',
    });
  });

  it('a policy whose sha256 the records do not name lends none: the code is listed without a message', () => {
    expect(v2.sha256).not.toBe(v1.sha256);
    const report = reportOf(underV1, v2);
    expect(report.namedPolicy).toMatchObject({ sha256: v2.sha256, matchingDecisions: 0 });
    expect(report.reasons.top.find((r) => r.code === CODE)).toMatchObject({ count: 3, en: null, nb: null });
    expect(wordsOf(report)).toEqual({ reasons: null, coverage: null });
  });

  it('over logs of both, neither lends: some decisions that gave the code were taken under the other', () => {
    const both = [...underV1, ...underV2];
    expect(wordsOf(reportOf(both, v1))).toEqual({ reasons: null, coverage: null });
    expect(wordsOf(reportOf(both, v2))).toEqual({ reasons: null, coverage: null });
  });
});

describe('dsop-guard report --policy: the sha256 path, without any other flag', () => {
  let dir: string;
  let log: string;
  let policyFile: string;
  let rulesFile: string;
  const policyText = (version: string) =>
    [
      'id: acme/blocking',
      'environment: test',
      `version: "${version}"`,
      'rule:',
      '  all:',
      '    - rule: acme.block-all',
      '',
    ].join('\n');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-custom-messages-'));
    rulesFile = join(dir, 'acme-rules.mjs');
    // The team's rules module, as --rules loads it; it imports core as the repository resolves it.
    const core = pathToFileURL(join(process.cwd(), 'packages/core/dist/index.js')).href;
    writeFileSync(
      rulesFile,
      [
        `import { defineRule, fail } from ${JSON.stringify(core)};`,
        'export default {',
        "  'acme.block-all': () => defineRule({",
        "    id: 'acme.block-all',",
        "    kind: 'acme.block-all',",
        `    codes: { '${CODE}': { en: 'the consumer is on the block list', nb: 'konsumenten er sperret' } },`,
        `    check: () => fail({ code: '${CODE}', path: 'maskinporten.consumer' }),`,
        '  }),',
        '};',
        '',
      ].join('\n'),
    );
    policyFile = join(dir, 'acme.policy.yaml');
    writeFileSync(policyFile, policyText('1'));
    const customRules = (await import(pathToFileURL(rulesFile).href)).default;
    const { policy } = loadPolicyFile({ path: policyFile }, { customRules });
    log = join(dir, 'decisions.jsonl');
    writeFileSync(log, `${(await decide(policy, 2, 'gw-cli')).join('\n')}\n`);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (out: string) => {
    const r = await runCli(['report', log, '--policy', policyFile, '--rules', rulesFile, '--out', out]);
    expect(r.code).toBe(0);
    return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport;
  };

  it('the policy the records were decided under explains its code; edited (another sha256), it does not', async () => {
    const same = await run(join(dir, 'same'));
    expect(same.namedPolicy?.matchingDecisions).toBe(2);
    expect(same.reasons.top.find((r) => r.code === CODE)?.en).toBe('the consumer is on the block list');
    writeFileSync(policyFile, policyText('2'));
    const edited = await run(join(dir, 'edited'));
    expect(edited.namedPolicy?.matchingDecisions).toBe(0);
    expect(edited.reasons.top.find((r) => r.code === CODE)).toMatchObject({ count: 2, en: null, nb: null });
  }, 90_000);
});
