// Private: a map from a group's key to its small state, holding at most `max` groups. A key that arrives
// when the map is full gets no group: `get` returns undefined and the caller counts it as overflow. So
// memory is bounded by `max` groups, whatever the input.

export interface Groups<K, V> {
  /** The group of `key`, made with `fresh` if there is room; `undefined` when full. */
  readonly get: (key: K) => V | undefined;
  readonly entries: () => IterableIterator<[K, V]>;
  readonly size: () => number;
}

export function cappedGroups<K, V>(max: number, fresh: (key: K) => V): Groups<K, V> {
  const map = new Map<K, V>();
  return {
    get: (key) => {
      let group = map.get(key);
      if (group === undefined && map.size < max) {
        group = fresh(key);
        map.set(key, group);
      }
      return group;
    },
    entries: () => map.entries(),
    size: () => map.size,
  };
}

/** Counts per string, at most `max` distinct; the most frequent first. */
export interface Tally {
  readonly add: (key: string, by?: number) => void;
  readonly top: (n: number) => { key: string; count: number }[];
  readonly distinct: () => number;
}

export function createTally(max: number): Tally {
  const counts = new Map<string, number>();
  return {
    add: (key, by = 1) => {
      const now = counts.get(key);
      if (now !== undefined) counts.set(key, now + by);
      else if (counts.size < max) counts.set(key, by);
    },
    top: (n) =>
      [...counts]
        .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0))
        .slice(0, n)
        .map(([key, count]) => ({ key, count })),
    distinct: () => counts.size,
  };
}
