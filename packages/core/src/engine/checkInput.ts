import { isPlausibleNow, PLAUSIBLE_NOW } from '../plausibleNow.js';
import type { ViolationInput } from '../types.js';
import type { RequestInput } from './engineTypes.js';

// Private: step 0 of the pipeline. Request fields of the wrong type are the caller's mistake: deny, never guess
// (e.g. a NaN `now`, or one that is no time at all: 0, an uptime, milliseconds).

/** A person id is 11 digits; anything much longer is refused before any pattern runs over it. */
export const MAX_PERSON = 64;
/** Request ids are kept to their first 128 characters. */
export const MAX_REQUEST_ID = 128;

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';

/** No problems: one frozen empty list for every input that has none. */
const NONE: readonly ViolationInput[] = Object.freeze([]);

/** A string field that is absent or a string; `null` and `''` count as absent where `absent` says so. */
const stringOrAbsent = (value: unknown, orAbsent: boolean): boolean =>
  typeof value === 'string' || value === undefined || (orAbsent && absent(value));

export function checkInput(input: RequestInput): readonly ViolationInput[] {
  if (typeof input !== 'object' || input === null)
    return [{ code: 'input_malformed', path: '', expected: 'an object' }];
  const { maskinportenToken, consentToken, now, person, requestId } = input;
  // The common case, every field as it should be, answered without a list.
  if (
    typeof maskinportenToken === 'string' &&
    maskinportenToken !== '' &&
    stringOrAbsent(consentToken, true) &&
    (now === undefined || isPlausibleNow(now)) &&
    stringOrAbsent(requestId, false) &&
    (person === undefined || (typeof person === 'string' && person.length <= MAX_PERSON))
  )
    return NONE;
  const problems: ViolationInput[] = [];
  if (absent(maskinportenToken)) problems.push({ code: 'token_missing', path: 'maskinportenToken' });
  if (!stringOrAbsent(maskinportenToken, true))
    problems.push({ code: 'input_malformed', path: 'maskinportenToken', expected: 'a string' });
  if (!stringOrAbsent(consentToken, true))
    problems.push({ code: 'input_malformed', path: 'consentToken', expected: 'a string' });
  if (now !== undefined && !isPlausibleNow(now)) {
    problems.push({ code: 'input_malformed', path: 'now', expected: PLAUSIBLE_NOW });
  }
  if (!stringOrAbsent(person, false))
    problems.push({ code: 'input_malformed', path: 'person', expected: 'a string' });
  if (!stringOrAbsent(requestId, false))
    problems.push({ code: 'input_malformed', path: 'requestId', expected: 'a string' });
  if (typeof person === 'string' && person.length > MAX_PERSON) {
    problems.push({ code: 'input_malformed', path: 'person', expected: `at most ${MAX_PERSON} characters` });
  }
  return problems;
}

export const requestIdOf = (id: unknown): string | undefined =>
  typeof id === 'string' ? id.slice(0, MAX_REQUEST_ID) : undefined;

/** Bounded before anything else reads it: the verdict protects (pattern-matches) what it records. */
export const personOf = (person: unknown): string | undefined =>
  typeof person === 'string' && person !== '' ? person.slice(0, MAX_PERSON) : undefined;
