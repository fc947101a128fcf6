import { emitTo, type GuardEvent } from '../events.js';
import type { Signing } from './auditTrailSettings.js';
import { reasonOf } from './createDelivery.js';
import { type Resumed, recoverChainHead } from './recoverChainHead.js';
import type { AuditSink } from './sinkTypes.js';

// Private: a starting trail asks its sinks where its chain stood.

/**
 * Where `chainId` goes on, from the first sink that can tell (see recoverChainHead); `undefined` when none can
 * (a fresh chain). A sink whose `resume` fails is passed over with an `audit.sink_failed` event.
 */
export async function resumeChain(
  sinks: readonly AuditSink[],
  chainId: string,
  signing: Signing | undefined,
  onEvent: ((event: GuardEvent) => void) | undefined,
): Promise<Resumed | undefined> {
  for (const sink of sinks) {
    if (sink.resume === undefined) continue;
    try {
      const head = await sink.resume(chainId);
      if (head === undefined || head.lines.length === 0) continue;
      return recoverChainHead(head.lines, chainId, signing);
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
  return undefined;
}
