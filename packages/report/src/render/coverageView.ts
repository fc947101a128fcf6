import type { CoverageReport } from '../coverageTypes.js';
import { counted, percent, rulePath } from './format.js';
import type { ViewSection } from './viewTypes.js';

// Private: the coverage part of the report as neutral sections, for both renderers.

function rules(c: CoverageReport): ViewSection {
  const basis =
    c.basis === 'policy'
      ? 'The named policy\'s whole tree is listed, also what no decision reached ("in policy" no: a node only the records hold, from another policy).'
      : 'Only what the records hold is listed: name the policy (--policy or --preset) to see the rules no decision reached and the codes none gave.';
  return {
    id: 'coverage',
    title: 'Coverage: rules',
    testid: 'coverage',
    lines: [
      `What ${counted(c.decisions, 'decision')} exercised, read from the outcome trees the records carry. ${basis}`,
      c.neverFailed.length === 0
        ? 'Every rule failed at least once in the period.'
        : `${counted(c.neverFailed.length, 'rule')} never failed in the period (listed below): before deleting one, ask what it guards against that this period did not bring.`,
      ...(c.neverEvaluated.length === 0
        ? []
        : [
            `${counted(c.neverEvaluated.length, 'rule')} of the named policy no decision evaluated (evaluated 0 below).`,
          ]),
      ...(c.untracked === 0
        ? []
        : [`${counted(c.untracked, 'outcome')} not tracked (more distinct rule paths than the cap).`]),
    ],
    tables: [
      {
        caption: 'Rules that never failed',
        headers: ['rule', 'evaluated'],
        rows: c.rules
          .filter((r) =>
            c.neverFailed.some((p) => p.length === r.path.length && p.every((id, i) => id === r.path[i])),
          )
          .map((r) => [rulePath(r.path), r.evaluated]),
      },
      {
        caption: 'Outcomes per rule',
        headers: ['rule', 'kind', 'mode', 'evaluated', 'pass', 'fail', 'skipped', 'error', 'in policy'],
        rows: c.rules.map((r) => [
          rulePath(r.path),
          r.kind,
          r.mode,
          r.evaluated,
          r.pass,
          r.fail,
          r.skipped,
          r.error,
          r.inPolicy ? 'yes' : 'no',
        ]),
      },
    ],
  };
}

function codes(c: CoverageReport): ViewSection {
  const never = c.codes.neverOccurred;
  return {
    id: 'coverage-codes',
    title: 'Coverage: reason codes',
    testid: 'coverage-codes',
    lines: [
      never === null
        ? 'Which codes never occurred needs the policy (--policy or --preset): it says which codes its rules can give.'
        : never.length === 0
          ? "Every code the policy's rules can give occurred."
          : `${counted(never.length, 'code')} the policy's rules can give never occurred: ${never.join(', ')}.`,
    ],
    tables: [
      {
        caption: 'Violation codes given by some rule (enforced or shadow)',
        headers: ['code', 'decisions', 'share', 'meaning', 'betydning'],
        rows: c.codes.occurred.map((x) => [
          x.code,
          x.decisions,
          percent(x.decisions, c.decisions),
          x.en,
          x.nb,
        ]),
        nbColumns: [4],
      },
    ],
  };
}

function branches(c: CoverageReport): ViewSection {
  const undecided = c.branches.filter((b) => b.decided === 0);
  return {
    id: 'coverage-branches',
    title: 'Coverage: any and when branches',
    testid: 'coverage-branches',
    lines: [
      c.branches.length === 0
        ? 'No any or when in the decisions (or none recognisable: a combinator with an id of its own is known only from the named policy).'
        : undecided.length === 0
          ? 'Every branch decided at least once.'
          : `${counted(undecided.length, 'branch', 'branches')} never decided: ${undecided.map((b) => `${rulePath(b.path)}: ${b.branch}`).join('; ')}.`,
      'An any decides through each enforced child that passed when it passed; a when through "then" (its condition held) or "skip" (it did not).',
    ],
    tables: [
      {
        caption: 'Branches and how often each decided',
        headers: ['combinator', 'kind', 'branch', 'decided'],
        rows: c.branches.map((b) => [rulePath(b.path), b.kind, b.branch, b.decided]),
      },
    ],
  };
}

function shadow(c: CoverageReport): ViewSection {
  return {
    id: 'coverage-shadow',
    title: 'Coverage: shadow rules',
    testid: 'coverage-shadow',
    lines: [
      c.shadow.length === 0
        ? 'No shadow rule in the decisions.'
        : 'How often each shadow rule would have denied had it been enforced; "of allowed" are the decisions enforcing it would change.',
    ],
    tables: [
      {
        caption: 'Shadow rules: would-deny rate',
        headers: ['rule', 'evaluated', 'would deny', 'rate', 'of allowed'],
        rows: c.shadow.map((s) => [
          rulePath(s.path),
          s.evaluated,
          s.wouldDeny,
          percent(s.wouldDeny, s.evaluated),
          s.ofAllowed,
        ]),
      },
    ],
  };
}

/** The coverage sections, in reading order. */
export function coverageView(c: CoverageReport): readonly ViewSection[] {
  return [rules(c), codes(c), branches(c), shadow(c)];
}
