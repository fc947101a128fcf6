// The coverage part of an AuditReport: what the logged decisions exercised of the policy that took them.

/** One rule or combinator node of the outcome tree, by its path of rule ids from the top. */
export interface RuleCoverage {
  /** Rule ids from the top of the outcome tree (`policy`, the root rule's id, …, this rule's id). */
  readonly path: readonly string[];
  /**
   * The rule's kind (`all`, `any`, `when`, `not`, `scope`, a custom rule's name …): from the named policy, else
   * read from a combinator's default id (`any(a,b)`); `null` when neither tells.
   */
  readonly kind: string | null;
  /** `shadow` when a record (or the named policy) says so, else `enforce`. */
  readonly mode: 'enforce' | 'shadow';
  /** Decisions whose outcome tree holds this node. */
  readonly evaluated: number;
  readonly pass: number;
  readonly fail: number;
  readonly skipped: number;
  readonly error: number;
  /** Whether the named policy has this node (`true` when no policy was named: the records are all there is). */
  readonly inPolicy: boolean;
}

/** One way an `any` or a `when` can decide, and how often it did. */
export interface BranchCoverage {
  /** The combinator's path. */
  readonly path: readonly string[];
  readonly kind: 'any' | 'when';
  /**
   * For `any`: the id of an enforced child, which decided when the `any` passed through it (its status pass).
   * For `when`: `then` (the condition held, the rule decided) or `skip` (the condition did not: no objection).
   */
  readonly branch: string;
  readonly decided: number;
}

/** A violation code and the decisions in which some rule gave it. */
export interface CodeCoverage {
  readonly code: string;
  readonly decisions: number;
  /** Its meaning (a custom code's from the named policy); `null` for a code not known. */
  readonly en: string | null;
  readonly nb: string | null;
}

/** A shadow rule: how often it was evaluated, and how often it would have denied. */
export interface ShadowCoverage {
  readonly path: readonly string[];
  readonly evaluated: number;
  /** Decisions in which it failed. */
  readonly wouldDeny: number;
  /** Of them, decisions that were allowed: the ones enforcing it would change. */
  readonly ofAllowed: number;
  /** `wouldDeny` / `evaluated`, 0 when never evaluated. */
  readonly rate: number;
}

/**
 * What the decisions in the logs exercised (`dsop-guard report --coverage`): per rule how often it passed,
 * failed, was skipped or erred; the rules that never failed; the violation codes that occurred and (with a
 * named policy) those that never did; the `any`/`when` branches and how often each decided; and how often each
 * shadow rule would have denied. Read from the outcome trees the records carry.
 */
export interface CoverageReport {
  /** `policy`: a policy was named, and its whole tree is listed (also what no record reached); `records`: only what the records hold. */
  readonly basis: 'policy' | 'records';
  /** Decisions with an outcome tree. */
  readonly decisions: number;
  /** Every node, in tree order (the named policy's first, then what only records hold). */
  readonly rules: readonly RuleCoverage[];
  /** Paths of the rules (not the engine's steps) that never failed in the period, evaluated or not. */
  readonly neverFailed: readonly (readonly string[])[];
  /** Paths of the named policy's rules that no decision evaluated; empty without a named policy. */
  readonly neverEvaluated: readonly (readonly string[])[];
  readonly codes: {
    /** Violation codes given by some rule, the most decisions first. */
    readonly occurred: readonly CodeCoverage[];
    /** The codes the named policy's rules can give and none gave; `null` without a named policy. */
    readonly neverOccurred: readonly string[] | null;
  };
  /** Every `any` and `when` branch, with how often it decided (0: never). */
  readonly branches: readonly BranchCoverage[];
  readonly shadow: readonly ShadowCoverage[];
  /** Nodes not tracked because the tree held more than `maxGroups` distinct paths (counted, never listed). */
  readonly untracked: number;
}
