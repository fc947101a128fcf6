import { join } from 'node:path';
import { type ReplayAggregator, createReplayAggregator } from '../replay/index.js';
import { replayHelp } from './help.js';
import { policyFlagOptions, policyFromFlags } from './policyFlags.js';
import type { LogInput } from './openLogs.js';
import { orderRotated } from './orderRotated.js';
import { integrityFlagOptions, integrityOptionsOf } from './integrityFlags.js';
import { parseFlags } from './parseFlags.js';
import { writeReportFamily } from './writeReportFamily.js';
import { readBatches, splitBatch } from './readLines.js';
import { UsageError } from './usageError.js';

// Private: the `replay` command. Reads decision records only: it takes no token, and verifies nothing again.

const options = {
  ...policyFlagOptions,
  out: { type: 'string' },
  top: { type: 'string' },
  samples: { type: 'string' },
  partial: { type: 'boolean' },
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
    throw new UsageError(`--${flag}: give a whole number of at least 1 (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** Streams one file's lines through the replay, in file order, waiting only for rules that answer asynchronously. */
async function feed(
  input: LogInput,
  replay: ReplayAggregator,
  advance: (bytes: number) => void,
): Promise<void> {
  replay.startFile(input.file, input.bytes);
  let line = 0;
  for await (const batch of readBatches(input.handle, advance)) {
    let pending: Promise<void> | undefined;
    splitBatch(batch, (text, torn) => {
      line += 1;
      const at = { file: input.file, line };
      if (pending !== undefined) pending = pending.then(() => replay.push(text, at, torn));
      else {
        const pushed = replay.push(text, at, torn);
        if (pushed instanceof Promise) pending = pushed;
      }
    });
    if (pending !== undefined) await pending;
  }
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
  const { policy } = await policyFromFlags(flags);
  const aggregator = createReplayAggregator({
    policy,
    top,
    samples,
    ...(flags.partial === true ? { partial: true } : {}),
    ...(await integrityOptionsOf(flags)),
  });
  const out = flags.out;
  const result = await writeReportFamily(
    out,
    files,
    (input, advance) => feed(input, aggregator, advance),
    aggregator.result,
  );
  const r = result.replay;
  const integrity = result.integrity.whole
    ? 'every chain whole'
    : `${result.integrity.problemCount} integrity problems, not certified`;
  process.stdout.write(
    `dsop-guard replay: ${r.totals.records} records, ${r.totals.replayed} replayed: ${r.denyToAllow.count} deny→allow, ${r.allowToDeny.count} allow→deny, ${r.reasonsChanged.count} other reasons, ${r.totals.beforePolicy} decided before the policy, ${r.totals.unreplayable} not replayable; ${integrity}; wrote ${join(out, 'index.html')}\n`,
  );
  const clean = r.denyToAllow.count === 0 && r.totals.unreplayable === 0 && result.integrity.whole;
  return clean ? 0 : 1;
}
