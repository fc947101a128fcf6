// @ts-nocheck
import { ConfigError } from '@dsop-guard/core';

/**
 * One problem in a policy file: where (the file, the path inside it such as `rule.all[2].options.scopes`, and
 * its 1-based line and column, `null` when the problem has no place of its own, such as an unreadable file or
 * the file as a whole), what, and a hint, usually the likely fix ("did you mean 'scopes'?").
 *
 * @example
 * ```ts
 * const problem: PolicyProblem = {
 *   file: 'lanekassen.policy.yaml', path: 'rule.all[1].rule', line: 7, column: 7,
 *   message: "unknown rule 'scpoe'", hint: "did you mean 'scope'?",
 * };
 * ```
 */
export interface PolicyProblem {
  readonly file: string;
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
  readonly hint?: string;
}

/** `  file:12:7: rule.all[2].options.scopes: must be array (hint)`; without the place when it has none. */
function line(p: PolicyProblem): string {
  const place = p.line === null ? '' : `${p.file}:${p.line}:${p.column ?? 1}: `;
  const hint = p.hint === undefined ? '' : ` (${p.hint})`;
  return `  ${place}${p.path === '' ? '(file)' : p.path}: ${p.message}${hint}`;
}

/**
 * Every problem found while loading a policy file, thrown once as one {@link ConfigError}. The message lists
 * them all, one per line, each with its `file:line:column` when it has one; `problems` carries them as data.
 * When a custom rule's factory threw, `cause` is the first error it threw.
 *
 * @example
 * ```ts
 * try { loadPolicy({ path: 'policy.yaml' }); }
 * catch (e) {
 *   if (e instanceof PolicyError) for (const p of e.problems) console.error(p.path, p.message, p.hint);
 * }
 * ```
 */
export class PolicyError extends ConfigError {
  readonly problems: readonly PolicyProblem[];

  constructor(file: string, problems: readonly PolicyProblem[], options: { readonly cause?: unknown } = {}) {
    super(problems[0]?.path ?? '', 'invalid policy', file);
    if ('cause' in options) this.cause = options.cause;
    this.name = 'PolicyError';
    this.problems = problems;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    this.message = `${file}: ${count}\n${problems.map(line).join('\n')}`;
  }
}
