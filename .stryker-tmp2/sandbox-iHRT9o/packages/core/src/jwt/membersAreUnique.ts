// @ts-nocheck
// Private: whether a JSON text repeats no member name in any object, judged by counting instead of comparing
// names. In valid JSON a colon outside a string is always a name separator, one per member written; JSON.parse
// keeps one member per distinct name (and drops the values, nested members included, of the names it
// overwrote). So the parsed value holds as many members as the text writes exactly when no name repeats.
// findDuplicateMember names the repeat; this answers the common case (no repeat) in one linear pass.

const QUOTE = 0x22;
const COLON = 0x3a;
const BACKSLASH = 0x5c;

/** Whether the quote at `at` is escaped: an odd run of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (text.charCodeAt(k) === BACKSLASH) k -= 1;
  return (at - 1 - k) % 2 === 1;
}

/** The index of the quote that closes the string opened at `open` (the text is valid JSON). */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1 && escaped(text, at)) at = text.indexOf('"', at + 1);
  return at === -1 ? text.length : at;
}

/** The colons outside strings: the members the text writes. Strings are skipped by `indexOf`. */
function membersWritten(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === COLON) count += 1;
    else if (c === QUOTE) i = closingQuote(text, i);
  }
  return count;
}

/** The own members of every object in a parsed JSON value, at any depth, without recursion. */
function membersParsed(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    // for-in over own names only (what Object.keys lists), without the list Object.keys makes.
    for (const name in v) {
      if (!Object.hasOwn(v, name)) continue;
      count += 1;
      const member = (v as Record<string, unknown>)[name];
      if (typeof member === 'object' && member !== null) pending.push(member);
    }
  }
  return count;
}

/** True when `text` (valid JSON, `value` its `JSON.parse`) repeats no member name inside any object. */
export function membersAreUnique(text: string, value: unknown): boolean {
  return membersWritten(text) === membersParsed(value);
}
