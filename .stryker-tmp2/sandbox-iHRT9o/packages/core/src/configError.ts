/**
 * The one error dsop-guard throws: invalid configuration, found when a rule, policy, key set or guard is
 * built. Expected failures at request time are never thrown; they are violations in a verdict.
 *
 * @example
 * ```ts
 * try { defineRule({ id: '', check: () => pass() }); }
 * catch (e) { if (e instanceof ConfigError) console.error(e.field, e.message); }
 * ```
 */
// @ts-nocheck

export class ConfigError extends Error {
  /** The path of the bad field, e.g. `rules[2].options.scopes`. */
  readonly field: string;
  /** Where the configuration came from (a file path), when known. */
  readonly source: string | undefined;

  constructor(field: string, message: string, source?: string) {
    super(`${source === undefined ? '' : `${source}: `}${field}: ${message}`);
    this.name = 'ConfigError';
    this.field = field;
    this.source = source;
  }
}
