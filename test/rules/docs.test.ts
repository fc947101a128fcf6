import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  loadPolicy,
  loadPolicyTests,
  policySchema,
  policyTestsSchema,
  renderPolicyTests,
  testPolicy,
} from '@dsop-guard/rules';
import publishedSchema from '@dsop-guard/rules/policy.schema.json' with { type: 'json' };
import publishedTestsSchema from '@dsop-guard/rules/policy-tests.schema.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { blockedConsumersRule } from '../../packages/rules/examples/blockedConsumersRule.js';
import {
  POLICY_SCHEMA,
  POLICY_TESTS_SCHEMA,
  RULES_DOC,
  renderPolicySchema,
  renderPolicyTestsSchema,
  renderRulesDoc,
} from '../../scripts/gen-rules-doc.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(path, 'utf8');

describe('generated docs', () => {
  it('docs/rules.md is up to date (run pnpm docs:rules)', () => {
    expect(read(RULES_DOC)).toBe(renderRulesDoc());
  });
  it('packages/rules/schema/policy.schema.json is up to date (run pnpm docs:rules)', () => {
    expect(read(POLICY_SCHEMA)).toBe(renderPolicySchema());
    expect(publishedSchema).toEqual(policySchema); // served by the exports map as ./policy.schema.json
  });
  it('packages/rules/schema/policy-tests.schema.json is up to date (run pnpm docs:rules)', () => {
    expect(read(POLICY_TESTS_SCHEMA)).toBe(renderPolicyTestsSchema());
    expect(publishedTestsSchema).toEqual(policyTestsSchema);
  });
  it('the schemas have stable $ids', () => {
    expect(policySchema['$id']).toBe('https://dsop-guard.dev/schema/policy/1.json');
    expect(policyTestsSchema['$id']).toBe('https://dsop-guard.dev/schema/policy-tests/1.json');
  });
});

describe('docs/policy-files.md', () => {
  const page = read(`${ROOT}docs/policy-files.md`);
  const embedded = [...page.matchAll(/<!-- example: (\S+) -->\n(`{3,})\w*\n([\s\S]*?)\2\n/g)];

  it('embeds every example file verbatim', () => {
    const files = readdirSync(`${ROOT}packages/rules/examples`).map((f) => `packages/rules/examples/${f}`);
    expect(embedded.map((m) => m[1]).sort()).toEqual(files.sort());
    for (const [, path, , body] of embedded) expect(body).toBe(read(`${ROOT}${path}`));
  });

  it('shows the real report of the example policy tests', async () => {
    const customRules = { 'acme.blocked-consumers': blockedConsumersRule };
    const policy = loadPolicy(
      { path: `${ROOT}packages/rules/examples/acme-lanekassen-prod.policy.yaml` },
      { customRules },
    );
    const cases = loadPolicyTests({ path: `${ROOT}packages/rules/examples/acme-lanekassen-prod.tests.yaml` });
    const report = await testPolicy(policy, cases, { customRules });
    expect(report.passed).toBe(true);
    const text = renderPolicyTests(report, { coverage: true, codes: policy.codes }).replaceAll(ROOT, '');
    expect(page).toContain(`\`\`\`text\n${text}\`\`\``);
  });

  it('points yaml-language-server at the published schemas, by a path that resolves in a project', () => {
    const lines = [...page.matchAll(/^# yaml-language-server: \$schema=(\S+)$/gm)].map((m) => m[1]);
    expect(lines.length).toBeGreaterThan(3);
    for (const target of lines) {
      expect(target).toMatch(/^node_modules\/@dsop-guard\/rules\/schema\/policy(-tests)?\.schema\.json$/);
      expect(
        existsSync(`${ROOT}packages/rules/${target?.replace('node_modules/@dsop-guard/rules/', '')}`),
      ).toBe(true);
    }
  });

  it('shows the real error message of the broken fixture', () => {
    const path = 'test/rules/fixtures/broken.policy.yaml';
    let message = '';
    try {
      loadPolicy({ path: `${ROOT}${path}` });
    } catch (e) {
      message = (e as Error).message.replaceAll(ROOT, '');
    }
    expect(page).toContain(`\`\`\`text\n${message}\n\`\`\``);
  });
});
