import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Pins private jwt/ helpers on purpose: the fast member count and the slow scan must agree on every text.
import { findDuplicateMember } from '../../packages/core/src/jwt/findDuplicateMember.js';
import { membersAreUnique } from '../../packages/core/src/jwt/membersAreUnique.js';
import { parseCompact } from '../../packages/core/src/jwt/parseCompact.js';
import { fcOptions, propertyTimeout } from '../arbitraries/index.js';

// The strict parser answers "no repeated member name" by counting (membersAreUnique) and names a repeat by
// scanning (findDuplicateMember). Law: both agree with the document's own structure on generated JSON texts
// written every way JSON allows: whitespace anywhere between tokens, names escaped (\uXXXX, \", \\), strings
// holding colons, quotes and backslash runs, repeats at any depth and only after unescaping.

type Doc =
  | { readonly object: readonly (readonly [string, Doc])[] }
  | { readonly array: readonly Doc[] }
  | null;

// Few names, so that repeats are common; each holds something a naive count would trip over.
const NAME = fc.constantFrom('a', 'b', ':', '":', '\\', 'a\\', '\\"', ' :', 'x:y', '');
const SPACE = fc.constantFrom('', ' ', '\n', '\t ', '\r\n');

const { doc } = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.record({ object: fc.array(fc.tuple(NAME, tie('doc')), { maxLength: 4 }) }),
    fc.record({ array: fc.array(tie('doc'), { maxLength: 3 }) }),
  ),
}));

/** A repeated name in some object of the document (names compared as the strings they are). */
function repeats(d: Doc): boolean {
  if (d === null) return false;
  if ('array' in d) return d.array.some(repeats);
  const names = d.object.map(([name]) => name);
  return new Set(names).size !== names.length || d.object.some(([, v]) => repeats(v));
}

/** A JSON string for `s`, every character escaped as \uXXXX when `escaped` says so. */
function quoted(s: string, escaped: boolean): string {
  if (!escaped) return JSON.stringify(s);
  return `"${[...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

/** The document as JSON text, with whitespace and escapes drawn from `choices`. */
function write(d: Doc, choices: () => { space: string; escape: boolean }): string {
  const sp = () => choices().space;
  if (d === null) return `${sp()}${choices().escape ? '":\\"\\\\:"' : 'null'}${sp()}`;
  if ('array' in d) return `${sp()}[${d.array.map((v) => write(v, choices)).join(',')}]${sp()}`;
  const members = d.object.map(
    ([name, v]) => `${sp()}${quoted(name, choices().escape)}${sp()}:${write(v, choices)}`,
  );
  return `${sp()}{${members.join(',')}${sp()}}${sp()}`;
}

describe('the strict parser counts members to find a repeated name', () => {
  it(
    'membersAreUnique and findDuplicateMember agree with the document on every way of writing it',
    { timeout: propertyTimeout(10) },
    async () => {
      await fc.assert(
        fc.property(doc, fc.infiniteStream(fc.record({ space: SPACE, escape: fc.boolean() })), (d, s) => {
          const text = write(d, () => s.next().value as { space: string; escape: boolean });
          const value: unknown = JSON.parse(text);
          expect(membersAreUnique(text, value)).toBe(!repeats(d));
          expect(findDuplicateMember(text) === undefined).toBe(!repeats(d));
        }),
        fcOptions(),
      );
    },
  );

  it('a token whose header or payload repeats a name only after unescaping is refused, the name reported', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const header = b64('{"alg":"RS256","kid":"k","\\u006bid":"other"}');
    expect(parseCompact(`${header}.${b64('{}')}.AA`, 'mp')._unsafeUnwrapErr()).toEqual({
      code: 'token_duplicate_member',
      path: 'mp.header',
      actual: 'kid',
    });
    const payload = b64('{"a":{"x":":\\"","y":1} , "a" :":"}');
    expect(parseCompact(`${b64('{"alg":"RS256"}')}.${payload}.AA`, 'mp')._unsafeUnwrapErr()).toEqual({
      code: 'token_duplicate_member',
      path: 'mp.payload',
      actual: 'a',
    });
  });
});
