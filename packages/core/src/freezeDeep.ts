// Private: values shared between requests (cached token headers and claims) must not be changed by one of them.

/** Freezes `value` and everything it holds; a value already frozen is taken as frozen through. */
export function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const member of Object.values(value)) freezeDeep(member);
  return Object.freeze(value);
}
