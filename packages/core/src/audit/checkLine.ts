import { lineIsSealed, signedPart } from './chainHash.js';
import { type AuditRecord, RECORD_VERSION } from './recordTypes.js';

/** Why a line holds no record: not JSON (`corrupt`; `torn` for a file's cut-short last line), not a record, or a version this reader does not know. */
export type UnreadableKind = 'corrupt' | 'torn' | 'not_a_record' | 'unknown_version';

/** What the chain's link check needs from one record: its place in its chain, its hash, and whether its line is sealed by that hash. */
export interface CheckedLink {
  readonly kind: 'decision' | 'checkpoint';
  readonly id: string;
  readonly seq: number;
  readonly prev: string | null;
  /** The chain's epoch (1 when the record names none). */
  readonly epoch: number;
  readonly hash: string;
  /** Whether the line's hash is the sha256 of the rest of its text. */
  readonly sealed: boolean;
  /** For a checkpoint: what it promises and what its signature is over; `null` for a decision. */
  readonly checkpoint: CheckpointLink | null;
}

/** What a checkpoint line holds for its verification. */
export interface CheckpointLink {
  /** Its `every` (the most decision records the writer puts between two checkpoints), `null` when not a positive integer. */
  readonly every: number | null;
  readonly keyId: string | null;
  /** The signed text and the signature, `null` when the line carries no signature (an HMAC checkpoint of older versions). */
  readonly signed: { readonly text: string; readonly signature: string } | null;
}

/** One line checked on its own (the part of verifying that needs no other line): why it holds no record, or its link. */
export type LineCheck = { readonly problem: UnreadableKind } | { readonly link: CheckedLink };

/** A {@link LineCheck} with the record it parsed to. */
export type CheckedLine =
  | { readonly problem: UnreadableKind }
  | { readonly link: CheckedLink; readonly record: AuditRecord };

function isChained(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Partial<AuditRecord>;
  const chain = r.chain as Partial<AuditRecord['chain']> | undefined;
  return (
    r.recordVersion === RECORD_VERSION &&
    (r.kind === 'decision' || r.kind === 'checkpoint') &&
    typeof r.hash === 'string' &&
    typeof chain === 'object' &&
    chain !== null &&
    typeof chain.id === 'string' &&
    Number.isSafeInteger(chain.seq) &&
    (chain.prev === null || typeof chain.prev === 'string') &&
    (chain.epoch === undefined || (Number.isSafeInteger(chain.epoch) && (chain.epoch as number) >= 1))
  );
}

function parse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Reads one decision-log line on its own: parses it, tells whether it is a record, and checks its seal (the
 * hash over its exact text). Lines are independent here, so many may be checked at once (in worker threads);
 * {@link ChainVerifier.pushChecked} then links the results in file order. `last` marks the last line of a
 * file that did not end in a newline. Never throws.
 *
 * @example
 * ```ts
 * const checked = checkLine(text);
 * verifier.pushChecked(checked, { file: 'decisions.jsonl', line: 1 });
 * ```
 */
export function checkLine(text: string, last = false): CheckedLine {
  const parsed = parse(text);
  if (parsed === undefined) return { problem: last ? 'torn' : 'corrupt' };
  const { value } = parsed;
  if (typeof value === 'object' && value !== null && 'recordVersion' in value) {
    if ((value as { recordVersion: unknown }).recordVersion !== RECORD_VERSION)
      return { problem: 'unknown_version' };
  }
  if (!isChained(value)) return { problem: 'not_a_record' };
  const { id, seq, prev, epoch = 1 } = value.chain;
  const checkpoint = value.kind === 'checkpoint' ? checkpointOf(value, text) : null;
  const link = {
    kind: value.kind,
    id,
    seq,
    prev,
    epoch,
    hash: value.hash,
    sealed: lineIsSealed(text),
    checkpoint,
  };
  return { link, record: value };
}

function checkpointOf(value: object, text: string): CheckpointLink {
  const { every, keyId } = value as { every?: unknown; keyId?: unknown };
  return {
    every: Number.isSafeInteger(every) && (every as number) >= 1 ? (every as number) : null,
    keyId: typeof keyId === 'string' ? keyId : null,
    signed: signedPart(text),
  };
}
