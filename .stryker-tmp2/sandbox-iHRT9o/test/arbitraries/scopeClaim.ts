// @ts-nocheck
import fc from 'fast-check';

/** The Lånekassen saldo scope (reference.md §1.5). */
export const SALDO_SCOPE = 'lanekassen:lan/v1/saldoopplysninger';

/** A generated `scope` claim and whether it grants `required` as a member (RFC 6749: space-separated tokens). */
export interface GeneratedScope {
  readonly value: unknown;
  /** Whether it is a string in RFC 6749 §3.3's grammar (printable ASCII tokens, single spaces between). */
  readonly grammatical: boolean;
  /** Whether it is grammatical and holds `required` as a token. */
  readonly grants: boolean;
  /** What was done to it, for failure messages. */
  readonly shape: string;
}

/** Scopes that look like `required` but are not it: a longer scope sharing the prefix, a prefix, other case. */
export function decoyScopes(required: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    `${required}x`,
    `${required}.write`,
    `${required}/admin`,
    required.slice(0, -1),
    required.toUpperCase(),
    `x${required}`,
    `${required}:`,
    required.replace(':', '::'),
    'altinn:consentrequests.read',
    'altinn:consenttokens',
    'skatteetaten:inntekt',
  );
}

/** Separators: the one RFC 6749 allows, and ASCII whitespace it does not (the strict profile refuses those). */
const ASCII_SEPARATORS = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', ' \t '] as const;
/** Unicode spaces that JavaScript's `\s` treats as whitespace but RFC 6749 scope syntax does not allow at all. */
export const UNICODE_SPACES = ['\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028'] as const;

/**
 * A `scope` claim built around `required`: a separated list that does or does not contain it, with decoys (a
 * longer scope sharing a prefix, a prefix, other case), and sometimes extra or odd ASCII whitespace, leading
 * or trailing separators; or a non-string (an array of scopes, a number, null). `grammatical` says whether it
 * follows RFC 6749 §3.3 (single spaces only); `grants` whether it is grammatical and holds `required`. Scopes
 * glued to `required` with a Unicode space (`required\u00a0other`) are outside the grammar.
 *
 * @example
 * ```ts
 * fc.property(scopeClaim(SALDO_SCOPE), (s) => typeof s.value !== 'string' || s.grants === s.value.split(/[ \t\r\n]+/).includes(SALDO_SCOPE));
 * ```
 */
export function scopeClaim(required: string): fc.Arbitrary<GeneratedScope> {
  const list = fc
    .record({
      decoys: fc.array(decoyScopes(required), { maxLength: 4 }),
      include: fc.boolean(),
      at: fc.nat(),
      sep: fc.constantFrom(...ASCII_SEPARATORS),
      lead: fc.constantFrom('', ' ', '\t'),
      trail: fc.constantFrom('', ' ', '\n'),
    })
    .filter(({ decoys, include }) => include || decoys.length > 0)
    .map(({ decoys, include, at, sep, lead, trail }) => {
      const items = [...decoys];
      if (include) items.splice(at % (items.length + 1), 0, required);
      const grammatical = lead === '' && trail === '' && (items.length === 1 || sep === ' ');
      return {
        value: `${lead}${items.join(sep)}${trail}`,
        grammatical,
        grants: include && grammatical,
        shape: `${include ? 'list+required' : 'decoys-only'}${grammatical ? '' : ', off-grammar'}`,
      };
    });
  const glued = fc
    .tuple(fc.constantFrom(...UNICODE_SPACES), decoyScopes(required), fc.boolean())
    .map(([space, other, before]) => ({
      value: before ? `${other}${space}${required}` : `${required}${space}${other}`,
      grammatical: false,
      grants: false,
      shape: 'unicode-space-glued',
    }));
  const nonString = fc
    .oneof(
      fc.constant([required]),
      fc.constant([required, 'other']),
      fc.constant(null),
      fc.constant(42),
      fc.constant({ scope: required }),
    )
    .map((value) => ({ value, grammatical: false, grants: false, shape: 'not-a-string' }));
  return fc.oneof(
    { weight: 6, arbitrary: list },
    { weight: 1, arbitrary: glued },
    { weight: 1, arbitrary: nonString },
  );
}

/** A scope claim that grants `required` (for valid requests): `required` alone or among decoys. */
export function grantingScope(required: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(required),
    scopeClaim(required)
      .filter((s) => s.grants && typeof s.value === 'string')
      .map((s) => s.value as string),
  );
}
