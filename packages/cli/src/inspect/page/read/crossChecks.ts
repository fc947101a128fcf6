// Private: the pair's cross-checks: who the consent covers and is offered by, against the token and the person.

import { altinn3Of, type Json, orgOf } from './decode.js';

export interface Check {
  readonly what: string;
  readonly left: string;
  readonly right: string;
  readonly status: 'match' | 'mismatch' | 'absent' | 'info';
}

const pair = (what: string, l: string | undefined, r: string | undefined): Check => ({
  what,
  left: l ?? '—',
  right: r ?? '—',
  status: l === undefined || r === undefined ? 'absent' : l === r ? 'match' : 'mismatch',
});

/** Delegation: supplier and delegation_source go together, and the supplier is the consent's HandledBy. */
function delegationChecks(mp: Json | undefined, a2: Json | undefined): Check[] {
  const supplier = orgOf(mp?.['supplier']);
  const source =
    typeof mp?.['delegation_source'] === 'string' ? (mp['delegation_source'] as string) : undefined;
  const handledBy = typeof a2?.['HandledBy'] === 'string' ? (a2['HandledBy'] as string) : undefined;
  if (supplier === undefined && source === undefined && handledBy === undefined)
    return [{ what: 'delegation', left: 'direct (no supplier)', right: '', status: 'info' }];
  const checks: Check[] = [
    {
      what: 'delegation: supplier, delegation_source',
      left: supplier ?? '—',
      right: source ?? '—',
      status: supplier !== undefined && source !== undefined ? 'info' : 'mismatch',
    },
  ];
  if (handledBy !== undefined || a2 !== undefined)
    checks.push(pair('supplier ↔ HandledBy', supplier, handledBy));
  return checks;
}

/** The pair's cross-checks: who the consent covers and is offered by, against the token and the person. */
export function crossChecks(mp: Json | undefined, a2: Json | undefined, person: string): Check[] {
  const a3 = altinn3Of(mp);
  const consumer = orgOf(mp?.['consumer']);
  const coveredBy = a2 !== undefined ? orgOf(a2['CoveredBy']) : orgOf(a3?.['to']);
  const covName = a2 !== undefined ? 'CoveredBy' : 'to';
  const offered = a2 !== undefined ? a2['OfferedBy'] : a3?.['from'];
  const offeredId =
    typeof offered === 'string' ? offered.replace(/^urn:altinn:person:identifier-no:/, '') : undefined;
  const checks: Check[] = [
    pair(`consumer ↔ ${covName}`, consumer, coveredBy),
    pair(
      `${a2 !== undefined ? 'OfferedBy' : 'from'} ↔ person`,
      offeredId,
      person === '' ? undefined : person,
    ),
    ...delegationChecks(mp, a2),
  ];
  if (typeof mp?.['pid'] === 'string')
    checks.push(pair('pid ↔ person', mp['pid'] as string, person || undefined));
  return checks;
}
