// Private: JSON.parse keeps the last of two equal member names; JOSE (RFC 7515 §5.2) says such a
// document must be rejected. This scanner walks already-valid JSON text and reports the first member name
// that repeats inside one object (after unescaping, so "a" and "\u0061" collide).

interface Frame {
  readonly isObject: boolean;
  readonly keys: Set<string>;
  expectKey: boolean;
}

/** Returns the first duplicated member name, or undefined. Assumes `text` is valid JSON. */
export function findDuplicateMember(text: string): string | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.isObject && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (ch === '{') stack.push({ isObject: true, keys: new Set(), expectKey: true });
    else if (ch === '[') stack.push({ isObject: false, keys: new Set(), expectKey: false });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.isObject) top.expectKey = true;
    }
    i += 1;
  }
  return undefined;
}
