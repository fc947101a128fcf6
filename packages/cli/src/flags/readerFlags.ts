import { MAX_LINE_BYTES } from '../io/readLines.js';
import { UsageError } from './usageError.js';

// Private to the CLI: the limits of the commands that read decision logs (audit verify, report, replay).

/** The longest line read, and the most distinct chains kept, for parseFlags. */
export const readerFlagOptions = {
  'max-line-bytes': { type: 'string' },
  'max-chains': { type: 'string' },
} as const;

/** The distinct chains a reader keeps by default (`--max-chains`); about 300 bytes each. */
export const MAX_CHAINS = 100_000;

/** The flags' limits, checked. */
export interface ReaderLimits {
  readonly maxLineBytes: number;
  readonly maxChains: number;
}

function limit(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d{0,9}$/.test(text))
    throw new UsageError(`--${flag}: give a whole number from 1 (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** `--max-line-bytes <n>` (default 1 MiB) and `--max-chains <n>` (default 100 000). */
export function readerLimits(flags: {
  readonly 'max-line-bytes'?: string | undefined;
  readonly 'max-chains'?: string | undefined;
}): ReaderLimits {
  return {
    maxLineBytes: limit('max-line-bytes', flags['max-line-bytes'], MAX_LINE_BYTES),
    maxChains: limit('max-chains', flags['max-chains'], MAX_CHAINS),
  };
}
