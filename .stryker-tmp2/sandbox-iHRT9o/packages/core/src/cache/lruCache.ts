// @ts-nocheck
// Private: a bounded map that forgets the least recently used entry first. Map keeps insertion order, so a hit
// moves its entry to the end and an insert past the bound drops the first one.

export interface LruCache<K, V> {
  readonly get: (key: K) => V | undefined;
  readonly set: (key: K, value: V) => void;
  readonly delete: (key: K) => void;
  readonly size: () => number;
}

export function lruCache<K, V>(maxEntries: number): LruCache<K, V> {
  const entries = new Map<K, V>();
  // The most recently used key: a hit on it needs no move (the common case, one token reused request after
  // request), and the map is spared a delete and an insert.
  let newest: K | undefined;
  return {
    get: (key) => {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      if (key !== newest) {
        entries.delete(key);
        entries.set(key, value);
        newest = key;
      }
      return value;
    },
    set: (key, value) => {
      entries.delete(key);
      entries.set(key, value);
      newest = key;
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
    },
    delete: (key) => {
      entries.delete(key);
      if (key === newest) newest = undefined;
    },
    size: () => entries.size,
  };
}
