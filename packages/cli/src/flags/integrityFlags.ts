import { readFileSync } from 'node:fs';
import {
  type ChainVerifierOptions,
  ConfigError,
  createChainVerifier,
  type WitnessedCheckpoint,
  witnessedCheckpoint,
} from '@dsop-guard/core';
import { openLogs } from '../io/openLogs.js';
import { readLines } from '../io/readLines.js';
import { quote } from './quote.js';
import { UsageError } from './usageError.js';

// Private: the flags that say how far a decision log is trusted, shared by `audit verify`, `report` and
// `replay`, defined once: the public key of the checkpoints, the chains expected, a witness of the heads.

/** The `parseFlags` options of the integrity flags; a command spreads them into its own. */
export const integrityFlagOptions = {
  'public-key': { type: 'string' },
  'max-gap': { type: 'string' },
  chains: { type: 'string' },
  'chains-file': { type: 'string' },
  witness: { type: 'string', multiple: true },
} as const;

/** The values of the integrity flags, as `parseFlags` gives them. */
export interface IntegrityFlags {
  readonly 'public-key'?: string | undefined;
  readonly 'max-gap'?: string | undefined;
  readonly chains?: string | undefined;
  readonly 'chains-file'?: string | undefined;
  readonly witness?: readonly string[] | undefined;
}

/** What the flags give the chain verifier. */
export type IntegrityOptions = Pick<
  ChainVerifierOptions,
  'publicKey' | 'maxGap' | 'expectedChains' | 'witness'
>;

function read(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `${flag}: cannot read ${quote(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** `--chains a,b` and `--chains-file` (one id a line; `#` starts a comment). */
function expectedChains(flags: IntegrityFlags): readonly string[] | undefined {
  const listed = flags.chains?.split(',') ?? [];
  const file = flags['chains-file'];
  const fromFile = file === undefined ? [] : read('--chains-file', file).split('\n');
  const ids = [...listed, ...fromFile].map((id) => id.replace(/#.*/, '').trim()).filter((id) => id !== '');
  if (flags.chains !== undefined && listed.every((id) => id.trim() === ''))
    throw new UsageError('--chains: give chain ids, e.g. --chains gw/w1,gw/w2');
  return flags.chains === undefined && file === undefined ? undefined : ids;
}

/** Every checkpoint a witness file holds (a second sink's file, a pino log), with where it is. */
async function readWitnessCheckpoints(files: readonly string[]): Promise<WitnessedCheckpoint[]> {
  const found: WitnessedCheckpoint[] = [];
  const inputs = await openLogs(files);
  try {
    for (const input of inputs) {
      await readLines(input, (text, line) => {
        const checkpoint = witnessedCheckpoint(text);
        if (checkpoint !== undefined) found.push({ text: checkpoint, at: { file: input.file, line } });
      });
    }
  } finally {
    await Promise.all(inputs.map((i) => i.handle.close()));
  }
  return found;
}

/**
 * The verifier's options from the integrity flags: files read, the key and `--max-gap` checked (a bad one is a
 * usage error naming the flag).
 */
export async function readIntegrityOptions(flags: IntegrityFlags): Promise<IntegrityOptions> {
  const keyFile = flags['public-key'];
  const gap = flags['max-gap'];
  if (gap !== undefined && !/^[1-9][0-9]{0,8}$/.test(gap))
    throw new UsageError(`--max-gap: give a whole number of records from 1 (got ${quote(gap)})`);
  if (gap !== undefined && keyFile === undefined) throw new UsageError('--max-gap goes with --public-key');
  const chains = expectedChains(flags);
  const options: IntegrityOptions = {
    ...(keyFile === undefined ? {} : { publicKey: read('--public-key', keyFile) }),
    ...(gap === undefined ? {} : { maxGap: Number(gap) }),
    ...(chains === undefined ? {} : { expectedChains: chains }),
    ...(flags.witness === undefined ? {} : { witness: await readWitnessCheckpoints(flags.witness) }),
  };
  try {
    createChainVerifier(options);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`--public-key: ${e.message.replace(/^[^:]+: /, '')}`);
    throw e;
  }
  return options;
}
