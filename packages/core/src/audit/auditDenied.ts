import type { Verdict } from '../types.js';

// Private: what the trail answers with under `onFailure: 'deny'`.

/** The verdict a request gets when its record could not be written and the trail must deny. */
export function auditDenied(verdict: Verdict): Verdict {
  const violation = { code: 'audit_unavailable', ruleId: 'audit', path: '' } as const;
  return {
    ...verdict,
    decision: 'deny',
    reasons: verdict.reasons.includes('audit_unavailable')
      ? verdict.reasons
      : [...verdict.reasons, 'audit_unavailable'],
    violations: [...verdict.violations, violation],
    outcomes: [
      ...verdict.outcomes,
      { ruleId: 'audit', status: 'error', mode: 'enforce', violations: [violation] },
    ],
  };
}
