import { all, defineRule, definePolicy, pass } from '@dsop-guard/core';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

// The policy fingerprint an auditor compares: sha256 over a canonical JSON text that depends on what the
// policy decides by (ids, kinds, modes, options), never on how its objects happened to be written.

const rule = (options: unknown) => defineRule({ id: 'r', kind: 'scope', options, check: () => pass() });
const canonicalOf = (options: unknown) =>
  definePolicy({ id: 'p', version: '1', rule: all([rule(options)]) }).canonical;

describe('definePolicy: canonical JSON and fingerprint', () => {
  it('writes keys sorted at every depth, arrays in order, undefined members left out', () => {
    const options = { b: [3, { z: 1, a: null }], a: 'x', c: undefined, d: { y: true, x: [] }, aa: -1.5 };
    expect(canonicalOf(options)).toBe(
      '{"id":"p","rule":{"children":[{"id":"r","kind":"scope","mode":"enforce","options":' +
        '{"a":"x","aa":-1.5,"b":[3,{"a":null,"z":1}],"d":{"x":[],"y":true}}}],"id":"all(r)","kind":"all","mode":"enforce"},' +
        '"version":"1"}',
    );
  });

  it('the sha256 is the hex digest of the canonical text', () => {
    const policy = definePolicy({ id: 'p', version: '1', rule: all([rule({ scopes: ['a'] })]) });
    expect(policy.sha256).toBe(createHash('sha256').update(policy.canonical).digest('hex'));
    expect([policy.id, policy.version]).toEqual(['p', '1']);
  });

  it('key order does not change the fingerprint; a value, an array order or the version does', () => {
    const base = canonicalOf({ a: 1, b: { c: 2, d: 3 } });
    expect(canonicalOf({ b: { d: 3, c: 2 }, a: 1 })).toBe(base);
    expect(canonicalOf({ a: 1, b: { c: 2, d: 4 } })).not.toBe(base);
    expect(canonicalOf(['x', 'y'])).not.toBe(canonicalOf(['y', 'x']));
    const v2 = definePolicy({ id: 'p', version: '2', rule: all([rule({ a: 1, b: { c: 2, d: 3 } })]) });
    expect(v2.canonical).not.toBe(base);
  });

  it('keys that differ only by case or by prefix sort by code unit', () => {
    expect(canonicalOf({ b: 1, B: 2, ba: 3, a: 4 })).toContain('"options":{"B":2,"a":4,"b":1,"ba":3}');
  });

  it('an option that JSON cannot write (a function) is written as null', () => {
    expect(canonicalOf({ f: () => 1 })).toContain('"options":{"f":null}');
  });
});
