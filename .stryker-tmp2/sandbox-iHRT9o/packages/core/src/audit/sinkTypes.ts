// @ts-nocheck
import type { ChainLink } from './recordTypes.js';

/**
 * Where a chain stood in what a sink holds, for a restarted writer: the chain's lines as written, oldest first,
 * from its last checkpoint (or the first record of its epoch) to its last line. The writer resumes only from a
 * sealed last line (and, with a signing key, from lines that verify back to a signed checkpoint); otherwise it
 * starts a new epoch.
 */
export interface ChainHead {
  readonly lines: readonly string[];
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
  /**
   * Whether `bytes` more would make the destination rotate first (a file sink with `maxBytes`), so that a trail
   * with checkpoints writes a signed `rotate` checkpoint as the file's last line; the sink rotates after a
   * `rotate` checkpoint. Optional.
   */
  readonly rotationDue?: (bytes: number) => boolean;
  /** Flushes what is pending and releases the destination. Optional. */
  readonly close?: () => Promise<void>;
}
