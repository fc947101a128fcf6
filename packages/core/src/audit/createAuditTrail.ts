import { emitTo } from '../events.js';
import { auditDenied } from './auditDenied.js';
import { auditTrailSettings } from './auditTrailSettings.js';
import type { AuditTrail, AuditTrailOptions } from './auditTrailTypes.js';
import { createChainLinker } from './chainLinker.js';
import { createDecisionRecord } from './createDecisionRecord.js';
import { createDelivery, reasonOf } from './createDelivery.js';
import type { CheckpointRecord, DecisionRecord } from './recordTypes.js';
import { resumeChain } from './resumeChain.js';

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
  const { sinks, chainId, onFailure, writeTimeoutMs, signing, protect, onEvent, clock } =
    auditTrailSettings(options);
  const chain = createChainLinker(chainId);
  /** Decision records since the chain's last checkpoint, across restarts. */
  let sinceCheckpoint = 0;
  let written = 0;
  let failed = 0;
  const send = createDelivery({ sinks, chainId, writeTimeoutMs, onEvent });

  // The chain resumes from the first sink that knows where it stood; until then, records wait (in order).
  const ready: Promise<void> = resumeChain(sinks, chainId, signing, onEvent).then((resumed) => {
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
      sinceCheckpoint = resumed.sinceCheckpoint;
    }
  });

  /** A signed checkpoint after the record just linked, and the count since it restarted. */
  function checkpoint(reason: CheckpointRecord['reason']): Promise<boolean> | undefined {
    if (signing === undefined) return undefined;
    sinceCheckpoint = 0;
    const time = new Date(clock()).toISOString();
    const { every, keyId, key } = signing;
    return send(chain.linkSigned({ recordVersion: 1, kind: 'checkpoint', time, reason, every, keyId }, key));
  }

  /** Room for a decision and a checkpoint: the last decision's line and a margin. */
  let lastLineBytes = 0;
  const rotationDue = (): boolean =>
    signing !== undefined &&
    chain.seq() > 0 &&
    sinks.some((s) => s.rotationDue?.(lastLineBytes + 1024) === true);

  function checkpointDue(): Promise<boolean> | undefined {
    if (signing === undefined) return undefined;
    sinceCheckpoint += 1;
    return sinceCheckpoint < signing.every ? undefined : checkpoint('every');
  }

  return {
    chainId,
    stats: () => ({ written, failed, seq: chain.seq() }),
    record: async (decision, context) => {
      await ready;
      let record: DecisionRecord | undefined;
      let ok = false;
      try {
        // From here to send() nothing awaits: records are linked and handed to the sinks in call order.
        const rotated = rotationDue() ? checkpoint('rotate') : undefined;
        const linked = chain.link<DecisionRecord>(createDecisionRecord(decision, context, protect));
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
          seq: chain.seq(),
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
