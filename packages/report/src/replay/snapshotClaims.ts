import type { Claims, Consent, MaskinportenClaims, PersonFacts } from '@dsop-guard/core';

// Private: a decision record's claim snapshot as the claims the rules read, and the person-facts lookup that
// stands in for parsing a pseudonymised number. Read defensively: the verifier vouches for a record's seal,
// not for its fields.

type Loose = Readonly<Record<string, unknown>>;

const object = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

/** A value that is, whole, a pseudonym as the audit trail writes it (`p:` and 16 hex digits). A value that only holds one
 * was not eleven digits in clear either, and reads as such. */
const PSEUDONYM = /^p:[0-9a-f]{16}$/;

export interface SnapshotClaims {
  readonly claims: Claims;
  readonly clockTolerance: number;
  /** The lookup for the evaluation context; it notes when a rule asked about a pseudonym it has no facts for. */
  readonly personFacts: (person: string) => PersonFacts | undefined;
  /** Whether a rule asked about a pseudonymised number whose facts the record lacks. */
  readonly factsMissing: () => boolean;
}

function factsOf(value: unknown): PersonFacts | undefined {
  const f = object(value);
  if (f === undefined || typeof f['valid'] !== 'boolean' || !Array.isArray(f['kinds'])) return undefined;
  return f as unknown as PersonFacts;
}

/** The snapshot's claims, or `undefined` when it does not have the shape a record's snapshot has. */
export function snapshotClaims(snapshot: unknown): SnapshotClaims | undefined {
  const s = object(snapshot);
  const mp = object(s?.['maskinporten']);
  const request = object(s?.['request']);
  const people = object(s?.['people']);
  const consent = s?.['consent'];
  const tolerance = s?.['clockTolerance'];
  if (s === undefined || mp === undefined || request === undefined || people === undefined) return undefined;
  if (!Array.isArray(mp['scopes']) || object(mp['raw']) === undefined) return undefined;
  if (consent !== null && object(consent) === undefined) return undefined;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) return undefined;
  const person = request['person'];
  const requestId = request['requestId'];
  if (
    (person !== null && typeof person !== 'string') ||
    (requestId !== null && typeof requestId !== 'string')
  )
    return undefined;
  let missing = false;
  return {
    claims: {
      maskinporten: mp as unknown as MaskinportenClaims,
      consent: consent === null ? undefined : (consent as Consent),
      request: { person: person ?? undefined, requestId: requestId ?? undefined },
    },
    clockTolerance: tolerance,
    personFacts: (value) => {
      const facts = Object.hasOwn(people, value) ? factsOf(people[value]) : undefined;
      if (facts === undefined && PSEUDONYM.test(value)) missing = true;
      return facts;
    },
    factsMissing: () => missing,
  };
}
