import type { ChainLink } from './recordTypes.js';

/** Where a chain stood at the last record a sink holds: what a writer resumes from after a restart. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * A destination for decision records. `write` gets one record as a JSON line (no newline) and the record;
 * it resolves once the destination has accepted the line (for a file: handed to the OS, or synced when so
 * configured) and rejects when it cannot. Build one with `fileSink`, `streamSink`, `callbackSink` or
 * `pinoSink`, or write your own.
 */
export interface AuditSink {
  /** A short name for events and errors, e.g. `file:/var/log/dsop/decisions.jsonl`. */
  readonly name: string;
  readonly write: (line: string, record: object) => Promise<void> | void;
  /** Where `chain` last stood in what this sink holds, so a restarted writer links on. Optional. */
  readonly resume?: (chain: ChainLink['id']) => Promise<ChainHead | undefined>;
  /** Flushes what is pending and releases the destination. Optional. */
  readonly close?: () => Promise<void>;
}
