// Private: what the inspector page judges, as plain text from its form (read by ../form/readForm.ts). DOM-free,
// so that judging is checked with the rest of the repository.

import type { Environment } from '@dsop-guard/rules';

/** The form's fields when Inspect is pressed: text as typed, but the two choices and the time. */
export interface JudgeInputs {
  readonly presetName: string;
  readonly environment: Environment;
  /** Epoch seconds: the form's Now, or the clock's when that is not a number. */
  readonly now: number;
  readonly altinn3Resource: string;
  readonly jwks: string;
  readonly consentJwks: string;
  readonly headers: string;
  readonly maskinporten: string;
  readonly consent: string;
  readonly person: string;
}

/** A policy file the user loaded in place of a preset. */
export interface PolicyFileText {
  readonly text: string;
  readonly name: string;
}
