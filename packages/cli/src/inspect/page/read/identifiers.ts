// Private: the identifiers in a pair (person numbers and organisation numbers) and how each reads.

import { parseOrgno, parsePersonId } from '@dsop-guard/rules';
import { altinn3Of, type Json, orgOf } from './decode.js';

export interface IdRow {
  readonly claim: string;
  readonly value: string;
  readonly result: string;
  readonly ok: boolean;
}

function personRow(claim: string, raw: unknown): IdRow | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const value = raw.replace(/^urn:altinn:person:identifier-no:/, '');
  if (/^\d{9}$/.test(value)) return orgRow(claim, value);
  const all = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] as const;
  const parsed = parsePersonId(value, { allow: [...all] });
  if (!parsed.valid) return { claim, value, result: `not a person number: ${parsed.reason}`, ok: false };
  const kinds: Record<string, string> = {
    fnr: 'ordinary fødselsnummer',
    dnr: 'D-nummer',
    hnr: 'H-nummer',
    tenor: 'synthetic (Tenor, month + 80)',
    dolly: 'synthetic (NAV Dolly, month + 40)',
  };
  const rule =
    parsed.checksum === '2032'
      ? '; valid only under the 2032 rule (new check digits)'
      : '; classic check digits';
  return { claim, value, result: `${parsed.kinds.map((k) => kinds[k] ?? k).join(' or ')}${rule}`, ok: true };
}

function orgRow(claim: string, raw: unknown): IdRow | undefined {
  const value = orgOf(raw);
  if (value === undefined) return undefined;
  const r = parseOrgno(value);
  return {
    claim,
    value,
    result: r.valid ? 'organisation number, MOD11 valid' : `not a valid organisation number: ${r.reason}`,
    ok: r.valid,
  };
}

export function identifiers(mp: Json | undefined, a2: Json | undefined, person: string): IdRow[] {
  const a3 = altinn3Of(mp);
  return [
    orgRow('consumer.ID', mp?.['consumer']),
    orgRow('supplier.ID', mp?.['supplier']),
    personRow('pid', mp?.['pid']),
    orgRow('CoveredBy', a2?.['CoveredBy']),
    orgRow('HandledBy', a2?.['HandledBy']),
    personRow('OfferedBy', a2?.['OfferedBy']),
    orgRow('to', a3?.['to']),
    personRow('from', a3?.['from']),
    personRow('Person', person),
  ].filter((r): r is IdRow => r !== undefined);
}
