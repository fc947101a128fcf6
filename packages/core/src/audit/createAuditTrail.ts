import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import type { Decision } from '../createEngine.js';
import { type GuardEvent, emitTo } from '../events.js';
import type { Verdict } from '../types.js';
import { checkpointMac, sealRecord } from './chainHash.js';
import { checkPseudonymKey } from './checkPseudonymKey.js';
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
  /** A keyed checkpoint record every `every` records (see `dsop-guard audit verify --checkpoint-key`). Default none. */
  readonly checkpoints?: {
    readonly every: number;
    readonly key: string | Uint8Array;
    readonly keyId: string;
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
  /** Writes what is pending and closes every sink. */
  readonly close: () => Promise<void>;
}

const CHAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

function secret(field: string, key: unknown): string | Uint8Array {
  if ((typeof key !== 'string' && !(key instanceof Uint8Array)) || key.length < 16)
    throw new ConfigError(field, 'must be a secret of at least 16 characters or bytes');
  return key;
}

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

/**
 * Builds an audit trail: one JSON record per decision (schema `@dsop-guard/core/decision-record.schema.json`),
 * persons masked or pseudonymised, linked into a hash chain (`seq`, `prev`, `hash`) that resumes from the
 * first sink that can say where it stood. Throws {@link ConfigError} for bad options; `record` never rejects.
 *
 * @example
 * ```ts
 * const audit = createAuditTrail({
 *   chainId: 'gw-1',
 *   sinks: [fileSink({ path: '/var/log/dsop-guard/decisions.jsonl' })],
 *   pseudonymKey: { id: 'k2026', key: process.env.DSOP_GUARD_AUDIT_KEY! },
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
  if (checkpoints !== undefined) {
    if (!Number.isSafeInteger(checkpoints.every) || checkpoints.every < 1)
      throw new ConfigError('checkpoints.every', 'must be a positive integer');
    secret('checkpoints.key', checkpoints.key);
    if (typeof checkpoints.keyId !== 'string' || checkpoints.keyId === '')
      throw new ConfigError('checkpoints.keyId', 'must be a non-empty string');
  }
  const protect = protection(options);

  let seq = 0;
  let prev: string | null = null;
  let written = 0;
  let failed = 0;
  const failuresBySink = new Map<AuditSink, number>();

  // The chain resumes from the first sink that knows where it stood; until then, records wait (in order).
  const ready: Promise<void> = (async () => {
    for (const sink of sinks) {
      if (sink.resume === undefined) continue;
      try {
        const head = await sink.resume(chainId);
        if (head !== undefined) {
          seq = head.seq;
          prev = head.hash;
          return;
        }
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
    const withChain = { ...unlinked, chain: { id: chainId, seq, prev } };
    const { line, hash } = sealRecord(withChain);
    prev = hash;
    return { record: { ...withChain, hash } as unknown as T, line };
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

  let sinceCheckpoint = 0;
  function checkpointDue(): Promise<boolean> | undefined {
    if (checkpoints === undefined) return undefined;
    sinceCheckpoint += 1;
    if (sinceCheckpoint < checkpoints.every) return undefined;
    sinceCheckpoint = 0;
    const checkpoint = link<CheckpointRecord>({
      recordVersion: 1,
      kind: 'checkpoint',
      time: new Date(clock()).toISOString(),
      keyId: checkpoints.keyId,
      mac: checkpointMac(checkpoints.key, prev),
    });
    return send(checkpoint);
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
        const linked = link<DecisionRecord>(decisionRecordOf(decision, context, protect));
        record = linked.record;
        const sent = send(linked);
        const checkpointSent = checkpointDue();
        ok = (await sent) && (checkpointSent === undefined || (await checkpointSent));
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
      await Promise.all(sinks.map((s) => s.close?.().catch(() => undefined)));
    },
  };
}
