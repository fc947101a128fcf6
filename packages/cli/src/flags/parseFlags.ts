import { type ParseArgsConfig, parseArgs } from 'node:util';
import { nearest } from '@dsop-guard/core';
import { UsageError } from './usageError.js';

// Private: strict flag parsing for the CLI's commands.

type Options = NonNullable<ParseArgsConfig['options']>;
type Strict<O extends Options> = {
  args: string[];
  options: O;
  strict: true;
  tokens: true;
  allowPositionals: boolean;
};

/** What {@link parseFlags} gives: the flags' values and the positionals. */
export interface ParsedFlags<O extends Options> {
  readonly values: ReturnType<typeof parseArgs<Strict<O>>>['values'];
  readonly positionals: readonly string[];
}

/** Every single-valued flag given more than once, by name. */
function repeated(tokens: readonly { kind: string; name?: string }[], options: Options): string[] {
  const seen = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue;
    seen.set(token.name, (seen.get(token.name) ?? 0) + 1);
  }
  return [...seen].filter(([name, n]) => n > 1 && options[name]?.multiple !== true).map(([name]) => name);
}

/** Node's "Unknown option '--persn'. …" as "unknown option --persn; did you mean --person?" (the nearest flag). */
function withSuggestion(message: string, options: Options): string {
  const unknown = /^Unknown option '--?([^'=]+)'/.exec(message)?.[1];
  if (unknown === undefined) return message;
  const near = nearest(unknown, Object.keys(options));
  return `unknown option --${unknown}${near === undefined ? '' : `; did you mean --${near}?`}`;
}

function strictParse<const O extends Options>(argv: readonly string[], options: O, positionals: boolean) {
  return parseArgs<Strict<O>>({
    args: [...argv],
    options,
    strict: true,
    allowPositionals: positionals,
    tokens: true,
  });
}

/**
 * `parseArgs` in strict mode, where a single-valued flag given twice (`--person a --person b`) is a usage error
 * instead of the last one silently winning, and every parse error is a {@link UsageError} (a stray argument is
 * not quoted back: it may be a token).
 *
 * @example
 * ```ts
 * const { values } = parseFlags(['--person', '01085301957'], { person: { type: 'string' } });
 * values.person; // '01085301957'
 * ```
 */
export function parseFlags<const O extends Options>(
  argv: readonly string[],
  options: O,
  positionals = false,
): ParsedFlags<O> {
  let parsed: ReturnType<typeof strictParse<O>>;
  try {
    parsed = strictParse(argv, options, positionals);
  } catch (e) {
    // Node's message quotes the stray argument, which may be a token pasted without its flag: never echo it.
    if ((e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError('this command takes no positional arguments: is a value missing its flag?');
    throw new UsageError(withSuggestion((e as Error).message, options));
  }
  const twice = repeated(parsed.tokens, options);
  if (twice.length > 0) throw new UsageError(`--${twice[0]} is given more than once: give it once`);
  return { values: parsed.values, positionals: parsed.positionals };
}
