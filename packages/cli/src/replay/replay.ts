import { join } from 'node:path';
import { createReplayAggregator, type ReplayAggregator, type ReplayGroup } from '@dsop-guard/report/replay';
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
import { replayHelp } from './replayHelp.js';

// Private: the `replay` command. Reads decision records only: it takes no token, and verifies nothing again.

const options = {
  ...policyFlagOptions,
  out: { type: 'string' },
  top: { type: 'string' },
  samples: { type: 'string' },
  partial: { type: 'boolean' },
  ...readerFlagOptions,
  ...integrityFlagOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

/** parseFlags; an unknown token flag is told why there is none. */
function flagsOf(argv: readonly string[]) {
  try {
    return parseFlags(argv, options, true);
  } catch (e) {
    if (!/^unknown option --\S*token/.test((e as Error).message)) throw e;
    throw new UsageError(`${(e as Error).message} (replay reads decision records and takes no tokens)`);
  }
}

function whole(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1)
    throw new UsageError(`--${flag}: give a whole number of at least 1 (got ${quote(text)})`);
  return Number(text);
}

/** Streams one file's lines through the replay, in file order, waiting only for rules that answer asynchronously. */
async function feed(
  input: LogInput,
  replay: ReplayAggregator,
  advance: (bytes: number) => void,
  maxLineBytes: number,
): Promise<void> {
  replay.startFile(input.file, input.bytes);
  await readLines(input, (text, line, torn) => replay.push(text, { file: input.file, line }, torn), {
    advance,
    maxLineBytes,
  });
}

/** The statement for records whose recorded decision is not what their recorded outcomes decide. */
function notCertified(group: ReplayGroup): string {
  const first = group.samples[0];
  const where =
    first === undefined
      ? ''
      : ` (the first: ${first.file}:${first.line}, chain ${first.chain} seq ${first.seq})`;
  return `dsop-guard replay: ${group.count} inconsistent records${where}: the recorded decision or reasons are not what the record's own outcomes decide; this log is not certified\n`;
}

/** Runs `dsop-guard replay`; resolves to the exit status. */
export async function replay(argv: readonly string[]): Promise<number> {
  const { values: flags, positionals: given } = flagsOf(argv);
  const files = orderRotated(given);
  if (flags.help === true) {
    process.stdout.write(replayHelp);
    return 0;
  }
  if (flags.out === undefined || flags.out === '') throw new UsageError('give --out <dir> for the report');
  if (files.length === 0) throw new UsageError('give at least one decision log (decisions.jsonl …)');
  const top = whole('top', flags.top, 10);
  const samples = whole('samples', flags.samples, 5);
  const limits = readerLimits(flags);
  const { policy } = await policyFromFlags(flags);
  const aggregator = createReplayAggregator({
    policy,
    top,
    samples,
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
  const r = result.replay;
  const integrity = result.integrity.whole
    ? 'every chain whole'
    : `${result.integrity.problemCount} integrity problems, not certified`;
  process.stdout.write(
    protectMessage(
      `dsop-guard replay: ${r.totals.records} records, ${r.totals.replayed} replayed: ${r.denyToAllow.count} deny→allow, ${r.allowToDeny.count} allow→deny, ${r.reasonsChanged.count} other reasons, ${r.totals.beforePolicy} decided before the policy, ${r.totals.unreplayable} not replayable; ${integrity}; wrote ${join(out, 'index.html')}\n`,
    ),
  );
  const inconsistent = r.unreplayable.find((g) => g.key === 'inconsistent');
  if (inconsistent !== undefined) process.stdout.write(notCertified(inconsistent));
  const clean = r.denyToAllow.count === 0 && r.totals.unreplayable === 0 && result.integrity.whole;
  return clean ? 0 : 1;
}
