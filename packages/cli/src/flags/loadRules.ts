import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '@dsop-guard/core';
import { quote } from './quote.js';
import { UsageError } from './usageError.js';

// Private: --rules, custom-rule factories from an ES module of the user's.

/** What `loadPolicy`'s `customRules` option takes: factories by the name a policy file uses. */
export type RuleFactories = Readonly<Record<string, (options: never) => Rule>>;

/** TypeScript modules: Node 20 cannot strip their types, so tsx's loader imports them (and what they import). */
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * A module compiled to CommonJS (a `.ts` file outside a `"type": "module"` package, as tsx compiles it) is
 * imported as `{ default: module.exports }`, its own default export one level down, under `__esModule`.
 */
function esModuleOf(module: { default?: unknown }): { default?: unknown } {
  const inner = module.default as { __esModule?: unknown; default?: unknown } | null | undefined;
  return typeof inner === 'object' && inner !== null && inner.__esModule === true && 'default' in inner
    ? { default: inner.default }
    : module;
}

/** The module at the URL: a JavaScript one with Node's own import, a TypeScript one through tsx's `tsImport`. */
async function importModule(url: string, typescript: boolean): Promise<{ default?: unknown }> {
  if (!typescript) return esModuleOf((await import(url)) as { default?: unknown });
  // Loaded only for a TypeScript module: esbuild is not the other commands' business.
  const { tsImport } = await import('tsx/esm/api');
  return esModuleOf((await tsImport(url, import.meta.url)) as { default?: unknown });
}

/**
 * Imports the module at `path` (relative to the working directory; JavaScript, `.js`/`.mjs`, with Node's own
 * import, TypeScript, `.ts`/`.mts`/`.cts`, through tsx's loader) and returns its default export, which must be
 * an object of rule name → factory, as `loadPolicy`'s `customRules` option takes. The module is the user's own
 * code and runs with the CLI's rights.
 *
 * @example
 * ```ts
 * // acme-rules.ts: export default { 'acme.blocked-consumers': blockedConsumersRule };
 * const customRules = await loadRules('./acme-rules.ts');
 * ```
 */
export async function loadRules(path: string): Promise<RuleFactories> {
  let module: { default?: unknown };
  const typescript = TYPESCRIPT.has(extname(path).toLowerCase());
  try {
    module = await importModule(pathToFileURL(resolve(path)).href, typescript);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    const why = missing && !existsSync(resolve(path)) ? 'no such file' : (e as Error).message;
    throw new UsageError(`--rules: cannot load ${quote(path)}: ${why}`);
  }
  const factories = module.default;
  if (typeof factories !== 'object' || factories === null || Array.isArray(factories)) {
    throw new UsageError(
      `--rules: ${quote(path)} must export default an object of rule name → factory, e.g. export default { 'acme.rule': acmeRule }`,
    );
  }
  const bad = Object.entries(factories).find(([, f]) => typeof f !== 'function');
  if (bad !== undefined)
    throw new UsageError(`--rules: ${quote(path)}: ${quote(bad[0])} must be a function (a rule factory)`);
  return factories as RuleFactories;
}
