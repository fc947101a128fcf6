import { emitTo, type GuardEvent } from '../events.js';
import { protectPersonalData } from './protectPersonalData.js';
import type { CheckpointRecord, DecisionRecord } from './recordTypes.js';
import type { AuditSink } from './sinkTypes.js';

// Private: how a trail hands a linked record to its sinks: each within `writeTimeoutMs`, each sink's failures
// counted and raised as events (and its recovery), never a rejection.

/** What delivery needs to know. */
export interface DeliverySettings {
  readonly sinks: readonly AuditSink[];
  readonly chainId: string;
  readonly writeTimeoutMs: number;
  readonly onEvent: ((event: GuardEvent) => void) | undefined;
}

/** Hands one linked record to every sink; resolves `true` when every sink accepted it. */
export type Deliver = (linked: {
  readonly record: DecisionRecord | CheckpointRecord;
  readonly line: string;
}) => Promise<boolean>;

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

const masked = protectPersonalData({ mode: 'mask' });

/** A failure's reason for an event: a sink's message may quote what it was given, so it is masked. */
export function reasonOf(e: unknown): string {
  return e instanceof Error ? masked(`${e.name}: ${e.message}`).slice(0, 200) : 'failed';
}

/** `sink.write` called at once; a throw becomes a rejection. */
function writeNow(sink: AuditSink, line: string, record: object): Promise<void> {
  try {
    return Promise.resolve(sink.write(line, record));
  } catch (e) {
    return Promise.reject(e);
  }
}

export function createDelivery(settings: DeliverySettings): Deliver {
  const { sinks, chainId, writeTimeoutMs, onEvent } = settings;
  const failuresBySink = new Map<AuditSink, number>();

  async function deliver(sink: AuditSink, line: string, record: object, at: number): Promise<boolean> {
    const limit = timeout(writeTimeoutMs);
    try {
      // Handed over now, not a microtask later: a sink that counts what it holds (a file sink deciding when its
      // file rotates) must see every record already sent when the trail asks about the next one.
      await Promise.race([writeNow(sink, line, record), limit.promise]);
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

  return async ({ record, line }) => {
    const results = await Promise.all(sinks.map((sink) => deliver(sink, line, record, record.chain.seq)));
    return results.every(Boolean);
  };
}
