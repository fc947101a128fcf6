import type { GuardInput } from './guardTypes.js';

// Private to the package.

/** Whether a token's first or last character may be whitespace (as `trim` knows it) or a double quote. */
function mayNeedTrim(token: string): boolean {
  const first = token.charCodeAt(0);
  const last = token.charCodeAt(token.length - 1);
  // Everything `trim` removes is at most U+0020 or beyond ASCII; '"' is U+0022.
  return !(first > 0x22 && first < 0x7f && last > 0x22 && last < 0x7f);
}

/** Strips whitespace and the double quotes Altinn sometimes wraps a consent token in. */
function unquote(token: string): string {
  if (!mayNeedTrim(token)) return token;
  const trimmed = token.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/**
 * The input with its consent token unquoted, or the input itself. The engine checks every input field itself
 * and never rejects; the guard only unquotes the consent token.
 */
export function unquoteConsent(input: GuardInput): GuardInput {
  try {
    const consentToken = typeof input === 'object' && input !== null ? input.consentToken : undefined;
    if (typeof consentToken === 'string') {
      const unquoted = unquote(consentToken);
      if (unquoted !== consentToken) return { ...input, consentToken: unquoted };
    }
  } catch {
    // A throwing getter or Proxy: the engine reads the input under its own guard and denies it.
  }
  return input;
}
