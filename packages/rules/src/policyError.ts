import { ConfigError } from '@dsop-guard/core';

/**
 * One problem in a policy file: where (the file, and the path inside it such as `rule.all[2].options.scopes`),
 * what, and a hint, usually the likely fix ("did you mean 'scopes'?").
 *
 * @example
 * ```ts
 * const problem: PolicyProblem = {
 *   file: 'lanekassen.policy.yaml', path: 'rule.all[1].rule', message: "unknown rule 'scpoe'", hint: "did you mean 'scope'?",
 * };
 * ```
 */
export interface PolicyProblem {
  readonly file: string;
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

function line(p: PolicyProblem): string {
  return `  ${p.path === '' ? '(file)' : p.path}: ${p.message}${p.hint === undefined ? '' : ` (${p.hint})`}`;
}

/**
 * Every problem found while loading a policy file, thrown once as one {@link ConfigError}. The message lists
 * them all, one per line; `problems` carries them as data.
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

  constructor(file: string, problems: readonly PolicyProblem[]) {
    super(problems[0]?.path ?? '', 'invalid policy', file);
    this.name = 'PolicyError';
    this.problems = problems;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    this.message = `${file}: ${count}\n${problems.map(line).join('\n')}`;
  }
}
