import { randomUUID } from 'node:crypto';
import type { Decision } from '../createEngine.js';
import type { KeyState } from '../jwt/keySetTypes.js';
import type { RuleOutcome, TokenFacts } from '../types.js';
import { outcomeProtector } from './protectOutcome.js';
import { PERSON_NUMBER } from './protectPersonalData.js';
import type {
  ClaimSnapshot,
  PersonFacts,
  RecordOutcome,
  RecordPrivacy,
  RecordTransport,
  TokenRecord,
  UnchainedRecord,
} from './recordTypes.js';

// Private: turns an engine decision into an (unchained) decision record, protecting every personal field.

/** The claim snapshot's protection of one record: keyed pseudonyms, so equality between fields survives. */
export interface SnapshotKey {
  /** The key's id for `privacy.keyId` (`null` in clear). */
  readonly keyId: string | null;
  readonly text: (text: string) => string;
}

export interface RecordProtection {
  readonly person: RecordPrivacy['person'];
  /** Protects a string for the record's visible fields (person, request id, facts, route). */
  readonly text: (text: string) => string;
  /** The snapshot's key for the next record: the trail's, or (without one) a fresh random key per record. */
  readonly snapshotKey: () => SnapshotKey;
  readonly personFacts: ((clear: string) => PersonFacts) | undefined;
}

export interface RecordContext {
  readonly transport: RecordTransport;
  readonly latencyMs: number;
  /** Wall-clock time of the record, ms since the epoch. */
  readonly timeMs: number;
  /** Facts about a person number that need its clear value; the guards pass one built on parsePersonId. */
  readonly personFacts?: (clear: string) => PersonFacts;
}

const UNKNOWN_KEYS: KeyState = { state: 'unknown', ageSeconds: null };

/** The verdict's outcome tree, written compactly: defaults (`enforce`, no violations) left out. */
function compact(o: RuleOutcome): RecordOutcome {
  return {
    ruleId: o.ruleId,
    status: o.status,
    ...(o.mode === 'shadow' ? { mode: 'shadow' as const } : {}),
    ...(o.violations.length === 0 ? {} : { violations: o.violations }),
    ...(o.children === undefined ? {} : { children: o.children.map(compact) }),
  };
}

/** Every string (and object key) of a JSON-like value through `f`; `undefined` members dropped. */
function mapStrings(value: unknown, f: (text: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[f(k)] = mapStrings(v, f);
    return out;
  }
  if (typeof value === 'number') return numberOf(value, f);
  return value;
}

/**
 * A number for the record: one of 11 digits or more may be a person number written as a JSON number, so it goes
 * through `f` as text; -0 cannot survive JSON; non-finite numbers cannot be written at all.
 */
function numberOf(value: number, f: (text: string) => string): number | string | null {
  if (Number.isInteger(value) && Math.abs(value) >= 1e10) return f(String(value));
  return Number.isFinite(value) ? value + 0 : null;
}

function collectPersonNumbers(value: unknown, into: Set<string>): void {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))) {
    for (const m of String(value).matchAll(PERSON_NUMBER)) into.add(m[0]);
  } else if (Array.isArray(value)) for (const v of value) collectPersonNumbers(v, into);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) collectPersonNumbers(v, into);
}

function snapshotOf(
  decision: Decision,
  key: SnapshotKey,
  facts: ((clear: string) => PersonFacts) | undefined,
): ClaimSnapshot | null {
  const { maskinporten, consent, request } = decision.claims;
  if (maskinporten === undefined) return null;
  const clear = { maskinporten, consent: consent ?? null, request };
  const people: Record<string, PersonFacts> = {};
  if (facts !== undefined) {
    const numbers = new Set<string>();
    collectPersonNumbers(clear, numbers);
    for (const n of numbers) people[key.text(n)] = facts(n);
  }
  const claims = mapStrings(clear, key.text) as Omit<ClaimSnapshot, 'people' | 'clockTolerance'>;
  return {
    maskinporten: claims.maskinporten,
    consent: claims.consent ?? null,
    request: { person: claims.request.person ?? null, requestId: claims.request.requestId ?? null },
    people,
    clockTolerance: decision.clockTolerance,
  };
}

function tokenRecord(facts: TokenFacts | null, keys: KeyState | undefined, p: RecordProtection) {
  if (facts === null) return null;
  const text = (t: string | null): string | null => (t === null ? null : p.text(t));
  const record: TokenRecord = {
    iss: text(facts.iss),
    kid: text(facts.kid),
    jti: text(facts.jti),
    exp: facts.exp,
    keys: keys ?? UNKNOWN_KEYS,
  };
  return record;
}

export function decisionRecordOf(
  decision: Decision,
  context: RecordContext,
  p: RecordProtection,
): UnchainedRecord {
  const { verdict, claims } = decision;
  const mp = claims.maskinporten;
  const consent = claims.consent;
  const protectOutcome = outcomeProtector(p.text);
  const key = p.snapshotKey();
  const text = (t: string | null | undefined): string | null => (typeof t === 'string' ? p.text(t) : null);
  return {
    recordVersion: 1,
    kind: 'decision',
    id: randomUUID(),
    time: new Date(context.timeMs).toISOString(),
    evaluatedAt: verdict.evaluatedAt,
    requestId: text(claims.request.requestId ?? verdict.requestId),
    decision: verdict.decision,
    reasons: verdict.reasons,
    outcomes: verdict.outcomes.map((o) => compact(protectOutcome(o))),
    policy: verdict.policy,
    subject: {
      consumer: text(mp?.consumer?.id),
      consumerOrgno: text(mp?.consumer?.value),
      supplier: text(mp?.supplier?.id),
      supplierOrgno: text(mp?.supplier?.value),
      delegation: verdict.subject.delegation,
      delegationSource: text(mp?.delegationSource),
      handledBy: text(consent?.handledBy),
      person: text(claims.request.person),
    },
    tokens: {
      maskinporten: tokenRecord(verdict.tokens.maskinporten, decision.keys.maskinporten, p),
      consent: tokenRecord(verdict.tokens.consent, decision.keys.consent, p),
    },
    consent:
      consent === undefined
        ? null
        : {
            source: consent.source,
            id: text(consent.consentId),
            validFrom: consent.consentedAt ?? null,
            validTo: consent.validTo ?? null,
          },
    transport: {
      adapter: p.text(context.transport.adapter).slice(0, 64),
      route: context.transport.route === null ? null : p.text(context.transport.route).slice(0, 256),
      method: context.transport.method === null ? null : p.text(context.transport.method).slice(0, 16),
    },
    latencyMs: Math.round(context.latencyMs * 1000) / 1000,
    privacy: { person: p.person, keyId: key.keyId },
    snapshot: snapshotOf(decision, key, p.personFacts ?? context.personFacts),
  };
}
