import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../configError.js';
import type { ChainVerifierOptions, WitnessedCheckpoint } from './chainVerifierTypes.js';
import { keyIdOf, publicKeyOf } from './checkpointKeys.js';

// Private: createChainVerifier's options, checked once (a bad option throws ConfigError when the verifier is
// built, naming the field) and completed with their defaults.

/** A verifier's options, checked, with their defaults; the public key parsed and named by its id. */
export interface ChainVerifierSettings {
  /** The checkpoints' public key, `undefined` without one (checkpoints are counted, not checked). */
  readonly key: KeyObject | undefined;
  /** The key's id, `null` without one. */
  readonly keyId: string | null;
  readonly partial: boolean;
  readonly maxProblems: number;
  readonly maxChains: number;
  readonly maxGap: number | undefined;
  readonly expectedChains: readonly string[];
  readonly witness: readonly WitnessedCheckpoint[];
}

const isCount = (n: unknown, least: number): boolean => Number.isSafeInteger(n) && (n as number) >= least;

/** The checks in the order they were always made: with several bad options, the first named here is the one reported. */
function checkOptions(options: ChainVerifierOptions): void {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { maxProblems = 1000, maxChains = 100_000, maxGap, expectedChains, witness } = options;
  if (!isCount(maxProblems, 0)) throw new ConfigError('maxProblems', 'must be a non-negative integer');
  if (!isCount(maxChains, 1)) throw new ConfigError('maxChains', 'must be a positive integer');
  if (maxGap !== undefined && !isCount(maxGap, 1))
    throw new ConfigError('maxGap', 'must be a positive integer');
  if (maxGap !== undefined && options.publicKey === undefined)
    throw new ConfigError('maxGap', 'goes with publicKey: without it checkpoints are not checked');
  if (
    expectedChains !== undefined &&
    (!Array.isArray(expectedChains) || expectedChains.some((c) => typeof c !== 'string'))
  )
    throw new ConfigError('expectedChains', 'must be a list of chain ids');
  if (witness !== undefined && !Array.isArray(witness)) throw new ConfigError('witness', 'must be a list');
}

export function chainVerifierSettings(options: ChainVerifierOptions): ChainVerifierSettings {
  checkOptions(options);
  const key = options.publicKey === undefined ? undefined : publicKeyOf('publicKey', options.publicKey);
  const {
    partial = false,
    maxProblems = 1000,
    maxChains = 100_000,
    maxGap,
    expectedChains = [],
    witness = [],
  } = options;
  return {
    key,
    keyId: key === undefined ? null : keyIdOf(key),
    partial,
    maxProblems,
    maxChains,
    maxGap,
    expectedChains,
    witness,
  };
}
