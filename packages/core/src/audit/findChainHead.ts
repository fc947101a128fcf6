import type { ChainHead } from './sinkTypes.js';

// Private: the pure half of a sink's resume. Given its lines newest first, where did a chain stand?

/**
 * The lines of `chain`, oldest first, from its last checkpoint (or the first record of its epoch) to its last
 * line, read from `newestFirst` until that anchor; foreign and torn lines are passed over. `undefined` when no
 * line is the chain's; all of the chain's lines when no anchor comes.
 *
 * @example
 * ```ts
 * findChainHead(['{"chain":{"id":"gw","seq":2,"prev":"h1"}}', '{"chain":{"id":"gw","seq":1,"prev":null}}'], 'gw');
 * // { lines: [seq 1, seq 2] }
 * ```
 */
export function findChainHead(newestFirst: Iterable<string>, chain: string): ChainHead | undefined {
  const found: string[] = [];
  for (const line of newestFirst) {
    let r: { kind?: unknown; chain?: { id?: unknown; seq?: unknown; prev?: unknown } } | null;
    try {
      r = JSON.parse(line);
    } catch {
      continue; // a torn or foreign line: look further back
    }
    if (r?.chain?.id !== chain) continue;
    found.push(line);
    if (r.kind === 'checkpoint' || (r.chain.seq === 1 && r.chain.prev === null))
      return { lines: found.reverse() };
  }
  return found.length === 0 ? undefined : { lines: found.reverse() };
}
