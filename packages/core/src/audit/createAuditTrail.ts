import { emitTo, type GuardEvent } from '../events.js';
import { auditDenied } from './auditDenied.js';
import { auditTrailSettings } from './auditTrailSettings.js';
import type { AuditTrail, AuditTrailOptions } from './auditTrailTypes.js';
import { type ChainLinker, createChainLinker } from './chainLinker.js';
import { type CheckpointSchedule, createCheckpointSchedule } from './checkpointSchedule.js';
import { createDecisionRecord } from './createDecisionRecord.js';
import { createDelivery, reasonOf } from './createDelivery.js';
import type { DecisionRecord } from './recordTypes.js';
import { resumeChain } from './resumeChain.js';

type Settings = ReturnType<typeof auditTrailSettings>;

/**
 * The chain resumes from the first sink that knows where it stood (see resumeChain), or starts a new epoch, which
 * is raised as an `audit.epoch_started` event; until then, records wait (in order).
 */
function resume(settings: Settings, chain: ChainLinker, schedule: CheckpointSchedule): Promise<void> {
  const { sinks, chainId, signing, onEvent } = settings;
  return resumeChain(sinks, chainId, signing, onEvent).then((resumed) => {
    if (resumed === undefined) return;
    if ('restart' in resumed) {
      chain.goOnFrom({ seq: 0, prev: null, epoch: resumed.restart });
      emitTo(onEvent, {
        type: 'audit.epoch_started',
        level: 'warn',
        chain: chainId,
        epoch: resumed.restart,
        reason: resumed.reason,
      });
    } else {
      chain.goOnFrom(resumed);
      schedule.resume(resumed.sinceCheckpoint);
    }
  });
}

/** A record that could not be built or linked: raised, as a sink failure of `record`, with its masked reason. */
function raiseFailure(
  onEvent: ((event: GuardEvent) => void) | undefined,
  chain: string,
  seq: number,
  failures: number,
  e: unknown,
) {
  emitTo(onEvent, {
    type: 'audit.sink_failed',
    level: 'error',
    sink: 'record',
    reason: reasonOf(e),
    chain,
    seq,
    failures,
  });
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
  const settings = auditTrailSettings(options);
  const { sinks, chainId, onFailure, writeTimeoutMs, signing, protect, onEvent, clock } = settings;
  const chain = createChainLinker(chainId);
  const send = createDelivery({ sinks, chainId, writeTimeoutMs, onEvent });
  const schedule = createCheckpointSchedule({ signing, sinks, chain, send, clock });
  const ready = resume(settings, chain, schedule);
  let written = 0;
  let failed = 0;

  return {
    chainId,
    stats: () => ({ written, failed, seq: chain.seq() }),
    record: async (decision, context) => {
      await ready;
      let record: DecisionRecord | undefined;
      let ok = false;
      try {
        // From here to send() nothing awaits: records are linked and handed to the sinks in call order.
        const rotated = schedule.beforeDecision();
        const linked = chain.link<DecisionRecord>(createDecisionRecord(decision, context, protect));
        record = linked.record;
        const sent = send(linked);
        const checkpointSent = schedule.afterDecision(linked.line.length);
        const all = await Promise.all([rotated, sent, checkpointSent]);
        ok = all.every((done) => done !== false);
      } catch (e) {
        raiseFailure(onEvent, chainId, chain.seq(), failed + 1, e);
      }
      if (ok) written += 1;
      else failed += 1;
      const verdict =
        ok || onFailure === 'allow-and-alert' ? decision.verdict : auditDenied(decision.verdict);
      return { record, written: ok, verdict };
    },
    close: async () => {
      await ready;
      await schedule.atClose();
      await Promise.all(sinks.map((s) => s.close?.().catch(() => undefined)));
    },
  };
}
