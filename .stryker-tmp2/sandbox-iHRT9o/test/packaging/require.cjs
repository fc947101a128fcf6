// @ts-nocheck
// CommonJS: require() of the ESM-only packages (Node 20.19+ loads ES modules without top-level await).
const assert = require('node:assert/strict');
const { createGuard } = require('@dsop-guard/adapters');

async function main() {
  const { cases, guardOptions } = await import('./fixture.mjs');
  const guard = createGuard(guardOptions());
  const seen = [];
  for (const c of cases) {
    const verdict = await guard.check(c.input);
    assert.equal(verdict.decision, c.status === 200 ? 'allow' : 'deny', `${c.name}: decision`);
    assert.deepEqual(verdict.reasons, c.reasons, `${c.name}: reasons`);
    seen.push(`${c.name} ${verdict.decision}`);
  }
  console.log(`ok require('@dsop-guard/adapters') (CommonJS): ${seen.join('; ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
