import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createPersonAggregator,
  type PersonAggregator,
  type PersonReport,
  renderPersonHtml,
  renderPersonMarkdown,
} from '@dsop-guard/report';
import { parsePersonId } from '@dsop-guard/rules';
import { integrityFlagOptions, readIntegrityOptions } from '../flags/integrityFlags.js';
import { parseFlags } from '../flags/parseFlags.js';
import { quote } from '../flags/quote.js';
import { readerFlagOptions, readerLimits } from '../flags/readerFlags.js';
import { UsageError } from '../flags/usageError.js';
import { type LogInput, openLogs } from '../io/openLogs.js';
import { orderRotated } from '../io/orderRotated.js';
import { protectMessage } from '../io/protectMessage.js';
import { readLines } from '../io/readLines.js';
import { auditHelp } from './auditHelp.js';

// Private: `dsop-guard audit person`, a person's access request (GDPR article 15): every decision about one
// person, from the person number on stdin or in a file (never an argument: arguments end up in shell history
// and process lists), the pseudonymisation key from DSOP_GUARD_AUDIT_KEY. The number is written only into --out.

const options = {
  out: { type: 'string' },
  'person-file': { type: 'string' },
  partial: { type: 'boolean' },
  ...integrityFlagOptions,
  ...readerFlagOptions,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The most a person file (or stdin) may hold: a number and some whitespace. */
const MAX_PERSON_BYTES = 256;
/** An argument that is, or ends in, a person number (`01085301957`, `010853 01957`, `--person=01085301957`). */
const PERSON_LIKE = /(^|=)\d{6}[ .-]?\d{5}$/;

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  let held = 0;
  for await (const chunk of process.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    held += b.length;
    if (held > MAX_PERSON_BYTES) throw new UsageError('audit person: stdin holds more than a person number');
    parts.push(b);
  }
  return Buffer.concat(parts).toString('utf8');
}

async function readPerson(file: string | undefined): Promise<string> {
  const text =
    file === undefined
      ? await readStdin()
      : await readFile(file).then(
          (b) => {
            if (b.length > MAX_PERSON_BYTES)
              throw new UsageError('--person-file: the file holds more than a person number');
            return b.toString('utf8');
          },
          (e: NodeJS.ErrnoException) => {
            throw new UsageError(`--person-file: cannot read ${quote(file)}: ${e.code ?? e.message}`);
          },
        );
  const person = text.trim();
  if (person === '')
    throw new UsageError(
      'audit person: give the person number on stdin (echo … | dsop-guard audit person …) or in --person-file',
    );
  // The same check as the rules' own (control digits, date, kind); the number itself is never echoed.
  const parsed = parsePersonId(person, { allow: ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] });
  if (!parsed.valid)
    throw new UsageError(
      `audit person: the input is not a valid fødselsnummer or D-number (${parsed.reason}); it is not shown here`,
    );
  return person;
}

async function feed(search: PersonAggregator, input: LogInput, maxLineBytes: number): Promise<void> {
  search.startFile(input.file, input.bytes);
  const hash = createHash('sha256');
  await readLines(input, (text, line, torn) => search.push(text, { file: input.file, line }, torn), {
    maxLineBytes,
    onBytes: (b) => hash.update(b),
  });
  search.fileDigest(input.file, hash.digest('hex'));
}

async function write(out: string, report: PersonReport): Promise<void> {
  await mkdir(out, { recursive: true, mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`--out: cannot create ${quote(out)}: ${e.code ?? e.message}`);
  });
  // Personal data: readable by the owner only.
  const mode = 0o600;
  await writeFile(join(out, 'person.json'), `${JSON.stringify(report, null, 2)}\n`, { mode });
  await writeFile(join(out, 'person.md'), renderPersonMarkdown(report), { mode });
  await writeFile(join(out, 'index.html'), renderPersonHtml(report), { mode });
}

/** Runs `dsop-guard audit person`; resolves to the exit status. */
export async function auditPerson(argv: readonly string[]): Promise<number> {
  // Before anything else, and without echoing it: a person number given as an argument.
  if (argv.some((a) => PERSON_LIKE.test(a.trim())))
    throw new UsageError(
      'audit person: a person number is never an argument (shell history, process lists): give it on stdin or in --person-file',
    );
  const { values: flags, positionals } = parseFlags(argv, options, true);
  if (flags.help === true) {
    process.stdout.write(auditHelp);
    return 0;
  }
  if (flags.out === undefined || flags.out === '') throw new UsageError('audit person: give --out <dir>');
  const files = orderRotated(positionals);
  if (files.length === 0) throw new UsageError('audit person: give the decision log files');
  const limits = readerLimits(flags);
  const key = process.env['DSOP_GUARD_AUDIT_KEY'];
  const integrity = await readIntegrityOptions(flags);
  const person = await readPerson(flags['person-file']);
  const search = createPersonAggregator({
    person,
    ...(key === undefined || key === '' ? {} : { key }),
    maxChains: limits.maxChains,
    ...(flags.partial === true ? { partial: true } : {}),
    ...integrity,
  });
  const inputs = await openLogs(files);
  try {
    for (const input of inputs) await feed(search, input, limits.maxLineBytes);
  } finally {
    await Promise.all(inputs.map((i) => i.handle.close()));
  }
  const report = search.result();
  await write(flags.out, report);
  const where = join(flags.out, 'index.html');
  if (!report.search.answerable) {
    const why =
      report.search.masked > 0 && report.search.clear === 0 && report.search.pseudonymised.length === 0
        ? 'the logs were written with persons masked (no pseudonymisation key): nobody can tell which decisions were about this person'
        : 'the records are pseudonymised and DSOP_GUARD_AUDIT_KEY is not set: no record can be attributed';
    process.stderr.write(protectMessage(`dsop-guard audit person: cannot answer: ${why}; wrote ${where}\n`));
    return 1;
  }
  const broken = report.integrity.whole
    ? ''
    : `; the log is not whole (${report.integrity.problemCount} problems)`;
  process.stdout.write(
    protectMessage(
      `dsop-guard audit person: ${report.count} decisions about the person in ${report.search.records} records${broken}; wrote ${where}\n`,
    ),
  );
  return report.integrity.whole ? 0 : 1;
}
