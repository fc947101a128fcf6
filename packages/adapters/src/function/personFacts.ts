import type { PersonFacts } from '@dsop-guard/core';
import { parsePersonId } from '@dsop-guard/rules';

// Private to the package: what the guards and the CLI record about a person number beside its pseudonym.

/** Facts about a person number recorded beside its pseudonym: every kind it reads as, and its checksum. */
export function personFacts(clear: string): PersonFacts {
  const all = parsePersonId(clear, { allow: ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] });
  return all.valid
    ? { valid: true, kinds: all.kinds, checksum: all.checksum, reason: null }
    : { valid: false, kinds: [], checksum: null, reason: all.reason };
}
