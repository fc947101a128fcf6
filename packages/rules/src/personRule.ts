import { fail, pass } from '@dsop-guard/core';
import { type PersonIdKind, parsePersonId, personIdFromFacts } from './identifiers/index.js';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link personRule}; passed to `parsePersonId`.
 *
 * @example
 * ```ts
 * const testEnvironment: PersonRuleOptions = { allow: ['fnr', 'dnr', 'tenor', 'dolly'] };
 * ```
 */
export interface PersonRuleOptions extends RuleBaseOptions {
  /**
   * `'legacy'`: only the classic first check digit; `'legacy+2032'`: also the check digits of numbers issued
   * from 1 January 2032.
   * @defaultValue `'legacy+2032'`
   */
  readonly checksum?: 'legacy' | 'legacy+2032';
  /**
   * Accepted kinds of person id. Test environments use synthetic numbers: add `'tenor'` (month + 80) and
   * `'dolly'` (month + 40) there.
   * @defaultValue `['fnr', 'dnr']`
   */
  readonly allow?: readonly PersonIdKind[];
}

/**
 * The request must be about the person who consented: `claims.request.person` present (`person_missing`),
 * a valid person id under the checksum options (`person_invalid`, with the parse failure reason as fact), and
 * equal to the consent's `offeredBy` (`person_mismatch`). No consent gives `consent_missing`. Facts never
 * carry the number itself. Default id `person`.
 *
 * @example
 * ```ts
 * import { personRule } from '@dsop-guard/rules';
 *
 * const rule = personRule({ allow: ['fnr', 'dnr', 'tenor', 'dolly'] }); // TT02 test persons too
 * ```
 */
export const personRule = builtinRule({
  name: 'person',
  summary:
    "The request's person is a valid fødselsnummer / D-nummer and equals the consent's `OfferedBy` / `from`.",
  codes: ['person_missing', 'person_invalid', 'consent_missing', 'person_mismatch'],
  reads: { 'request.person': 'text', 'consent.offeredBy': 'text' },
  options: {
    checksum: {
      description: '`legacy`, or `legacy+2032` to also accept the check digits of numbers issued from 2032.',
      default: 'legacy+2032',
      enum: ['legacy', 'legacy+2032'],
    },
    allow: {
      description: 'Accepted kinds: `fnr`, `dnr`, `hnr`, `tenor` (month + 80), `dolly` (month + 40).',
      default: ['fnr', 'dnr'],
      type: 'array',
      items: { enum: ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] },
      minItems: 1,
      maxItems: 64,
    },
  },
  resolve: (o: PersonRuleOptions) => ({
    checksum: o.checksum ?? 'legacy+2032',
    allow: o.allow ?? (['fnr', 'dnr'] as const),
  }),
  check: (options) => (claims, context) => {
    const person = claims.request.person;
    if (person === undefined) return fail({ code: 'person_missing', path: 'request.person' });
    // In a policy replay the number is a pseudonym: the facts recorded about its clear value stand in for it.
    const facts = context.personFacts?.(person);
    const parsed = facts === undefined ? parsePersonId(person, options) : personIdFromFacts(facts, options);
    if (!parsed.valid) return fail({ code: 'person_invalid', path: 'request.person', actual: parsed.reason });
    if (claims.consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
    return claims.consent.offeredBy === person
      ? pass()
      : fail({ code: 'person_mismatch', path: 'consent.offeredBy' });
  },
});
