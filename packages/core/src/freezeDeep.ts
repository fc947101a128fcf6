// Private: values shared between requests (cached token headers and claims) must not be changed by one of them.

/** Freezes `value` and everything it holds; a value already frozen is taken as frozen through. */
export function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // An index loop, and a call only for the members that are objects: most claims are strings and numbers.
  const members = Object.values(value);
  for (let i = 0; i < members.length; i += 1) {
    const member: unknown = members[i];
    if (typeof member === 'object' && member !== null) freezeDeep(member);
  }
  return Object.freeze(value);
}
