// Private: a key set from a pasted JWKS, or one that has no keys, with a note saying why.

import { err, type KeySet, localKeySet } from '@dsop-guard/core';

const noKeys = (issuer: string): KeySet => ({ issuer, resolve: async () => err('keys_unavailable') });

/** `jwks` is the parsed text: `undefined` when none was pasted, `null` when it was not JSON. */
export function createPastedKeySet(
  issuer: string,
  jwks: unknown,
  matchX5t: boolean,
  notes: string[],
  what: string,
): KeySet {
  if (jwks === undefined) {
    notes.push(`No ${what} JWKS: its token's signature is unverified (keys_unavailable).`);
    return noKeys(issuer);
  }
  try {
    return localKeySet({ issuer, jwks, matchX5t });
  } catch (e) {
    notes.push(
      `The ${what} JWKS is not usable (${jwks === null ? 'not JSON' : (e as Error).message}): its token's signature is unverified.`,
    );
    return noKeys(issuer);
  }
}
