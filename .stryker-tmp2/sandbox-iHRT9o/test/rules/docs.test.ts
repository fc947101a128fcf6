// @ts-nocheck
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicy, policySchema } from '@dsop-guard/rules';
import publishedSchema from '@dsop-guard/rules/policy.schema.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { POLICY_SCHEMA, RULES_DOC, renderPolicySchema, renderRulesDoc } from '../../scripts/gen-rules-doc.js';

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
});

describe('docs/policy-files.md', () => {
  const page = read(`${ROOT}docs/policy-files.md`);
  const embedded = [...page.matchAll(/<!-- example: (\S+) -->\n(`{3,})\w*\n([\s\S]*?)\2\n/g)];

  it('embeds every example file verbatim', () => {
    const files = readdirSync(`${ROOT}packages/rules/examples`).map((f) => `packages/rules/examples/${f}`);
    expect(embedded.map((m) => m[1]).sort()).toEqual(files.sort());
    for (const [, path, , body] of embedded) expect(body).toBe(read(`${ROOT}${path}`));
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
