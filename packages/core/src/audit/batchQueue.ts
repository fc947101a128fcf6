// Private: a file sink's queue. Lines wait while a write is in flight and go out together as one batch;
// each line's promise settles with its batch.

/** Writes one batch: lines, each ending in a newline; `closesFile` when it ends in a `rotate` checkpoint. */
export type WriteBatch = (text: string, closesFile: boolean) => Promise<void>;

/** Lines waiting for the disk, written in batches, one batch at a time, in order. */
export interface BatchQueue {
  /**
   * Queues `line` (no newline); resolves once its batch is written, rejects when that fails, and rejects at once
   * when more than `maxPendingBytes` would wait. `closesFile`: the line is a `rotate` checkpoint, the last of its
   * file, so its batch ends with it.
   */
  readonly push: (line: string, closesFile: boolean) => Promise<void>;
  /** Bytes queued or being written. */
  readonly pendingBytes: () => number;
  /**
   * While a `rotate` checkpoint is queued or being written: the bytes queued after the last one (they go to the
   * next file). `undefined` when none is.
   */
  readonly bytesAfterClose: () => number | undefined;
  /** Whether a batch is being written. */
  readonly flushing: () => boolean;
  /** While flushing: resolves when the queue has run empty. `undefined` when idle. */
  readonly drained: () => Promise<void> | undefined;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

export function createBatchQueue(maxPendingBytes: number, writeBatch: WriteBatch): BatchQueue {
  let queue: string[] = [];
  /** Per queued line: whether it is a trail's `rotate` checkpoint, the last line of its file. */
  let closesFile: boolean[] = [];
  let waiters: Waiter[] = [];
  let pendingBytes = 0;
  /** `rotate` checkpoints queued or being written, and the bytes queued after the last of them. */
  let closing = 0;
  let afterClose = 0;
  let flushing = false;
  let drained: (() => void) | undefined;

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length > 0) {
      // A batch ends at a `rotate` checkpoint: it is the last line of its file, the rotation follows it.
      const end = closesFile.indexOf(true) + 1 || queue.length;
      const lines = queue.slice(0, end);
      const batch = waiters.slice(0, end);
      const last = closesFile[end - 1] === true;
      queue = queue.slice(end);
      waiters = waiters.slice(end);
      closesFile = closesFile.slice(end);
      const text = `${lines.join('\n')}\n`;
      try {
        await writeBatch(text, last);
        for (const w of batch) w.resolve();
      } catch (e) {
        for (const w of batch) w.reject(e as Error);
      } finally {
        pendingBytes -= Buffer.byteLength(text);
        if (last) closing -= 1;
      }
    }
    flushing = false;
    drained?.();
  }

  return {
    push: (line, closes) =>
      new Promise<void>((resolve, reject) => {
        const bytes = Buffer.byteLength(line) + 1;
        if (pendingBytes + bytes > maxPendingBytes)
          return reject(new Error(`falling behind: ${pendingBytes} bytes wait for the disk`));
        pendingBytes += bytes;
        if (closes) {
          closing += 1;
          afterClose = 0;
        } else afterClose += bytes;
        queue.push(line);
        closesFile.push(closes);
        waiters.push({ resolve, reject });
        if (!flushing) void flush();
      }),
    pendingBytes: () => pendingBytes,
    bytesAfterClose: () => (closing > 0 ? afterClose : undefined),
    flushing: () => flushing,
    drained: () =>
      flushing
        ? new Promise<void>((resolve) => {
            drained = resolve;
          })
        : undefined,
  };
}
