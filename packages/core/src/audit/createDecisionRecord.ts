import { randomUUID } from 'node:crypto';
import type { Decision } from '../engine/engineTypes.js';
import type { KeyState } from '../jwt/keySetTypes.js';
import type { PersonFacts, RuleOutcome, TokenFacts } from '../types.js';
import { outcomeProtector } from './protectOutcome.js';
import { mayBePersonNumber, PERSON_NUMBER } from './protectPersonalData.js';
import type {
  ClaimSnapshot,
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

/** Claims that hold times (epoch seconds), never a person: their numbers are kept whatever their size. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'validTo', 'consentedAt']);
const PSEUDONYM = /^p:([0-9a-f]{16})$/;

/**
 * A number for the snapshot, of the same type: an integer of exactly 11 digits may be a person number written as
 * a JSON number, so it becomes the 11-digit integer its keyed pseudonym names (equal numbers stay equal); every
 * other number is kept (-0 as 0, a non-finite one, which JSON cannot hold, as null).
 */
function numberOf(value: number, f: ((text: string) => string) | undefined): number | null {
  if (!Number.isFinite(value)) return null;
  if (f === undefined || !mayBePersonNumber(value)) return value + 0;
  const hex = PSEUDONYM.exec(f(String(value)))?.[1];
  return hex === undefined ? value : 1e10 + (Number.parseInt(hex.slice(0, 13), 16) % 9e10);
}

/**
 * Every string (and object key) of a JSON-like value through `f`, every number through {@link numberOf} except
 * in a time claim; `undefined` members dropped. Types are kept: a rule reads in a replay what it read live.
 */
function mapStrings(value: unknown, f: (text: string) => string, key = ''): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[f(k)] = mapStrings(v, f, k);
    return out;
  }
  if (typeof value === 'number') return numberOf(value, TIME_CLAIMS.has(key) ? undefined : f);
  return value;
}

/** Person numbers in the snapshot's strings, for their facts (a number is never read as a person). */
function collectPersonNumbers(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(PERSON_NUMBER)) into.add(m[0]);
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

/** A new decision record, not yet linked into a chain: a random `id`, the verdict and claims protected as `p` says. */
export function createDecisionRecord(
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
