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
  return {
    get: (key) => {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set: (key, value) => {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as K);
    },
    delete: (key) => {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}
