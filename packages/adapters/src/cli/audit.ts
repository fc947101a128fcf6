import {
  type ChainProblem,
  type ChainProblemKind,
  type ChainReport,
  type ChainSummary,
  type ChainVerifier,
  ConfigError,
  createChainVerifier,
} from '@dsop-guard/core';
import { UsageError } from './check.js';
import { auditHelp } from './help.js';
import { type LogInput, openLogs } from './openLogs.js';
import { orderRotated } from './orderRotated.js';
import { parseFlags } from './parseFlags.js';
import { type ReaderLimits, readerFlagOptions, readerLimits } from './readerFlags.js';
import { readLines } from './readLines.js';

// Private: the `audit` command (`audit verify`).

const options = {
  'checkpoint-key-env': { type: 'string' },
  partial: { type: 'boolean' },
  format: { type: 'string' },
  ...readerFlagOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

const DEFAULT_KEY_ENV = 'DSOP_GUARD_CHECKPOINT_KEY';

const explanations: Record<ChainProblemKind, string> = {
  corrupt: 'not JSON: a damaged line',
  torn: 'torn last line: a write cut short, e.g. by a crash',
  not_a_record: 'JSON, but not a decision-log record',
  unknown_version: 'a record version this verifier does not know',
  hash_mismatch: 'the record does not match its hash: it was edited',
  link_mismatch: "its prev is not the previous record's hash: a record was replaced or inserted",
  seq_gap: 'records are missing before it (deleted, or never written)',
  seq_repeat: 'its seq came already: records reordered or repeated',
  chain_start:
    'the chain does not start at seq 1: earlier records are missing (give older files first, or --partial)',
  checkpoint_invalid: 'the checkpoint does not verify under the checkpoint key',
  too_many_chains: 'more distinct chains than --max-chains: this chain is not verified (raise the limit)',
};

/** `file:line: chain <id> seq <n>: <why>`, or `file:line: <why>` for a line that holds no record. */
function problemLine(p: ChainProblem): string {
  const where = p.chain === null ? '' : `chain ${p.chain} seq ${p.seq}: `;
  return `${p.file}:${p.line}: ${where}${explanations[p.kind]}`;
}

function chainLine(c: ChainSummary): string {
  if (c.firstBreak !== null) return problemLine(c.firstBreak);
  const checkpoints =
    c.checkpoints === 0 ? '' : `, ${c.checkpoints} checkpoints (${c.checkpointsVerified} verified)`;
  return `chain ${c.id}: ${c.records} records, seq ${c.firstSeq}–${c.lastSeq}${checkpoints}, whole`;
}

function textReport(report: ChainReport): string {
  const lines = [...report.chains.map(chainLine), ...report.unreadable.map(problemLine)];
  if (report.chains.length === 0 && report.unreadable.length === 0) lines.push('no records');
  if (!report.whole)
    lines.push(
      `${report.problemCount} problem(s); the first: ${problemLine(report.problems[0] as ChainProblem)}`,
    );
  return `${lines.join('\n')}\n`;
}

/** Streams one file into the verifier line by line, in file order. */
async function feed(verifier: ChainVerifier, input: LogInput, maxLineBytes: number): Promise<void> {
  const { file } = input;
  await readLines(input, (text, line, torn) => void verifier.push(text, { file, line }, torn), {
    maxLineBytes,
  });
}

function verifierFor(keyEnv: string | undefined, partial: boolean, limits: ReaderLimits): ChainVerifier {
  const name = keyEnv ?? DEFAULT_KEY_ENV;
  const key = process.env[name];
  if (keyEnv !== undefined && (key === undefined || key === ''))
    throw new UsageError(`--checkpoint-key-env: ${name} is not set`);
  try {
    return createChainVerifier({
      partial,
      maxChains: limits.maxChains,
      ...(key === undefined || key === '' ? {} : { checkpointKey: key }),
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`the checkpoint key in ${name}: ${e.message}`);
    throw e;
  }
}

async function verify(argv: readonly string[]): Promise<number> {
  const { values: flags, positionals: given } = parseFlags(argv, options, true);
  const files = orderRotated(given);
  if (flags.help === true) {
    process.stdout.write(auditHelp);
    return 0;
  }
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError('--format: give text or json');
  if (files.length === 0) throw new UsageError('audit verify: give the decision log files');
  const limits = readerLimits(flags);
  const verifier = verifierFor(flags['checkpoint-key-env'], flags.partial === true, limits);
  const inputs = await openLogs(files);
  try {
    for (const input of inputs) await feed(verifier, input, limits.maxLineBytes);
  } finally {
    await Promise.all(inputs.map((i) => i.handle.close()));
  }
  const report = verifier.report();
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : textReport(report));
  return report.whole ? 0 : 1;
}

/** Runs `dsop-guard audit …`; resolves to the exit status. */
export async function audit(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') return verify(rest);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(auditHelp);
    return 0;
  }
  throw new UsageError(
    sub === undefined
      ? 'audit: give a subcommand (verify)'
      : `audit: unknown subcommand ${JSON.stringify(sub)}`,
  );
}
