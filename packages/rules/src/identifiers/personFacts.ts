import type { PersonFacts } from '@dsop-guard/core';
import { type PersonIdKind, parsePersonId } from './parsePersonId.js';

const EVERY_KIND: readonly PersonIdKind[] = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'];

/**
 * Facts about a person number recorded beside its pseudonym: every kind it reads as, its checksum rule, and why
 * it is not valid. The checksum is recorded whenever the check digits hold, also for a number whose date then
 * fails, so that a policy replay can tell how the number reads under any `personRule` options
 * (`personIdFromFacts`). The adapters and the CLI record these; a tool that writes decision records of its own
 * passes it to `AuditTrail.record` as `personFacts`.
 *
 * @example
 * ```ts
 * personFacts('01085301957'); // { valid: true, kinds: ['fnr'], checksum: 'legacy', reason: null }
 * ```
 */
export function personFacts(clear: string): PersonFacts {
  const all = parsePersonId(clear, { allow: EVERY_KIND });
  if (all.valid) return { valid: true, kinds: all.kinds, checksum: all.checksum, reason: null };
  if (all.reason !== 'date') return { valid: false, kinds: [], checksum: null, reason: all.reason };
  const legacy = parsePersonId(clear, { allow: EVERY_KIND, checksum: 'legacy' });
  const checksum = legacy.valid === false && legacy.reason === 'checksum' ? '2032' : 'legacy';
  return { valid: false, kinds: [], checksum, reason: 'date' };
}
