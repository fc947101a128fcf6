import { protectPersonalData } from '@dsop-guard/core';

// Private: what the CLI may print of what it was given. Every message goes through here (UsageError, the error
// handler of dispatch, the status lines of the commands), so that no command can forget it.

const masked = protectPersonalData({ mode: 'mask' });

/** 32 or more base64url (or base64) characters in a row: an opaque token or a key, when it mixes letters and digits. */
const LONG_RUN = /[A-Za-z0-9_+=-]{32,}/g;
/** Control characters (a newline and a tab are kept): a value could move the cursor or recolour the terminal. */
const CONTROL = /\p{Cc}/gu;

const printable = (c: string): string => (c === '\n' || c === '\t' ? c : '?');

function secretLike(run: string): string {
  return /[0-9]/.test(run) && /[A-Za-z]/.test(run) ? '[token]' : run;
}

/**
 * `text` as the CLI may print it: person numbers masked as in verdicts (`*********57`), anything shaped like a
 * JWT `[token]` (as in verdicts), and so is a run of 32 or more base64url characters with letters and digits (an
 * opaque token, a key); control characters become `?`. Idempotent.
 *
 * @example
 * ```ts
 * protectMessage('cannot read eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln: ENOENT'); // 'cannot read [token]: ENOENT'
 * protectMessage('unknown command "01085301957"'); // 'unknown command "*********57"'
 * ```
 */
export function protectMessage(text: string): string {
  return masked(text).replace(LONG_RUN, secretLike).replace(CONTROL, printable);
}
