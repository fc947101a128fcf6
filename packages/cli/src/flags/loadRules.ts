import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '@dsop-guard/core';
import { quote } from './quote.js';
import { UsageError } from './usageError.js';

// Private: --rules, custom-rule factories from an ES module of the user's.

/** What `loadPolicy`'s `customRules` option takes: factories by the name a policy file uses. */
export type RuleFactories = Readonly<Record<string, (options: never) => Rule>>;

/**
 * Imports the ES module at `path` (relative to the working directory) and returns its default export, which
 * must be an object of rule name → factory, as `loadPolicy`'s `customRules` option takes. The module is the
 * user's own code and runs with the CLI's rights.
 *
 * @example
 * ```ts
 * // acme-rules.js: export default { 'acme.blocked-consumers': blockedConsumersRule };
 * const customRules = await loadRules('./acme-rules.js');
 * ```
 */
export async function loadRules(path: string): Promise<RuleFactories> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  } catch (e) {
    throw new UsageError(`--rules: cannot load ${quote(path)}: ${(e as Error).message}`);
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
