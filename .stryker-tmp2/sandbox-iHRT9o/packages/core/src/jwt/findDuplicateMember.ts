// @ts-nocheck
// Private: JSON.parse keeps the last of two equal member names; JOSE (RFC 7515 §5.2) says such a
// document must be rejected. This scanner walks already-valid JSON text and reports the first member name
// that repeats inside one object (after unescaping, so "a" and "\u0061" collide).

interface Frame {
  /** The member names seen so far; undefined for an array. */
  readonly keys: Set<string> | undefined;
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** Returns the first duplicated member name, or undefined. Assumes `text` is valid JSON. */
export function findDuplicateMember(text: string): string | undefined {
  const stack: Frame[] = [];
  let top: Frame | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      let j = i + 1;
      let escaped = false;
      for (let c = text.charCodeAt(j); c !== QUOTE; c = text.charCodeAt(j)) {
        if (c === BACKSLASH) {
          escaped = true;
          j += 2;
        } else j += 1;
      }
      if (top?.keys !== undefined && top.expectKey) {
        // Only a name with an escape needs JSON's unescaping to be compared.
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      top = { keys: ch === OPEN_OBJECT ? new Set() : undefined, expectKey: ch === OPEN_OBJECT };
      stack.push(top);
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      stack.pop();
      top = stack[stack.length - 1];
    } else if (ch === COMMA && top?.keys !== undefined) top.expectKey = true;
    i += 1;
  }
  return undefined;
}
