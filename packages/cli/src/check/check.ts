import { open } from 'node:fs/promises';
import { createGuard, type Guard } from '@dsop-guard/adapters';
import type { CodeDeclarations, GuardEvent, Verdict } from '@dsop-guard/core';
import { explain } from '@dsop-guard/rules';
import { buildGuardOptions, guardFlagOptions } from '../flags/guardFlags.js';
import { type ParsedFlags, parseFlags } from '../flags/parseFlags.js';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';
import { protectMessage } from '../io/protectMessage.js';
import { readCapped } from '../io/readCapped.js';
import { readToken } from '../io/readToken.js';
import { checkHelp } from './checkHelp.js';

// Private: the `check` command.

export { UsageError } from '../flags/usageError.js'; // audit.ts imports it from here

const options = {
  ...guardFlagOptions,
  now: { type: 'string' },
  'maskinporten-token': { type: 'string' },
  'maskinporten-token-file': { type: 'string' },
  'consent-token': { type: 'string' },
  'consent-token-file': { type: 'string' },
  person: { type: 'string' },
  'request-id': { type: 'string' },
  batch: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ParsedFlags<typeof options>['values'];

const BATCH_FIELDS = new Set(['id', 'maskinportenToken', 'consentToken', 'person', 'requestId', 'now']);

function parseNow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text))
    throw new UsageError(`--now: give epoch seconds, e.g. --now 1764000000 (got ${quote(text)})`);
  return Number(text);
}

type Format = (verdict: Verdict, id?: string | null) => string;

/**
 * `--format json|text` and `--lang en|nb`: JSON (the default), or `explain` from @dsop-guard/rules with the
 * messages of the policy's custom codes. Checks the flags at once; the formatters come once the policy is known.
 */
function formatOf(flags: Flags): (codes: CodeDeclarations) => { format: Format; batch: Format } {
  const format = flags.format ?? 'json';
  if (format !== 'json' && format !== 'text') throw new UsageError('--format: give json or text');
  const language = flags.lang ?? 'en';
  if (language !== 'en' && language !== 'nb') throw new UsageError('--lang: give en or nb');
  if (flags.lang !== undefined && format !== 'text') throw new UsageError('--lang goes with --format text');
  if (format === 'text') {
    return (codes) => {
      const text = (v: Verdict) => explain(v, { language, codes }).trimEnd();
      return { format: text, batch: (v, id) => `${id ?? '-'}: ${text(v)}` };
    };
  }
  return () => ({
    format: (v) => JSON.stringify(v, null, 2),
    batch: (v, id) => JSON.stringify({ id, ...v }),
  });
}

/**
 * An operator event on standard error, one line: a failed key fetch as `keys.refresh_failed <stage> <url>: <cause>`
 * with the issuer and the proxy; any other warning as its type and fields. Events carry no token and no person.
 */
function tell(event: GuardEvent): void {
  if (event.level === 'info') return;
  const line =
    event.type === 'keys.refresh_failed'
      ? `keys.refresh_failed ${event.reason} (issuer ${event.issuer}${event.proxy === undefined ? ', direct' : `, via proxy ${event.proxy}`})`
      : `${event.type} ${JSON.stringify(event)}`;
  process.stderr.write(`dsop-guard check: ${protectMessage(line)}\n`);
}

async function write(line: string): Promise<void> {
  if (!process.stdout.write(`${line}\n`))
    await new Promise((resolve) => process.stdout.once('drain', resolve));
}

async function batch(guard: Guard, source: string, now: number | undefined, format: Format): Promise<number> {
  let input: AsyncIterable<Buffer> = process.stdin;
  if (source !== '-') {
    const file = await open(source).catch((e: Error) => {
      throw new UsageError(
        `--batch: cannot read ${quote(source)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`,
      );
    });
    input = file.createReadStream();
  }
  let denied = false;
  let n = 0;
  for await (const text of readCapped(input, '--batch')) {
    n += 1;
    if (text.trim() === '') continue;
    let line: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        line = parsed as Record<string, unknown>;
    } catch {
      line = undefined;
    }
    const id = typeof line?.['id'] === 'string' ? line['id'] : null;
    const bad =
      line === undefined
        ? `line ${n}`
        : id === null
          ? 'id'
          : Object.keys(line).find((k) => !BATCH_FIELDS.has(k));
    const verdict =
      bad !== undefined
        ? await guard.deny(
            { code: 'input_malformed', ruleId: 'cli.batch', path: bad },
            now === undefined ? {} : { now },
          )
        : await guard.check({
            maskinportenToken: line?.['maskinportenToken'],
            consentToken: line?.['consentToken'],
            person: line?.['person'],
            requestId: line?.['requestId'],
            now: line?.['now'] ?? now,
          });
    denied ||= verdict.decision === 'deny';
    await write(format(verdict, id));
  }
  return denied ? 1 : 0;
}

const REQUEST_FLAGS = [
  'maskinporten-token',
  'maskinporten-token-file',
  'consent-token',
  'consent-token-file',
  'person',
  'request-id',
] as const;

/** One request or a batch, not both; a token from argv or from a file, not both; standard input read once. */
function checkRequestFlags(flags: Flags): void {
  const given = REQUEST_FLAGS.filter((f) => flags[f] !== undefined);
  if (flags.batch !== undefined && given.length > 0) {
    throw new UsageError(`--batch reads requests from the file: drop --${given.join(', --')}`);
  }
  if (flags.batch === undefined && given.length === 0) {
    throw new UsageError(
      'give the request (--maskinporten-token-file, --consent-token-file, --person) or --batch <file|->',
    );
  }
  for (const token of ['maskinporten-token', 'consent-token'] as const) {
    if (flags[token] !== undefined && flags[`${token}-file`] !== undefined)
      throw new UsageError(`give --${token} or --${token}-file, not both`);
  }
  const fromStdin = [flags['maskinporten-token-file'], flags['consent-token-file'], flags.batch];
  if (fromStdin.filter((f) => f === '-').length > 1)
    throw new UsageError('only one of --maskinporten-token-file, --consent-token-file and --batch can be -');
}

/** The one request's tokens: from argv, or read from their files (or standard input). */
async function readTokens(flags: Flags): Promise<{ maskinportenToken?: string; consentToken?: string }> {
  const read = async (token: 'maskinporten-token' | 'consent-token') => {
    const file = flags[`${token}-file`];
    return file === undefined ? flags[token] : readToken(`--${token}-file`, file);
  };
  const [maskinportenToken, consentToken] = [await read('maskinporten-token'), await read('consent-token')];
  return {
    ...(maskinportenToken === undefined ? {} : { maskinportenToken }),
    ...(consentToken === undefined ? {} : { consentToken }),
  };
}

/** Runs `dsop-guard check`; resolves to the exit status. */
export async function check(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, options).values;
  if (flags.help === true) {
    process.stdout.write(checkHelp);
    return 0;
  }
  const now = parseNow(flags.now);
  const formats = formatOf(flags);
  checkRequestFlags(flags);
  const tokens = flags.batch === undefined ? await readTokens(flags) : {};
  const built = await buildGuardOptions(flags, { oneShot: true, onEvent: tell });
  const close = built.close;
  if (flags.audit !== undefined)
    for (const note of built.notes) process.stderr.write(`dsop-guard check: ${protectMessage(note)}\n`);
  let guard: Guard;
  try {
    guard = createGuard(built.options);
  } catch (e) {
    await close();
    throw e;
  }
  const { format, batch: batchFormat } = formats(guard.policy.codes);
  try {
    if (flags.batch !== undefined) return await batch(guard, flags.batch, now, batchFormat);
    const verdict = await guard.check({
      ...tokens,
      person: flags.person,
      requestId: flags['request-id'],
      now,
    });
    await write(format(verdict));
    return verdict.decision === 'allow' ? 0 : 1;
  } finally {
    await close();
  }
}
