// @ts-nocheck
import type { PersonFacts } from '@dsop-guard/core';
import type { PersonIdKind, PersonIdOptions, PersonIdResult } from './parsePersonId.js';

const KIND_ORDER: readonly PersonIdKind[] = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'];
const DEFAULT_ALLOW: readonly PersonIdKind[] = ['fnr', 'dnr'];
const REASONS = new Set(['not_string', 'not_eleven_digits', 'checksum', 'date', 'kind_not_allowed']);

/**
 * The readings recorded facts stand for, as `parsePersonId` forms them: a D-nummer that is also Tenor or Dolly
 * is one reading that needs both kinds; month + 40 is two readings (`hnr` or `dolly`); the rest are one kind.
 */
function readings(kinds: readonly PersonIdKind[]): readonly (readonly PersonIdKind[])[] {
  return kinds.includes('dnr') ? [kinds] : kinds.map((k) => [k]);
}

/**
 * What `parsePersonId(value, options)` says about a person number, from the facts recorded about it when its
 * clear value was at hand (`PersonFacts`: every kind it reads as, its checksum rule, why it is not valid), so
 * that a rule can judge a pseudonymised number in a decision record as it judged the clear one. The facts are
 * those the adapters record (parsed with every kind allowed and the `legacy+2032` checksum); the options narrow
 * them. Facts that do not have that shape give `{ valid: false, reason: 'not_string' }`. Never throws.
 *
 * @example
 * ```ts
 * const facts: PersonFacts = { valid: true, kinds: ['fnr'], checksum: '2032', reason: null };
 * personIdFromFacts(facts); // { valid: true, kind: 'fnr', kinds: ['fnr'], checksum: '2032' }
 * personIdFromFacts(facts, { checksum: 'legacy' }); // { valid: false, reason: 'checksum' }
 * ```
 */
export function personIdFromFacts(facts: PersonFacts, options: PersonIdOptions = {}): PersonIdResult {
  const legacyOnly = options.checksum === 'legacy';
  if (typeof facts !== 'object' || facts === null) return { valid: false, reason: 'not_string' };
  if (!facts.valid) {
    const reason = REASONS.has(facts.reason ?? '') ? (facts.reason as string) : 'not_string';
    // A date that fails after only the 2032 check digits held fails at the checksum under `legacy`.
    if (reason === 'date' && legacyOnly && facts.checksum === '2032')
      return { valid: false, reason: 'checksum' };
    return { valid: false, reason: reason as Exclude<PersonIdResult, { valid: true }>['reason'] };
  }
  const checksum = facts.checksum;
  if (checksum !== 'legacy' && checksum !== '2032') return { valid: false, reason: 'not_string' };
  if (checksum === '2032' && legacyOnly) return { valid: false, reason: 'checksum' };
  const recorded = KIND_ORDER.filter((k) => facts.kinds.includes(k));
  if (recorded.length === 0) return { valid: false, reason: 'not_string' };
  const allow = options.allow ?? DEFAULT_ALLOW;
  const accepted = readings(recorded).filter((reading) => reading.every((k) => allow.includes(k)));
  const kinds = KIND_ORDER.filter((k) => accepted.some((reading) => reading.includes(k)));
  const kind = kinds[0];
  if (kind === undefined) return { valid: false, reason: 'kind_not_allowed' };
  return { valid: true, kind, kinds, checksum };
}
