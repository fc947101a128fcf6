// Private to the CLI: how the help texts of check, test, serve, replay and report say --rules, once: the module
// may be JavaScript or TypeScript (loadRules), and each help says so with these words.

/** The flag as a usage line writes it: `--rules <module.js|.ts>`. */
export const rulesUsage = '--rules <module.js|.ts>';

/**
 * The --rules option of a help text's option list, at the column the other options start (30 characters after
 * the indent of two): `scope` is what it goes with (`with --policy`, `with a policy file`).
 */
export function rulesOption(scope: string): string {
  const pad = ' '.repeat(32);
  return [
    `  ${rulesUsage.padEnd(30)}${scope}: a module whose default export is an object of rule name →`,
    `${pad}factory (loadPolicy's customRules), for the custom rules the file names:`,
    `${pad}JavaScript (.js, .mjs) or TypeScript (.ts, .mts, .cts, loaded with tsx).`,
    `${pad}It is your code and runs with the CLI's rights`,
  ].join('\n');
}
