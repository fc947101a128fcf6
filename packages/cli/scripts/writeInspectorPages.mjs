// Run by `pnpm build` after tsc: bundles the inspector page (dist/inspect/buildInspectorPage.js, esbuild) once per
// mode and writes dist/inspect/inspector-server.json and inspector-file.json, which the built CLI serves. Never
// committed: the page is built from the sources of the same build, so it cannot drift from them.
import { writeFileSync } from 'node:fs';
import { buildInspectorPage } from '../dist/inspect/buildInspectorPage.js';

for (const mode of ['server', 'file']) {
  const page = await buildInspectorPage({ mode });
  const out = new URL(`../dist/inspect/inspector-${mode}.json`, import.meta.url);
  writeFileSync(out, JSON.stringify(page));
  process.stdout.write(`wrote ${out.pathname} (${page.html.length} characters)\n`);
}
