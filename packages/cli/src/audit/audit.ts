import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ChainProblem,
  type ChainProblemKind,
  type ChainReport,
  type ChainSummary,
  type ChainVerifier,
  checkpointKeyId,
  createChainVerifier,
} from '@dsop-guard/core';
import { UsageError } from '../check/check.js';
import { integrityFlagOptions, readIntegrityOptions } from '../flags/integrityFlags.js';
import { parseFlags } from '../flags/parseFlags.js';
import { readerFlagOptions, readerLimits } from '../flags/readerFlags.js';
import { type LogInput, openLogs } from '../io/openLogs.js';
import { orderRotated } from '../io/orderRotated.js';
import { protectMessage } from '../io/protectMessage.js';
import { readLines } from '../io/readLines.js';
import { auditHelp } from './auditHelp.js';
import { auditPerson } from './auditPerson.js';

// Private: the `audit` command (`audit verify`, `audit keygen`, `audit person` in auditPerson.ts).

const options = {
  ...integrityFlagOptions,
  partial: { type: 'boolean' },
  format: { type: 'string' },
  ...readerFlagOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

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
  checkpoint_invalid:
    'the checkpoint does not verify under the public key (or is an unsigned HMAC checkpoint of older versions)',
  checkpoint_gap: 'more records since the checkpoint before than the checkpoint promises (every)',
  unsigned_chain: 'no checkpoint of this chain verifies under the public key: nothing vouches for it',
  unsigned_tail: 'more records after the last signed checkpoint than its every: nothing vouches for them',
  chain_missing: 'an expected chain (--chains) has no record in the files: deleted?',
  witness_mismatch: 'the checkpoint differs from the one the witness saw: the chain was rewritten',
  witness_missing: 'a checkpoint the witness saw is not in the files: the tail was cut, or the chain deleted',
  witness_invalid: 'a witness line that is not a sealed checkpoint (with --public-key: a signed one)',
  too_many_chains: 'more distinct chains than --max-chains: this chain is not verified (raise the limit)',
};

/** `file:line: chain <id> seq <n>: <why>`, or `file:line: <why>` for a line that holds no record. */
function problemLine(p: ChainProblem): string {
  const where =
    p.chain === null ? '' : p.seq === null ? `chain ${p.chain}: ` : `chain ${p.chain} seq ${p.seq}: `;
  return `${p.line === 0 ? '' : `${p.file}:${p.line}: `}${where}${explanations[p.kind]}`;
}

function chainLine(c: ChainSummary, signed: boolean): string {
  if (c.firstBreak !== null) return problemLine(c.firstBreak);
  const checkpoints =
    c.checkpoints === 0 ? '' : `, ${c.checkpoints} checkpoints (${c.checkpointsVerified} verified)`;
  const tail = signed && c.tail > 0 ? `, ${c.tail} records after the last checkpoint` : '';
  return `chain ${c.id}: ${c.records} records, seq ${c.firstSeq}–${c.lastSeq}${checkpoints}${tail}, whole`;
}

/** Every epoch start, said plainly: the writer could not trust where its chain stood. */
function epochLines(c: ChainSummary): string[] {
  return c.epochStarts.map(
    (e) =>
      `${e.file}:${e.line}: chain ${c.id}: epoch ${e.epoch} starts (its writer did not trust the chain's last line${e.unsignedBefore > 0 ? `; ${e.unsignedBefore} unsigned records before it` : ''})`,
  );
}

function textReport(report: ChainReport): string {
  const signed = report.keyId !== null;
  const lines = [
    ...report.chains.flatMap((c) => [chainLine(c, signed), ...epochLines(c)]),
    ...report.problems.filter((p) => p.kind === 'chain_missing').map(problemLine),
    ...report.unreadable.map(problemLine),
  ];
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
  const verifier: ChainVerifier = createChainVerifier({
    partial: flags.partial === true,
    maxChains: limits.maxChains,
    ...(await readIntegrityOptions(flags)),
  });
  const inputs = await openLogs(files);
  try {
    for (const input of inputs) await feed(verifier, input, limits.maxLineBytes);
  } finally {
    await Promise.all(inputs.map((i) => i.handle.close()));
  }
  const report = verifier.report();
  // Through the CLI's message protection too: an id given on the command line (--chains) is echoed in it.
  process.stdout.write(
    protectMessage(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : textReport(report)),
  );
  return report.whole ? 0 : 1;
}

/** `audit keygen --out <dir>`: an Ed25519 pair for signed checkpoints, the private key readable by its owner only. */
function keygen(argv: readonly string[]): number {
  const flags = parseFlags(argv, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }).values;
  if (flags.help === true) {
    process.stdout.write(auditHelp);
    return 0;
  }
  const out = flags.out;
  if (out === undefined || out === '')
    throw new UsageError('audit keygen: give --out <dir> for the key pair');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const signing = join(out, 'checkpoint-signing.pem');
  const verifying = join(out, 'checkpoint-public.pem');
  try {
    mkdirSync(out, { recursive: true, mode: 0o700 });
    writeFileSync(signing, privateKey, { mode: 0o600, flag: 'wx' });
    writeFileSync(verifying, publicKey, { mode: 0o644, flag: 'wx' });
  } catch (e) {
    throw new UsageError(`audit keygen: ${(e as Error).message} (an existing key is never overwritten)`);
  }
  process.stdout.write(
    `key ${checkpointKeyId(publicKey)}\nwrote ${signing} (the writers' signing key, mode 0600) and ${verifying} (for readers: --public-key)\n`,
  );
  return 0;
}

/** Runs `dsop-guard audit …`; resolves to the exit status. */
export async function audit(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') return verify(rest);
  if (sub === 'keygen') return keygen(rest);
  if (sub === 'person') return auditPerson(rest);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(auditHelp);
    return 0;
  }
  throw new UsageError(
    sub === undefined
      ? 'audit: give a subcommand (verify, keygen, person)'
      : `audit: unknown subcommand ${JSON.stringify(sub)}`,
  );
}
