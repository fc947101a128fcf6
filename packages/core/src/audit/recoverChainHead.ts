import type { Signing } from './auditTrailSettings.js';
import { type CheckedLink, checkLine } from './checkLine.js';
import { checkpointSigned } from './checkpointSigned.js';

// Private, and pure: what a restarted trail makes of the lines a sink gives back (its ChainHead).

/** Where a restarted writer goes on: the chain's head, or a new epoch and why. */
export type Resumed =
  | { seq: number; prev: string; epoch: number; sinceCheckpoint: number }
  | { restart: number; reason: 'unsealed_head' | 'unverified_head' | 'unsigned_tail' };

/** Whether `links` run unbroken from a checkpoint signed by this writer's key, or from the start of their epoch. */
function verifiedBack(links: readonly CheckedLink[], lines: readonly string[], signing: Signing): boolean {
  const [first] = links;
  if (first === undefined || links.length !== lines.length) return false;
  const anchored =
    (first.seq === 1 && first.prev === null) || checkpointSigned(first, signing.key, signing.keyId);
  return (
    anchored &&
    links.every(
      (l, i) =>
        l.sealed &&
        (i === 0 || (l.epoch === first.epoch && l.seq === first.seq + i && l.prev === links[i - 1]?.hash)),
    )
  );
}

/**
 * Where a restarted writer goes on: from the chain's last line, only when it is a sealed record of this chain
 * and, with a signing key, the lines verify back to a signed checkpoint; a writer that checkpoints when it
 * closes also wants that checkpoint last (records after it mean a crash, or an append it cannot tell from one,
 * and its next checkpoint must not vouch for them). Otherwise the chain goes on in a new epoch.
 */
export function recoverChainHead(
  lines: readonly string[],
  chainId: string,
  signing: Signing | undefined,
): Resumed {
  const links = lines.flatMap((l) => {
    const checked = checkLine(l);
    return 'link' in checked && checked.link.id === chainId ? [checked.link] : [];
  });
  const restart = Math.max(1, ...links.map((l) => l.epoch)) + 1;
  const last = links.at(-1);
  if (last === undefined || links.length !== lines.length || !last.sealed)
    return { restart, reason: 'unsealed_head' };
  if (signing !== undefined && !verifiedBack(links, lines, signing))
    return { restart, reason: 'unverified_head' };
  if (signing?.atClose === true && last.kind !== 'checkpoint') return { restart, reason: 'unsigned_tail' };
  const fromCheckpoint = links[0]?.kind === 'checkpoint' ? links.slice(1) : links;
  const sinceCheckpoint = fromCheckpoint.filter((l) => l.kind === 'decision').length;
  return { seq: last.seq, prev: last.hash, epoch: last.epoch, sinceCheckpoint };
}
