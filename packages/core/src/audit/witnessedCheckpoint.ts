/**
 * The checkpoint record a line of a witness log holds, as JSON text for `createChainVerifier`'s `witness`: the
 * line itself when it is a checkpoint record (a second file or stream sink), or the member of it that is one
 * (a pino log: `decision`, or any other name). `undefined` for any other line. Never throws.
 *
 * @example
 * ```ts
 * const text = witnessedCheckpoint(line); // from `pino.log`, written by pinoSink(logger)
 * if (text !== undefined) witness.push({ text, at: { file: 'pino.log', line: n } });
 * ```
 */
export function witnessedCheckpoint(line: string): string | undefined {
  if (!line.includes('"checkpoint"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (isCheckpoint(value)) return line;
  if (typeof value !== 'object' || value === null) return undefined;
  const member = Object.values(value).find(isCheckpoint);
  return member === undefined ? undefined : JSON.stringify(member);
}

function isCheckpoint(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'checkpoint';
}
