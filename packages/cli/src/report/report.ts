import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createReportAggregator, type ReportAggregator } from '@dsop-guard/report';
import { integrityFlagOptions, readIntegrityOptions } from '../flags/integrityFlags.js';
import { parseFlags } from '../flags/parseFlags.js';
import { policyFlagOptions, policyFromFlags } from '../flags/policyFlags.js';
import { quote } from '../flags/quote.js';
import { readerFlagOptions, readerLimits } from '../flags/readerFlags.js';
import { UsageError } from '../flags/usageError.js';
import type { LogInput } from '../io/openLogs.js';
import { orderRotated } from '../io/orderRotated.js';
import { protectMessage } from '../io/protectMessage.js';
import { readLines } from '../io/readLines.js';
import { writeReportFamily } from '../io/writeReportFamily.js';
import { reportHelp } from './reportHelp.js';

// Private: the `report` command.

const options = {
  out: { type: 'string' },
  'consent-expiry-days': { type: 'string' },
  top: { type: 'string' },
  partial: { type: 'boolean' },
  coverage: { type: 'boolean' },
  ...integrityFlagOptions,
  ...policyFlagOptions,
  ...readerFlagOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

/** Streams one file's lines into the aggregator, in file order, and the sha256 of its bytes as read. */
async function feed(
  input: LogInput,
  aggregator: ReportAggregator,
  advance: (bytes: number) => void,
  maxLineBytes: number,
): Promise<void> {
  aggregator.startFile(input.file, input.bytes);
  const hash = createHash('sha256');
  await readLines(input, (text, line, torn) => aggregator.push(text, { file: input.file, line }, torn), {
    advance,
    maxLineBytes,
    onBytes: (bytes) => hash.update(bytes),
  });
  aggregator.fileDigest(input.file, hash.digest('hex'));
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}(\.\d+)?$/.test(text)) throw new UsageError(`--${flag}: give a number (got ${quote(text)})`);
  return Number(text);
}

/** Runs `dsop-guard report`; resolves to the exit status. */
export async function report(argv: readonly string[]): Promise<number> {
  const { values: flags, positionals: given } = parseFlags(argv, options, true);
  const files = orderRotated(given);
  if (flags.help === true) {
    process.stdout.write(reportHelp);
    return 0;
  }
  if (flags.out === undefined || flags.out === '') throw new UsageError('give --out <dir> for the report');
  if (files.length === 0) throw new UsageError('give at least one decision log (decisions.jsonl …)');
  const top = count('top', flags.top, 10);
  if (!Number.isSafeInteger(top) || top < 1) throw new UsageError('--top: give a whole number of at least 1');
  const limits = readerLimits(flags);
  const expiryDays = count('consent-expiry-days', flags['consent-expiry-days'], 7);
  // A policy, when named, explains its custom reason codes and gives the coverage its tree: it judges nothing.
  const named = flags.policy !== undefined || flags.preset !== undefined || flags.rules !== undefined;
  const policy = named ? (await policyFromFlags(flags)).policy : undefined;
  const aggregator = createReportAggregator({
    top,
    ...(policy === undefined ? {} : { policy }),
    ...(flags.coverage === true ? { coverage: true } : {}),
    consentExpirySeconds: expiryDays * 86_400,
    maxChains: limits.maxChains,
    ...(flags.partial === true ? { partial: true } : {}),
    ...(await readIntegrityOptions(flags)),
  });
  const out = flags.out;
  const result = await writeReportFamily(
    out,
    files,
    (input, advance) => feed(input, aggregator, advance, limits.maxLineBytes),
    aggregator.result,
  );
  const verdict = result.integrity.whole
    ? 'every chain whole'
    : `${result.integrity.problemCount} integrity problems, not certified`;
  process.stdout.write(
    protectMessage(
      `dsop-guard report: ${result.totals.records} records, ${verdict}; wrote ${join(out, 'index.html')}\n`,
    ),
  );
  return result.integrity.whole ? 0 : 1;
}
