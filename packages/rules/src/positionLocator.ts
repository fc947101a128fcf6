import { type Document, isMap, isNode, isScalar, isSeq, type LineCounter, type Range } from 'yaml';

// Private: the `yaml` parser's vocabulary (documents, nodes, ranges, line counters) stops here and becomes a
// line and column for a problem's path.

/** Where a problem sits in its file: 1-based line and column, or `null` when it has no place of its own. */
export interface Position {
  readonly line: number | null;
  readonly column: number | null;
}

export const NOWHERE: Position = { line: null, column: null };

interface Step {
  readonly node: unknown;
  readonly at: Range;
  readonly rest: string;
}

function indexStep(node: unknown, rest: string): Step | undefined {
  const m = /^\[(\d+)\]\.?/.exec(rest);
  if (!isSeq(node) || m === null) return undefined;
  const item = node.items[Number(m[1])];
  return isNode(item) && item.range
    ? { node: item, at: item.range, rest: rest.slice(m[0].length) }
    : undefined;
}

/** The longest key of the map that begins `rest` (keys may hold dots), at the key's own position. */
function keyStep(node: unknown, rest: string): Step | undefined {
  if (!isMap(node)) return undefined;
  let best: Step | undefined;
  let bestLength = -1;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    const follows = rest.slice(key.length, key.length + 1);
    if (!rest.startsWith(key) || !['', '.', '['].includes(follows) || key.length <= bestLength) continue;
    bestLength = key.length;
    best = { node: pair.value, at: pair.key.range, rest: rest.slice(key.length + (follows === '.' ? 1 : 0)) };
  }
  return best;
}

/**
 * A function from a problem's path (`rule.all[2].options.scopes`) to its line and column in `doc`: the key of
 * the last segment, the item of an index, or the nearest ancestor that exists (a missing required option points
 * at its `options`). The empty path (the file as a whole) has no position.
 *
 * @example
 * ```ts
 * const lineCounter = new LineCounter();
 * const locate = positionLocator(parseDocument(text, { lineCounter }), lineCounter);
 * locate('rule.all[2].options.scopes'); // { line: 12, column: 7 }
 * ```
 */
export function positionLocator(doc: Document, counter: LineCounter): (path: string) => Position {
  return (path) => {
    let node: unknown = doc.contents;
    let at: Range | undefined;
    let rest = path;
    while (rest !== '') {
      const next = indexStep(node, rest) ?? keyStep(node, rest);
      if (next === undefined) break;
      ({ node, at, rest } = next);
    }
    if (at === undefined) return NOWHERE;
    const { line, col } = counter.linePos(at[0]);
    return { line, column: col };
  };
}
