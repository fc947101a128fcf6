// @ts-nocheck
// Private: values shared between requests (cached token headers and claims) must not be changed by one of them.

/** Freezes `value` and everything it holds; a value already frozen is taken as frozen through. */
export function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // Own members only (what Object.values lists), without the list it makes, and a call only for the members
  // that are objects: most claims are strings and numbers.
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    const member: unknown = value[name];
    if (typeof member === 'object' && member !== null) freezeDeep(member);
  }
  return Object.freeze(value);
}
