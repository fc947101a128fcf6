import type { Signing } from './auditTrailSettings.js';
import type { ChainLinker } from './chainLinker.js';
import type { Deliver } from './createDelivery.js';
import type { CheckpointRecord } from './recordTypes.js';
import type { AuditSink } from './sinkTypes.js';

// Private: when a trail writes a signed checkpoint. Its state is two named fields (the decision records since the
// chain's last checkpoint, across restarts, and the size of the last decision's line); its moments are named:
// every `every` decision records, before a sink's file rotates (so that each file ends signed), and at close.
// Without signing there is never a checkpoint.

/** What the schedule needs: how the trail signs, its sinks, its end of the chain, and how it sends a record. */
export interface CheckpointScheduleSettings {
  readonly signing: Signing | undefined;
  readonly sinks: readonly AuditSink[];
  readonly chain: ChainLinker;
  readonly send: Deliver;
  readonly clock: () => number;
}

/** A trail's checkpoints: each call that writes one resolves as {@link Deliver} does; `undefined` when none is due. */
export interface CheckpointSchedule {
  /** A resumed chain had `since` decision records after its last checkpoint: count on from there. */
  readonly resume: (since: number) => void;
  /** Before a decision is linked: a `rotate` checkpoint when a sink's file would rotate within the next record. */
  readonly beforeDecision: () => Promise<boolean> | undefined;
  /** After a decision whose line is `lineBytes` long is linked and sent: an `every` checkpoint when it is due. */
  readonly afterDecision: (lineBytes: number) => Promise<boolean> | undefined;
  /** When the trail closes: a `closed` checkpoint, if `atClose` and records were linked since the last one. */
  readonly atClose: () => Promise<boolean> | undefined;
}

export function createCheckpointSchedule(settings: CheckpointScheduleSettings): CheckpointSchedule {
  const { signing, sinks, chain, send, clock } = settings;
  /** Decision records since the chain's last checkpoint, across restarts. */
  let sinceCheckpoint = 0;
  /** Room for a decision and a checkpoint: the last decision's line and a margin. */
  let lastLineBytes = 0;

  /** A signed checkpoint after the record just linked; the count starts again. */
  function checkpoint(using: Signing, reason: CheckpointRecord['reason']): Promise<boolean> {
    sinceCheckpoint = 0;
    const time = new Date(clock()).toISOString();
    const { every, keyId, key } = using;
    return send(chain.linkSigned({ recordVersion: 1, kind: 'checkpoint', time, reason, every, keyId }, key));
  }

  const rotationDue = (): boolean =>
    chain.seq() > 0 && sinks.some((s) => s.rotationDue?.(lastLineBytes + 1024) === true);

  return {
    resume: (since) => {
      sinceCheckpoint = since;
    },
    beforeDecision: () =>
      signing !== undefined && rotationDue() ? checkpoint(signing, 'rotate') : undefined,
    afterDecision: (lineBytes) => {
      lastLineBytes = lineBytes;
      if (signing === undefined) return undefined;
      sinceCheckpoint += 1;
      return sinceCheckpoint < signing.every ? undefined : checkpoint(signing, 'every');
    },
    atClose: () =>
      signing?.atClose === true && sinceCheckpoint > 0 ? checkpoint(signing, 'closed') : undefined,
  };
}
