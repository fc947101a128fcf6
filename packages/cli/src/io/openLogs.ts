import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';

// Private: the decision logs a command reads (`audit verify`, `report`, `replay`), opened before any is read.
// Regular files only: a FIFO, a device (/dev/zero) or a symlink to one is refused. Opened non-blocking, so that
// opening a FIFO does not wait for a writer; the check is on the opened file (fstat), not on its name.

/** One opened decision log. */
export interface LogInput {
  readonly file: string;
  readonly handle: FileHandle;
  readonly bytes: number;
}

async function openOne(file: string): Promise<LogInput> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch((e: Error) => {
    throw new UsageError(`cannot read ${quote(file)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
  });
  try {
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    if (!isFile) throw new UsageError(`cannot read ${quote(file)}: not a regular file`);
    return { file, handle, bytes: size };
  } catch (e) {
    await handle.close();
    throw e instanceof UsageError
      ? e
      : new UsageError(
          `cannot read ${quote(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
  }
}

/** Opens every file before reading any, so that a missing, unreadable or not regular one is a usage error (exit 2). */
export async function openLogs(files: readonly string[]): Promise<LogInput[]> {
  const inputs: LogInput[] = [];
  try {
    for (const file of files) inputs.push(await openOne(file));
  } catch (e) {
    await Promise.all(inputs.map((i) => i.handle.close()));
    throw e;
  }
  return inputs;
}
