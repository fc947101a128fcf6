// Private: the CLI's usage error.

/**
 * A mistake in how a command was called: printed with a pointer to --help, exit 2.
 *
 * @example
 * ```ts
 * throw new UsageError('--now: give epoch seconds');
 * ```
 */
export class UsageError extends Error {}
