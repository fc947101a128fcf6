import { type Document, isMap, isScalar, isSeq, type LineCounter, type Parser, type Range } from 'yaml';
import type { Problem } from './ajvProblems.js';
import type { Position } from './positionLocator.js';

// Private: what a policy document must be before its data is trusted, in JSON and YAML alike: not nested too
// deeply (checked on the parser's tokens, before the recursive composer could overflow the stack), and no two
// members of one object that load under the same name (JSON.parse and YAML's toJS keep the last silently).

/** Largest policy file or text, in bytes (UTF-8): 1 MiB. */
export const MAX_POLICY_BYTES = 1_048_576;
/** Deepest nesting of objects and arrays in a policy document. */
export const MAX_NESTING = 128;

type Token = ReturnType<Parser['parse']> extends Generator<infer T> ? T : never;
type Placed = Problem & Position;

/** The offset of the first collection nested deeper than {@link MAX_NESTING} in the parser's tokens, if any. */
export function tooDeepAt(tokens: readonly Token[]): number | undefined {
  const stack: [unknown, number][] = tokens.map((t) => [t, 0]);
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [token, depth] = top as [
      { type?: string; value?: unknown; items?: unknown; offset: number },
      number,
    ];
    if (token.type === 'document' && token.value !== undefined) stack.push([token.value, depth]);
    if (!Array.isArray(token.items)) continue;
    if (depth + 1 > MAX_NESTING) return token.offset;
    for (const item of token.items as { key?: unknown; value?: unknown }[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** The depth of nested objects and arrays in loaded data (a YAML alias can nest an anchor again). */
export function nestingOf(data: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[data, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [value, depth] = top;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_NESTING) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * Every member whose name, once loaded, repeats an earlier member of the same object (`"a"` and `"\u0061"`;
 * in YAML also `1` and `1.0`, `true` and `"true"`, `~` and `""`), at its key; and every key that is not a
 * plain value (a collection, an alias, a YAML 1.1 merge key `<<` or timestamp), whose loaded name nobody reviews; and every
 * member named `__proto__`, which no option object may carry as its own.
 */
export function repeatedMembers(doc: Document, counter: LineCounter): Placed[] {
  const found: Placed[] = [];
  const at = (range: Range | null | undefined): Position => {
    if (!range) return { line: null, column: null };
    const { line, col } = counter.linePos(range[0]);
    return { line, column: col };
  };
  const visit = (node: unknown, path: string): void => {
    if (isSeq(node)) for (const [i, item] of node.items.entries()) visit(item, `${path}[${i}]`);
    if (!isMap(node)) return;
    const seen = new Map<string, Position>();
    for (const { key, value } of node.items) {
      if (
        !isScalar(key) ||
        typeof key.value === 'symbol' ||
        (typeof key.value === 'object' && key.value !== null)
      ) {
        const place = at((key as { range?: Range } | null)?.range ?? node.range);
        found.push({ path, message: 'a member name must be a plain string', ...place });
        continue;
      }
      const name = key.value === null ? '' : String(key.value);
      const first = seen.get(name);
      if (name === '__proto__') {
        const hint = "not allowed in a policy file: in JavaScript it would set an object's prototype";
        found.push({ path: join(path, name), message: "a member named '__proto__'", hint, ...at(key.range) });
      } else if (first === undefined) seen.set(name, at(key.range));
      else {
        found.push({
          path: join(path, name),
          message: `duplicate member '${name}'`,
          hint: `also at line ${first.line}, column ${first.column}; keep one (the last would win silently)`,
          ...at(key.range),
        });
      }
      visit(value, join(path, name));
    }
  };
  visit(doc.contents, '');
  return found;
}
