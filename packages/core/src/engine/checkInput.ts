import type { ViolationInput } from '../types.js';
import type { RequestInput } from './engineTypes.js';

// Private: step 0 of the pipeline. Request fields of the wrong type are the caller's mistake: deny, never guess
// (e.g. a NaN `now`).

/** A person id is 11 digits; anything much longer is refused before any pattern runs over it. */
export const MAX_PERSON = 64;
/** Request ids are kept to their first 128 characters. */
export const MAX_REQUEST_ID = 128;

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';

export function checkInput(input: RequestInput): ViolationInput[] {
  if (typeof input !== 'object' || input === null)
    return [{ code: 'input_malformed', path: '', expected: 'an object' }];
  const problems: ViolationInput[] = [];
  if (absent(input.maskinportenToken)) problems.push({ code: 'token_missing', path: 'maskinportenToken' });
  for (const field of ['maskinportenToken', 'consentToken'] as const) {
    if (!absent(input[field]) && typeof input[field] !== 'string') {
      problems.push({ code: 'input_malformed', path: field, expected: 'a string' });
    }
  }
  if (input.now !== undefined && (typeof input.now !== 'number' || !Number.isFinite(input.now))) {
    problems.push({ code: 'input_malformed', path: 'now', expected: 'epoch seconds' });
  }
  for (const field of ['person', 'requestId'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'string') {
      problems.push({ code: 'input_malformed', path: field, expected: 'a string' });
    }
  }
  if (typeof input.person === 'string' && input.person.length > MAX_PERSON) {
    problems.push({ code: 'input_malformed', path: 'person', expected: `at most ${MAX_PERSON} characters` });
  }
  return problems;
}

export const requestIdOf = (id: unknown): string | undefined =>
  typeof id === 'string' ? id.slice(0, MAX_REQUEST_ID) : undefined;

/** Bounded before anything else reads it: the verdict protects (pattern-matches) what it records. */
export const personOf = (person: unknown): string | undefined =>
  typeof person === 'string' && person !== '' ? person.slice(0, MAX_PERSON) : undefined;
