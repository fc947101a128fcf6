// @ts-nocheck
import { type KeyObject, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import type { Decision } from '../createEngine.js';
import { type GuardEvent, emitTo } from '../events.js';
import type { Verdict } from '../types.js';
import { sealRecord, signRecord, signatureHolds } from './chainHash.js';
import { type CheckedLink, checkLine } from './checkLine.js';
import { checkPseudonymKey } from './checkPseudonymKey.js';
import { keyIdOf, privateKeyOf } from './checkpointKeys.js';
import {
  type RecordContext,
  type RecordProtection,
  type SnapshotKey,
  decisionRecordOf,
} from './decisionRecordOf.js';
import { protectPersonalData } from './protectPersonalData.js';
import type { CheckpointRecord, DecisionRecord, PersonFacts } from './recordTypes.js';
import type { AuditSink } from './sinkTypes.js';

/** Options of {@link createAuditTrail}. */
export interface AuditTrailOptions {
  /** Where records go; at least one. */
  readonly sinks: readonly AuditSink[];
  /** This writer's chain id, one per gateway instance. Letters, digits and `._:/-`. Default the host name. */
  readonly chainId?: string;
  /**
   * The key persons are pseudonymised with (HMAC-SHA256), and its id, recorded so keys can rotate: at least 32
   * bytes, not an example key from the docs, and as secret as the numbers (whoever holds it can reverse every
   * pseudonym by trying every valid fødselsnummer). Default none: persons are masked in the record, and each
   * record's claim snapshot uses a random key of its own (`keyId` `ephemeral:…`), so its pseudonyms are
   * comparable within that record only.
   */
  readonly pseudonymKey?: { readonly id: string; readonly key: string | Uint8Array };
  /**
   * How persons appear in the record: `pseudonymise` (default with a `pseudonymKey`), `mask` (default without),
   * or `clear`, which also leaves the snapshot in clear and is recorded as such.
   */
  readonly person?: 'mask' | 'pseudonymise' | 'clear';
  /**
   * What a request gets when its record cannot be written (a sink fails, or takes longer than `writeTimeoutMs`):
   * `deny` (default; the verdict becomes a deny with `audit_unavailable`) or `allow-and-alert` (the verdict stands,
   * an `audit.sink_failed` event is raised). Either way the failure is counted and raised as an event.
   */
  readonly onFailure?: 'deny' | 'allow-and-alert';
  /** How long a sink may take to accept a record, ms. Default 2000. */
  readonly writeTimeoutMs?: number;
  /**
   * A signed checkpoint record every `every` decision records, counted across restarts (see
   * `dsop-guard audit verify --public-key`), and one when the trail closes. `key` is the Ed25519 private key
   * (a KeyObject or PEM text); checkpoints name it by `keyId` (see `checkpointKeyId`). `atClose: false` leaves
   * out the closing checkpoint (for one-shot writers such as `dsop-guard check`). Default none.
   */
  readonly checkpoints?: {
    readonly every: number;
    readonly key: KeyObject | string;
    readonly atClose?: boolean;
  };
  /**
   * Facts about a person number that need its clear value (kind, checksum). Default: what the guard that
   * records passes (the adapters use the rules package's parsePersonId); give one only to replace it.
   */
  readonly personFacts?: (clear: string) => PersonFacts;
  /** Operator events: `audit.sink_failed`, `audit.sink_recovered`. */
  readonly onEvent?: (event: GuardEvent) => void;
  /** Wall clock for record times, ms. Default `Date.now`. */
  readonly clock?: () => number;
}

/** What became of one decision's record. */
export interface RecordResult {
  /** The record; `undefined` only if it could not even be built (then `written` is false). */
  readonly record: DecisionRecord | undefined;
  /** Whether every sink accepted it. */
  readonly written: boolean;
  /** The verdict to answer with: the decision's, or a deny with `audit_unavailable` under `onFailure: 'deny'`. */
  readonly verdict: Verdict;
}

/** Counters of a trail, for health checks and metrics. */
export interface AuditStats {
  readonly written: number;
  readonly failed: number;
  readonly seq: number;
}

/**
 * A writer of decision records: builds the record, links it into this writer's hash chain and hands it to
 * every sink. One trail can serve many guards; give each gateway instance its own `chainId`.
 */
export interface AuditTrail {
  readonly chainId: string;
  readonly record: (decision: Decision, context: RecordContext) => Promise<RecordResult>;
  readonly stats: () => AuditStats;
  /** Writes what is pending (and, with checkpoints, a closing checkpoint) and closes every sink. */
  readonly close: () => Promise<void>;
}

const CHAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/** Without a key, each record's snapshot gets a key of its own, never kept: its pseudonyms link nothing. */
function ephemeralKey(): SnapshotKey {
  const random = randomBytes(38);
  return {
    keyId: `ephemeral:${random.subarray(32).toString('hex')}`,
    text: protectPersonalData({ mode: 'pseudonymise', key: random.subarray(0, 32) }),
  };
}

function protection(options: AuditTrailOptions): RecordProtection {
  const given = options.pseudonymKey;
  if (given !== undefined) {
    if (typeof given?.id !== 'string' || !CHAIN_ID.test(given.id))
      throw new ConfigError('pseudonymKey.id', 'must be a short id: letters, digits and ._:/-');
    checkPseudonymKey('pseudonymKey.key', given.key);
  }
  const person = options.person ?? (given === undefined ? 'mask' : 'pseudonymise');
  if (!['mask', 'pseudonymise', 'clear'].includes(person))
    throw new ConfigError('person', "must be 'mask', 'pseudonymise' or 'clear'");
  if (person === 'pseudonymise' && given === undefined)
    throw new ConfigError('person', "'pseudonymise' needs a pseudonymKey");
  if (options.personFacts !== undefined && typeof options.personFacts !== 'function')
    throw new ConfigError('personFacts', 'must be a function');
  const keyed: SnapshotKey | undefined =
    person === 'clear'
      ? { keyId: null, text: protectPersonalData({ mode: 'clear' }) }
      : given === undefined
        ? undefined
        : { keyId: given.id, text: protectPersonalData({ mode: 'pseudonymise', key: given.key }) };
  return {
    person,
    text: person === 'pseudonymise' ? (keyed as SnapshotKey).text : protectPersonalData({ mode: person }),
    snapshotKey: keyed === undefined ? ephemeralKey : () => keyed,
    personFacts: options.personFacts,
  };
}

/** The verdict a request gets when its record could not be written and the trail must deny. */
function auditDenied(verdict: Verdict): Verdict {
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

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

const masked = protectPersonalData({ mode: 'mask' });

/** A failure's reason for an event: a sink's message may quote what it was given, so it is masked. */
function reasonOf(e: unknown): string {
  return e instanceof Error ? masked(`${e.name}: ${e.message}`).slice(0, 200) : 'failed';
}

interface Signing {
  readonly every: number;
  readonly key: KeyObject;
  readonly keyId: string;
  readonly atClose: boolean;
}

function signingOf(checkpoints: AuditTrailOptions['checkpoints']): Signing | undefined {
  if (checkpoints === undefined) return undefined;
  if (typeof checkpoints !== 'object' || checkpoints === null)
    throw new ConfigError('checkpoints', 'must be an object: { every, key }');
  checkOptionKeys(checkpoints, ['every', 'key', 'atClose'], 'createAuditTrail checkpoints');
  if (!Number.isSafeInteger(checkpoints.every) || checkpoints.every < 1)
    throw new ConfigError('checkpoints.every', 'must be a positive integer');
  if (checkpoints.atClose !== undefined && typeof checkpoints.atClose !== 'boolean')
    throw new ConfigError('checkpoints.atClose', 'must be a boolean');
  const key = privateKeyOf('checkpoints.key', checkpoints.key);
  return { every: checkpoints.every, key, keyId: keyIdOf(key), atClose: checkpoints.atClose ?? true };
}

type Resumed =
  | { seq: number; prev: string; epoch: number; sinceCheckpoint: number }
  | { restart: number; reason: 'unsealed_head' | 'unverified_head' | 'unsigned_tail' };

/** Whether `links` run unbroken from a checkpoint signed by this writer's key, or from the start of their epoch. */
function verifiedBack(links: readonly CheckedLink[], lines: readonly string[], signing: Signing): boolean {
  const [first] = links;
  if (first === undefined || links.length !== lines.length) return false;
  const signed = first.checkpoint?.signed;
  const anchored =
    (first.seq === 1 && first.prev === null) ||
    (signed != null &&
      first.checkpoint?.keyId === signing.keyId &&
      signatureHolds(signed.text, signed.signature, signing.key));
  return (
    anchored &&
    links.every(
      (l, i) =>
        l.sealed &&
        (i === 0 || (l.epoch === first.epoch && l.seq === first.seq + i && l.prev === links[i - 1]?.hash)),
    )
  );
}

/**
 * Where a restarted writer goes on: from the chain's last line, only when it is a sealed record of this chain
 * and, with a signing key, the lines verify back to a signed checkpoint; a writer that checkpoints when it
 * closes also wants that checkpoint last (records after it mean a crash, or an append it cannot tell from one,
 * and its next checkpoint must not vouch for them). Otherwise the chain goes on in a new epoch.
 */
function resumeFrom(lines: readonly string[], chainId: string, signing: Signing | undefined): Resumed {
  const links = lines.flatMap((l) => {
    const checked = checkLine(l);
    return 'link' in checked && checked.link.id === chainId ? [checked.link] : [];
  });
  const restart = Math.max(1, ...links.map((l) => l.epoch)) + 1;
  const last = links.at(-1);
  if (last === undefined || links.length !== lines.length || !last.sealed)
    return { restart, reason: 'unsealed_head' };
  if (signing !== undefined && !verifiedBack(links, lines, signing))
    return { restart, reason: 'unverified_head' };
  if (signing?.atClose === true && last.kind !== 'checkpoint') return { restart, reason: 'unsigned_tail' };
  const fromCheckpoint = links[0]?.kind === 'checkpoint' ? links.slice(1) : links;
  const sinceCheckpoint = fromCheckpoint.filter((l) => l.kind === 'decision').length;
  return { seq: last.seq, prev: last.hash, epoch: last.epoch, sinceCheckpoint };
}

/**
 * Builds an audit trail: one JSON record per decision (schema `@dsop-guard/core/decision-record.schema.json`),
 * persons masked or pseudonymised, linked into a hash chain (`seq`, `prev`, `hash`) that resumes from the
 * first sink that can say where it stood (only from a sealed last line of its own chain, else in a new epoch),
 * with Ed25519-signed checkpoints when `checkpoints` gives a key. Throws {@link ConfigError} for bad options
 * (a key that is not an Ed25519 private key among them); `record` never rejects.
 *
 * @example
 * ```ts
 * const audit = createAuditTrail({
 *   chainId: 'gw-1',
 *   sinks: [fileSink({ path: '/var/log/dsop-guard/decisions.jsonl' })],
 *   pseudonymKey: { id: 'k2026', key: process.env.DSOP_GUARD_AUDIT_KEY! },
 *   checkpoints: { every: 1000, key: readFileSync('/etc/dsop-guard/checkpoint-signing.pem', 'utf8') },
 * });
 * const guard = createGuard({ preset: preset('lanekassen-saldo', 'prod'), audit });
 * ```
 */
export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  if (typeof options !== 'object' || options === null) throw new ConfigError('audit', 'must be an object');
  checkOptionKeys(
    options,
    [
      'sinks',
      'chainId',
      'pseudonymKey',
      'person',
      'onFailure',
      'writeTimeoutMs',
      'checkpoints',
      'personFacts',
      'onEvent',
      'clock',
    ],
    'createAuditTrail',
  );
  const {
    sinks,
    onFailure = 'deny',
    writeTimeoutMs = 2000,
    checkpoints,
    onEvent,
    clock = Date.now,
  } = options;
  if (!Array.isArray(sinks) || sinks.length === 0) throw new ConfigError('sinks', 'give at least one sink');
  sinks.forEach((s: AuditSink, i) => {
    if (typeof s?.write !== 'function' || typeof s.name !== 'string')
      throw new ConfigError(`sinks[${i}]`, 'must be a sink (fileSink, streamSink, callbackSink, pinoSink)');
  });
  const chainId = options.chainId ?? hostname().replace(/[^A-Za-z0-9._:/-]/g, '-');
  if (typeof chainId !== 'string' || !CHAIN_ID.test(chainId))
    throw new ConfigError('chainId', 'must be letters, digits and ._:/- (at most 128)');
  if (onFailure !== 'deny' && onFailure !== 'allow-and-alert')
    throw new ConfigError('onFailure', "must be 'deny' or 'allow-and-alert'");
  if (!Number.isFinite(writeTimeoutMs) || writeTimeoutMs <= 0)
    throw new ConfigError('writeTimeoutMs', 'must be a positive number');
  const signing = signingOf(checkpoints);
  const protect = protection(options);

  let seq = 0;
  let prev: string | null = null;
  let epoch = 1;
  /** Decision records since the chain's last checkpoint, across restarts. */
  let sinceCheckpoint = 0;
  let written = 0;
  let failed = 0;
  const failuresBySink = new Map<AuditSink, number>();

  // The chain resumes from the first sink that knows where it stood; until then, records wait (in order).
  const ready: Promise<void> = (async () => {
    for (const sink of sinks) {
      if (sink.resume === undefined) continue;
      try {
        const head = await sink.resume(chainId);
        if (head === undefined || head.lines.length === 0) continue;
        const resumed = resumeFrom(head.lines, chainId, signing);
        if ('restart' in resumed) {
          epoch = resumed.restart;
          emitTo(onEvent, {
            type: 'audit.epoch_started',
            level: 'warn',
            chain: chainId,
            epoch,
            reason: resumed.reason,
          });
        } else ({ seq, prev, epoch, sinceCheckpoint } = resumed);
        return;
      } catch (e) {
        emitTo(onEvent, {
          type: 'audit.sink_failed',
          level: 'error',
          sink: sink.name,
          reason: `resume: ${reasonOf(e)}`,
          chain: chainId,
          seq: 0,
          failures: 0,
        });
      }
    }
  })();

  /** Links a record into the chain: its seq, the previous hash, its own hash, and the line sinks write. */
  function link<T extends { chain?: unknown; hash?: unknown }>(
    unlinked: Omit<T, 'chain' | 'hash'>,
  ): { record: T; line: string } {
    seq += 1;
    const withChain = { ...unlinked, chain: { id: chainId, seq, prev, ...(epoch > 1 ? { epoch } : {}) } };
    const { line, hash } = sealRecord(withChain);
    prev = hash;
    return { record: { ...withChain, hash } as unknown as T, line };
  }

  /** Links a checkpoint, signed: its line, and its record as the line holds it (signature included). */
  function linkSigned(unlinked: Omit<CheckpointRecord, 'chain' | 'signature' | 'hash'>, key: KeyObject) {
    seq += 1;
    const chain = { id: chainId, seq, prev, ...(epoch > 1 ? { epoch } : {}) };
    const { line, hash } = signRecord({ ...unlinked, chain }, key);
    prev = hash;
    return { record: JSON.parse(line) as CheckpointRecord, line };
  }

  async function deliver(sink: AuditSink, line: string, record: object, at: number): Promise<boolean> {
    const limit = timeout(writeTimeoutMs);
    try {
      await Promise.race([Promise.resolve().then(() => sink.write(line, record)), limit.promise]);
      const before = failuresBySink.get(sink) ?? 0;
      if (before > 0) {
        failuresBySink.set(sink, 0);
        emitTo(onEvent, { type: 'audit.sink_recovered', level: 'info', sink: sink.name, failures: before });
      }
      return true;
    } catch (e) {
      const failures = (failuresBySink.get(sink) ?? 0) + 1;
      failuresBySink.set(sink, failures);
      emitTo(onEvent, {
        type: 'audit.sink_failed',
        level: 'error',
        sink: sink.name,
        reason: reasonOf(e),
        chain: chainId,
        seq: at,
        failures,
      });
      return false;
    } finally {
      limit.cancel();
    }
  }

  async function send({ record, line }: { record: DecisionRecord | CheckpointRecord; line: string }) {
    const results = await Promise.all(sinks.map((sink) => deliver(sink, line, record, record.chain.seq)));
    return results.every(Boolean);
  }

  /** A signed checkpoint after the record just linked, and the count since it restarted. */
  function checkpoint(reason: CheckpointRecord['reason']): Promise<boolean> | undefined {
    if (signing === undefined) return undefined;
    sinceCheckpoint = 0;
    const time = new Date(clock()).toISOString();
    const { every, keyId, key } = signing;
    return send(linkSigned({ recordVersion: 1, kind: 'checkpoint', time, reason, every, keyId }, key));
  }

  /** Room for a decision and a checkpoint: the last decision's line and a margin. */
  let lastLineBytes = 0;
  const rotationDue = (): boolean =>
    signing !== undefined && seq > 0 && sinks.some((s) => s.rotationDue?.(lastLineBytes + 1024) === true);

  function checkpointDue(): Promise<boolean> | undefined {
    if (signing === undefined) return undefined;
    sinceCheckpoint += 1;
    return sinceCheckpoint < signing.every ? undefined : checkpoint('every');
  }

  return {
    chainId,
    stats: () => ({ written, failed, seq }),
    record: async (decision, context) => {
      await ready;
      let record: DecisionRecord | undefined;
      let ok = false;
      try {
        // From here to send() nothing awaits: records are linked and handed to the sinks in call order.
        const rotated = rotationDue() ? checkpoint('rotate') : undefined;
        const linked = link<DecisionRecord>(decisionRecordOf(decision, context, protect));
        lastLineBytes = linked.line.length;
        record = linked.record;
        const sent = send(linked);
        const checkpointSent = checkpointDue();
        const all = await Promise.all([rotated, sent, checkpointSent]);
        ok = all.every((done) => done !== false);
      } catch (e) {
        emitTo(onEvent, {
          type: 'audit.sink_failed',
          level: 'error',
          sink: 'record',
          reason: reasonOf(e),
          chain: chainId,
          seq,
          failures: failed + 1,
        });
      }
      if (ok) written += 1;
      else failed += 1;
      const verdict =
        ok || onFailure === 'allow-and-alert' ? decision.verdict : auditDenied(decision.verdict);
      return { record, written: ok, verdict };
    },
    close: async () => {
      await ready;
      if (signing?.atClose === true && sinceCheckpoint > 0) await checkpoint('closed');
      await Promise.all(sinks.map((s) => s.close?.().catch(() => undefined)));
    },
  };
}
