import type { KeyState } from '../jwt/keySetTypes.js';
import type {
  Consent,
  MaskinportenClaims,
  PersonFacts,
  PolicyFacts,
  RuleOutcome,
  Subject,
} from '../types.js';

/** The record format's version. A reader refuses records of a version it does not know. */
export const RECORD_VERSION = 1;

/**
 * A rule outcome as a record keeps it: the verdict's, written compactly (a third of a record's bytes are
 * outcomes): `mode` only when `shadow`, `violations` only when there are some.
 */
export interface RecordOutcome {
  readonly ruleId: string;
  readonly status: RuleOutcome['status'];
  /** Present only for a shadow rule; absent means `enforce`. */
  readonly mode?: 'shadow';
  /** Present only when there are violations. */
  readonly violations?: RuleOutcome['violations'];
  readonly children?: readonly RecordOutcome[];
}

/** One token's facts in a record: never the token, never its signature. */
export interface TokenRecord {
  readonly iss: string | null;
  readonly kid: string | null;
  readonly jti: string | null;
  readonly exp: number | null;
  readonly keys: KeyState;
}

/** Where a record's chain stands: one chain per writer (`id`), numbered from 1, linked by hash. */
export interface ChainLink {
  readonly id: string;
  readonly seq: number;
  /** The previous record's `hash`; `null` for seq 1. */
  readonly prev: string | null;
  /**
   * The chain's epoch, present from 2: a writer that could not trust where its chain stood (its last line not
   * sealed, or not verifiable back to a signed checkpoint) starts a new epoch at seq 1. Absent means 1.
   */
  readonly epoch?: number;
}

/** How personal data was treated in this record. */
export interface RecordPrivacy {
  /** `mask` (default), `pseudonymise` (keyed HMAC, `keyId` names the key) or `clear` (configured explicitly). */
  readonly person: 'mask' | 'pseudonymise' | 'clear';
  /** The pseudonymisation key's id; `ephemeral:…` for a random key of this record's own (pseudonyms comparable only within the record). */
  readonly keyId: string | null;
}

/**
 * The normalised claims the rules saw, every string passed through the record's keyed pseudonymisation (so
 * `OfferedBy = person` still holds between pseudonyms), and the facts about each person number that need its
 * clear value. What a later policy replay runs on.
 */
export interface ClaimSnapshot {
  readonly maskinporten: MaskinportenClaims;
  readonly consent: Consent | null;
  readonly request: { readonly person: string | null; readonly requestId: string | null };
  /** Facts per pseudonym, for every person number in the claims. */
  readonly people: Readonly<Record<string, PersonFacts>>;
  /** The clock tolerance the rules were given, seconds. */
  readonly clockTolerance: number;
}

/** A decision's delegation path and parties. Organisation numbers are not personal data and are kept. */
export interface RecordSubject {
  /** Maskinporten `consumer.ID` as written, e.g. `0192:910753614`. */
  readonly consumer: string | null;
  /** The consumer's orgno, e.g. `910753614`. */
  readonly consumerOrgno: string | null;
  readonly supplier: string | null;
  readonly supplierOrgno: string | null;
  readonly delegation: Subject['delegation'];
  /** Maskinporten `delegation_source`, when the token has one. */
  readonly delegationSource: string | null;
  /** The consent's `HandledBy`, when it has one. */
  readonly handledBy: string | null;
  /** The person, masked or pseudonymised as `privacy` says. */
  readonly person: string | null;
}

/** The consent a decision was taken on. */
export interface RecordConsent {
  readonly source: Consent['source'];
  /** Altinn 2 `AuthorizationCode`, Altinn 3 consent `id`. */
  readonly id: string | null;
  /** When it was given, epoch seconds. */
  readonly validFrom: number | null;
  readonly validTo: number | null;
}

/** Which entry point decided. */
export interface RecordTransport {
  /** `function`, `express`, `fastify`, `fetch`, `cli`, `serve` or a name of your own. */
  readonly adapter: string;
  /** The route template (or path, personal data removed) the request was for, when there is one. */
  readonly route: string | null;
  readonly method: string | null;
}

/**
 * One verdict as an audit record: plain JSON, one line of a decision log, described by
 * `@dsop-guard/core/decision-record.schema.json`. Never a raw token, a signature or a clear person number
 * unless configured (and then `privacy` says so).
 */
export interface DecisionRecord {
  readonly recordVersion: typeof RECORD_VERSION;
  readonly kind: 'decision';
  /** A fresh id per decision (UUID). */
  readonly id: string;
  /** When the record was made, RFC 3339 UTC. */
  readonly time: string;
  /** The verdict's evaluation time, epoch seconds (what the rules saw as now). */
  readonly evaluatedAt: number;
  readonly requestId: string | null;
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly string[];
  /** Every rule's outcome, with its codes and mode, as in the verdict (compactly: see {@link RecordOutcome}). */
  readonly outcomes: readonly RecordOutcome[];
  readonly policy: PolicyFacts;
  readonly subject: RecordSubject;
  readonly tokens: { readonly maskinporten: TokenRecord | null; readonly consent: TokenRecord | null };
  readonly consent: RecordConsent | null;
  readonly transport: RecordTransport;
  /** Time from the request reaching the guard to the verdict, ms. */
  readonly latencyMs: number;
  readonly privacy: RecordPrivacy;
  /** The claims the rules saw, pseudonymised; `null` when the request never got verified claims. */
  readonly snapshot: ClaimSnapshot | null;
  readonly chain: ChainLink;
  /** sha256 (hex) of the canonical JSON of this record without `hash`. */
  readonly hash: string;
}

/**
 * A signed checkpoint in a chain: every `every` records, when the writer closes, and before its file rotates
 * (`reason`). `signature` is Ed25519 (base64), by the key `keyId` names, over the record's JSON text without
 * `signature` and `hash` (so over the chain id, epoch, seq and `prev`, the head it vouches for, the time,
 * `every` and the key id): a chain rewritten, cut or resealed without the private key shows.
 */
export interface CheckpointRecord {
  readonly recordVersion: typeof RECORD_VERSION;
  readonly kind: 'checkpoint';
  readonly time: string;
  /** Why it was written: `every` records, the writer `closed`, or its file is about to `rotate`. */
  readonly reason: 'every' | 'closed' | 'rotate';
  /** The writer's promise: at most this many decision records between two checkpoints. */
  readonly every: number;
  /** `ed25519:` and 32 hex digits of the sha256 of the signing key's public key (see `checkpointKeyId`). */
  readonly keyId: string;
  readonly chain: ChainLink;
  readonly signature: string;
  readonly hash: string;
}

/** Any line of a decision log. */
export type AuditRecord = DecisionRecord | CheckpointRecord;

/** A record before it is linked into a chain. */
export type UnchainedRecord = Omit<DecisionRecord, 'chain' | 'hash'>;
