import type { AuditRecord } from '@dsop-guard/core';

// Private: the facts the report needs from one decision record, read defensively. The verifier vouches for a
// record's chain and hash, not for its fields: a record written by another version, or crafted and rehashed,
// may hold anything, and the report must neither crash nor print a value of the wrong type.

export interface KeyUse {
  readonly token: 'maskinporten' | 'consent';
  readonly iss: string | null;
  readonly stale: boolean;
  readonly ageSeconds: number | null;
}

export interface ShadowFailure {
  readonly ruleId: string;
  readonly codes: readonly string[];
}

export interface DecisionFacts {
  readonly decision: 'allow' | 'deny' | null;
  readonly evaluatedAt: number | null;
  readonly reasons: readonly string[];
  readonly consumerOrgno: string | null;
  readonly supplierOrgno: string | null;
  readonly delegation: string;
  readonly delegationSource: string | null;
  readonly consent: {
    readonly id: string | null;
    readonly source: string;
    readonly validTo: number | null;
  } | null;
  readonly latencyMs: number | null;
  readonly keys: readonly KeyUse[];
  readonly shadowFailures: readonly ShadowFailure[];
  /** The policy as the record names it; `null` when it names none readable. */
  readonly policy: { readonly id: string; readonly version: string; readonly sha256: string } | null;
  /** `privacy.person` and `privacy.keyId`, `null` when absent. */
  readonly privacy: { readonly person: string | null; readonly keyId: string | null };
  /** The outcome tree as recorded, unread: the coverage reads it defensively. */
  readonly outcomes: unknown;
}

type Loose = Readonly<Record<string, unknown>>;

const object = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];

function keyUse(token: KeyUse['token'], value: unknown): KeyUse[] {
  const t = object(value);
  const keys = object(t?.['keys']);
  if (t === undefined || keys === undefined) return [];
  return [
    { token, iss: text(t['iss']), stale: keys['state'] === 'stale', ageSeconds: number(keys['ageSeconds']) },
  ];
}

/** Shadow outcomes that failed, at any depth; depth is capped so a crafted record cannot recurse deeply. */
function shadowFailures(outcomes: unknown, into: ShadowFailure[], depth = 0): ShadowFailure[] {
  if (!Array.isArray(outcomes) || depth > 32) return into;
  for (const item of outcomes) {
    const o = object(item);
    if (o === undefined) continue;
    if (o['mode'] === 'shadow' && o['status'] === 'fail' && typeof o['ruleId'] === 'string') {
      const codes = Array.isArray(o['violations'])
        ? o['violations'].map((v) => text(object(v)?.['code']))
        : [];
      into.push({ ruleId: o['ruleId'], codes: codes.filter((c): c is string => c !== null) });
    }
    shadowFailures(o['children'], into, depth + 1);
  }
  return into;
}

function consentOf(value: unknown): DecisionFacts['consent'] {
  const c = object(value);
  if (c === undefined) return null;
  return { id: text(c['id']), source: text(c['source']) ?? 'unknown', validTo: number(c['validTo']) };
}

function policyOf(value: unknown): DecisionFacts['policy'] {
  const p = object(value);
  const id = text(p?.['id']);
  const version = text(p?.['version']);
  const sha256 = text(p?.['sha256']);
  return id === null || version === null || sha256 === null ? null : { id, version, sha256 };
}

export function readDecision(record: AuditRecord): DecisionFacts {
  const r = record as unknown as Loose;
  const subject = object(r['subject']) ?? {};
  const tokens = object(r['tokens']) ?? {};
  const decision = r['decision'] === 'allow' || r['decision'] === 'deny' ? r['decision'] : null;
  return {
    decision,
    evaluatedAt: number(r['evaluatedAt']),
    reasons: strings(r['reasons']),
    consumerOrgno: text(subject['consumerOrgno']),
    supplierOrgno: text(subject['supplierOrgno']),
    delegation: text(subject['delegation']) ?? 'unknown',
    delegationSource: text(subject['delegationSource']),
    consent: consentOf(r['consent']),
    latencyMs: number(r['latencyMs']),
    keys: [...keyUse('maskinporten', tokens['maskinporten']), ...keyUse('consent', tokens['consent'])],
    shadowFailures: shadowFailures(r['outcomes'], []),
    policy: policyOf(r['policy']),
    privacy: { person: text(object(r['privacy'])?.['person']), keyId: text(object(r['privacy'])?.['keyId']) },
    outcomes: r['outcomes'],
  };
}
