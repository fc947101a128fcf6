import type { ChainProblem, WitnessedCheckpoint } from './chainVerifierTypes.js';
import { type CheckedLink, checkLine } from './checkLine.js';

// Private: the checkpoints witnesses saw (another sink: pino, a callback), each to be found in the files with the
// same hash. Built once from the verifier's `witness` option; each checkpoint of the files is looked up in it.

/** The witnessed checkpoints, and which of them the files have shown so far. */
export interface WitnessList {
  /** `witness_invalid` for each witness line that is not a sealed (and, with a key, signed) checkpoint, in order. */
  readonly invalid: readonly ChainProblem[];
  /** The hash a witness saw for this checkpoint, `undefined` when none did; the checkpoint counts as seen. */
  readonly see: (checkpoint: CheckedLink) => string | undefined;
  /** `witness_missing` for each witnessed checkpoint the files have not shown, in the order witnessed. */
  readonly unseen: () => ChainProblem[];
}

interface Witnessed {
  readonly hash: string;
  readonly at: WitnessedCheckpoint['at'];
  readonly seq: number;
  seen: boolean;
}

const witnessKey = (id: string, epoch: number, seq: number): string => `${id}\u0000${epoch}\u0000${seq}`;

/** `signed`: with a public key, whether a checkpoint is signed by it; `undefined` without a key (nothing checked). */
export function createWitnessList(
  witness: readonly WitnessedCheckpoint[],
  signed: ((link: CheckedLink) => boolean) | undefined,
): WitnessList {
  const witnessed = new Map<string, Witnessed>();
  const invalid: ChainProblem[] = [];
  for (const { text, at } of witness) {
    const checked = checkLine(text);
    const link = 'link' in checked ? checked.link : undefined;
    if (
      link === undefined ||
      link.kind !== 'checkpoint' ||
      !link.sealed ||
      (signed !== undefined && !signed(link))
    ) {
      invalid.push({ ...at, kind: 'witness_invalid', chain: link?.id ?? null, seq: link?.seq ?? null });
      continue;
    }
    witnessed.set(witnessKey(link.id, link.epoch, link.seq), {
      hash: link.hash,
      at,
      seq: link.seq,
      seen: false,
    });
  }
  return {
    invalid,
    see: (checkpoint) => {
      const found = witnessed.get(witnessKey(checkpoint.id, checkpoint.epoch, checkpoint.seq));
      if (found === undefined) return undefined;
      found.seen = true;
      return found.hash;
    },
    unseen: () =>
      [...witnessed]
        .filter(([, w]) => !w.seen)
        .map(([k, w]) => ({
          ...w.at,
          kind: 'witness_missing',
          chain: k.slice(0, k.indexOf('\u0000')),
          seq: w.seq,
        })),
  };
}
