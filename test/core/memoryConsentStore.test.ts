import { memoryConsentStore, type StoredConsent } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';

// The in-process consent store on its own: bounded (least recently used entry goes first), every entry gone at
// its expiresAt, time from the `clock` option (epoch seconds). The consent store law in
// test/properties/consentStore.test.ts drives it through the engine; this file pins its own contract.

const consent = (coveredBy: string): StoredConsent => ({
  coveredBy,
  handledBy: undefined,
  validTo: 1_900_000_000,
  consentedAt: 1_700_000_000,
  services: ['5498_1'],
  rights: [],
  origin: 'altinn2',
});
const a = consent('910753614');
const b = consent('974760673');
const c = consent('991825827');

/** A store on a clock the test moves. */
function storeAt(start: number, maxEntries?: number) {
  let now = start;
  const store = memoryConsentStore({ clock: () => now, ...(maxEntries === undefined ? {} : { maxEntries }) });
  return {
    store,
    at: (t: number) => {
      now = t;
    },
  };
}

describe('memoryConsentStore refuses bad options by field, when it is built', () => {
  it.each([
    ['options null', null, 'options', 'must be an object'],
    ['options a string', 'big', 'options', 'must be an object'],
    ['maxEntries 0', { maxEntries: 0 }, 'maxEntries', 'must be a positive integer'],
    ['maxEntries negative', { maxEntries: -1 }, 'maxEntries', 'must be a positive integer'],
    ['maxEntries a fraction', { maxEntries: 1.5 }, 'maxEntries', 'must be a positive integer'],
    ['maxEntries NaN', { maxEntries: Number.NaN }, 'maxEntries', 'must be a positive integer'],
    [
      'maxEntries infinite',
      { maxEntries: Number.POSITIVE_INFINITY },
      'maxEntries',
      'must be a positive integer',
    ],
    ['maxEntries past 2^53', { maxEntries: 2 ** 53 }, 'maxEntries', 'must be a positive integer'],
    ['maxEntries a string', { maxEntries: '10' }, 'maxEntries', 'must be a positive integer'],
    ['clock a number', { clock: 1_764_000_000 }, 'clock', 'must be a function returning epoch seconds'],
    ['clock a string', { clock: 'now' }, 'clock', 'must be a function returning epoch seconds'],
  ])('%s → ConfigError on %s', (_name, options, field, message) => {
    expect(configErrorOf(() => memoryConsentStore(options as never))).toEqual({ field, message });
  });

  it.each([
    ['no options', undefined],
    ['maxEntries 1', { maxEntries: 1 }],
    ['the largest safe maxEntries', { maxEntries: Number.MAX_SAFE_INTEGER }],
    ['a clock', { clock: () => 0 }],
  ])('builds with %s', (_name, options) => {
    expect(configErrorOf(() => memoryConsentStore(options))).toBe('did not throw');
  });
});

describe('memoryConsentStore keeps each entry until its expiresAt', () => {
  it('a key never set reads as undefined', async () => {
    expect(await storeAt(100).store.get('never-set')).toBeUndefined();
  });

  it('what is set reads back, as often as asked; a second set replaces it', async () => {
    const { store } = storeAt(100);
    await store.set('k', a, 200);
    expect(await store.get('k')).toEqual(a);
    expect(await store.get('k')).toEqual(a);
    await store.set('k', b, 200);
    expect(await store.get('k')).toEqual(b);
    expect(await store.get('other')).toBeUndefined();
  });

  it('an entry is returned until the second before its expiresAt and gone from then on', async () => {
    const { store, at } = storeAt(100);
    await store.set('k', a, 105);
    at(104);
    expect(await store.get('k')).toEqual(a);
    at(105);
    expect(await store.get('k')).toBeUndefined();
    at(106);
    expect(await store.get('k')).toBeUndefined();
  });

  it.each([
    ['now', 100],
    ['in the past', 50],
    ['not a number (NaN)', Number.NaN],
  ])('an entry set with an expiresAt %s is never kept, and replaces what the key held', async (_name, expiresAt) => {
    const { store } = storeAt(100);
    await store.set('k', a, 200);
    await store.set('k', b, expiresAt);
    expect(await store.get('k')).toBeUndefined();
  });

  it('an entry that is expired when set takes no room: it evicts no live entry', async () => {
    const { store } = storeAt(100, 1);
    await store.set('live', a, 200);
    await store.set('dead', b, 100);
    await store.set('dead-too', b, 99);
    expect(await store.get('live')).toEqual(a);
  });

  it('by default expires on the system clock, in epoch seconds', async () => {
    const store = memoryConsentStore();
    const seconds = Math.floor(Date.now() / 1000);
    await store.set('fresh', a, seconds + 120);
    await store.set('stale', b, seconds - 120);
    expect(await store.get('fresh')).toEqual(a);
    expect(await store.get('stale')).toBeUndefined();
  });
});

describe('memoryConsentStore holds at most maxEntries, dropping the least recently used', () => {
  it('keeps exactly maxEntries entries', async () => {
    const { store } = storeAt(100, 3);
    await store.set('a', a, 200);
    await store.set('b', b, 200);
    await store.set('c', c, 200);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([a, b, c]);
  });

  it('past maxEntries the entry set longest ago goes first', async () => {
    const { store } = storeAt(100, 2);
    await store.set('a', a, 200);
    await store.set('b', b, 200);
    await store.set('c', c, 200);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([undefined, b, c]);
  });

  it('a read makes an entry recently used: the unread one goes', async () => {
    const { store } = storeAt(100, 2);
    await store.set('a', a, 200);
    await store.set('b', b, 200);
    expect(await store.get('a')).toEqual(a);
    await store.set('c', c, 200);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([a, undefined, c]);
  });

  it('setting a key again makes it recently used', async () => {
    const { store } = storeAt(100, 2);
    await store.set('a', a, 200);
    await store.set('b', b, 200);
    await store.set('a', c, 200);
    await store.set('c', c, 200);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).toEqual([c, undefined, c]);
  });

  it('with maxEntries 1 only the last entry set is kept', async () => {
    const { store } = storeAt(100, 1);
    await store.set('a', a, 200);
    await store.set('b', b, 200);
    expect([await store.get('a'), await store.get('b')]).toEqual([undefined, b]);
  });
});
