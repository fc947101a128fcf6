import { protectMessage } from '../io/protectMessage.js';

// Private: the CLI's usage error.

/**
 * A mistake in how a command was called: printed with a pointer to --help, exit 2. The message is protected
 * when the error is made (person numbers masked, tokens `[token]`: see protectMessage), whatever it quotes;
 * quote a value with `quote`, which also cuts it short.
 *
 * @example
 * ```ts
 * throw new UsageError(`--now: give epoch seconds (got ${quote(text)})`);
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(protectMessage(message));
  }
}
