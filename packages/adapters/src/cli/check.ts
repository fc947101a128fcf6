import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import {
  type AuditTrail,
  type CodeDeclarations,
  ConfigError,
  type KeySet,
  type Verdict,
  createAuditTrail,
  fileSink,
  localKeySet,
  memoryConsentStore,
  remoteKeySet,
} from '@dsop-guard/core';
import {
  type Environment,
  type Preset,
  type PresetName,
  explain,
  loadPolicy,
  preset,
  presetNames,
} from '@dsop-guard/rules';
import { redisConsentStore } from '../consentStore/redisConsentStore.js';
import { type Guard, type GuardOptions, createGuard } from '../function/createGuard.js';
import { personFacts } from '../function/personFacts.js';
import { checkHelp } from './help.js';
import { type RuleFactories, loadRules } from './loadRules.js';
import { type ParsedFlags, parseFlags } from './parseFlags.js';
import { readToken } from './readToken.js';
import { UsageError } from './usageError.js';

// Private: the `check` command.

export { UsageError } from './usageError.js';

const options = {
  preset: { type: 'string' },
  env: { type: 'string' },
  policy: { type: 'string' },
  'maskinporten-jwks': { type: 'string' },
  'altinn-jwks': { type: 'string' },
  now: { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'maskinporten-token': { type: 'string' },
  'maskinporten-token-file': { type: 'string' },
  'consent-token': { type: 'string' },
  'consent-token-file': { type: 'string' },
  person: { type: 'string' },
  'request-id': { type: 'string' },
  batch: { type: 'string' },
  'consent-store': { type: 'string' },
  audit: { type: 'string' },
  'chain-id': { type: 'string' },
  rules: { type: 'string' },
  format: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ParsedFlags<typeof options>['values'];

const BATCH_FIELDS = new Set(['id', 'maskinportenToken', 'consentToken', 'person', 'requestId', 'now']);

/** Runs `fn`, turning a ConfigError into a usage error that names the flag. */
function as<T>(flag: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

function keySet(flag: string, where: string, issuer: string, matchX5t: boolean): KeySet {
  if (/^https?:\/\//.test(where)) return as(flag, () => remoteKeySet({ issuer, jwksUri: where, matchX5t }));
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(where, 'utf8'));
  } catch (e) {
    throw new UsageError(`${flag}: cannot read a JWKS from ${where}: ${(e as Error).message}`);
  }
  return as(flag, () => localKeySet({ issuer, jwks, matchX5t }));
}

function parseNow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,12}$/.test(text))
    throw new UsageError(`--now: give epoch seconds, e.g. --now 1764000000 (got ${JSON.stringify(text)})`);
  return Number(text);
}

function parseClockTolerance(text: string | undefined): { clockTolerance?: number } {
  if (text === undefined) return {};
  if (!/^\d{1,3}$/.test(text) || Number(text) > 300)
    throw new UsageError(`--clock-tolerance: give whole seconds from 0 to 300 (got ${JSON.stringify(text)})`);
  return { clockTolerance: Number(text) };
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

interface Built {
  readonly guard: Guard;
  /** Ends the Redis connection and closes the decision log, when there are. */
  readonly close: () => Promise<void>;
}

/** Where the CLI's audit trail options come from, by the field a ConfigError names. */
const AUDIT_SOURCES: Readonly<Record<string, string>> = {
  chainId: '--chain-id',
  'pseudonymKey.id': 'DSOP_GUARD_AUDIT_KEY_ID',
  'pseudonymKey.key': 'DSOP_GUARD_AUDIT_KEY',
};

/** `--audit <file>`: a trail into a file synced per record; persons pseudonymised with DSOP_GUARD_AUDIT_KEY, else masked. */
function auditTrail(flags: Flags): AuditTrail | undefined {
  if (flags.audit === undefined) {
    if (flags['chain-id'] !== undefined) throw new UsageError('--chain-id goes with --audit <file>');
    return undefined;
  }
  const key = process.env['DSOP_GUARD_AUDIT_KEY'];
  const keyId = process.env['DSOP_GUARD_AUDIT_KEY_ID'] ?? 'env';
  const pseudonymKey = key === undefined || key === '' ? {} : { pseudonymKey: { id: keyId, key } };
  const chainId = flags['chain-id'] === undefined ? {} : { chainId: flags['chain-id'] };
  const sink = as('--audit', () => fileSink({ path: flags.audit as string, fsync: 'record' }));
  try {
    return createAuditTrail({ sinks: [sink], personFacts, ...chainId, ...pseudonymKey });
  } catch (e) {
    void sink.close?.();
    if (!(e instanceof ConfigError)) throw e;
    const from = AUDIT_SOURCES[e.field] ?? '--audit';
    throw new UsageError(`${from}: ${e.message.replace(/^[^:]+: /, '')}`);
  }
}

function consentStore(flag: string | undefined): {
  option?: GuardOptions['consentStore'];
  close(): Promise<void>;
} {
  if (flag === undefined) return { close: async () => {} };
  if (flag === 'memory')
    return { option: { store: memoryConsentStore(), key: randomBytes(32) }, close: async () => {} };
  const key = process.env['DSOP_GUARD_CONSENT_STORE_KEY'];
  if (key === undefined || key.length < 16) {
    throw new UsageError(
      '--consent-store: a Redis store needs DSOP_GUARD_CONSENT_STORE_KEY (at least 16 characters)',
    );
  }
  const store = as('--consent-store', () => redisConsentStore({ url: flag }));
  return { option: { store, key }, close: () => store.close() };
}

function buildGuard(flags: Flags, customRules: RuleFactories | undefined): Built {
  const tolerance = parseClockTolerance(flags['clock-tolerance']);
  if ((flags.preset === undefined) === (flags.policy === undefined)) {
    throw new UsageError('give --preset <name> --env <test|prod>, or --policy <file> (exactly one)');
  }
  let chosen: Preset | undefined;
  if (flags.preset !== undefined) {
    if (flags.env !== 'test' && flags.env !== 'prod')
      throw new UsageError('--env: give test or prod with --preset');
    const env: Environment = flags.env;
    try {
      chosen = preset(flags.preset as PresetName, env);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new UsageError(
        `--preset: ${e.message.replace(/^name: /, '')}; presets: ${presetNames.join(', ')}`,
      );
    }
  } else if (flags['maskinporten-jwks'] === undefined) {
    throw new UsageError(
      '--policy needs --maskinporten-jwks <file|url>: a policy file names no key location',
    );
  }
  const mp = flags['maskinporten-jwks'];
  const altinn = flags['altinn-jwks'];
  const keys = {
    ...(mp === undefined
      ? {}
      : { maskinporten: keySet('--maskinporten-jwks', mp, chosen?.issuer ?? 'maskinporten', false) }),
    ...(altinn === undefined
      ? {}
      : { consent: keySet('--altinn-jwks', altinn, chosen?.consentIssuer ?? 'altinn.no', true) }),
  };
  const base: GuardOptions =
    chosen === undefined
      ? {
          policy: as('--policy', () =>
            loadPolicy({ path: flags.policy as string }, customRules === undefined ? {} : { customRules }),
          ),
        }
      : { preset: chosen };
  const store = consentStore(flags['consent-store']);
  const audit = auditTrail(flags);
  const guard = createGuard({
    ...base,
    ...tolerance,
    keys,
    ...(store.option === undefined ? {} : { consentStore: store.option }),
    ...(audit === undefined ? {} : { audit }),
  });
  const close = async (): Promise<void> => {
    await Promise.all([store.close(), audit?.close()]);
  };
  return { guard, close };
}

async function write(line: string): Promise<void> {
  if (!process.stdout.write(`${line}\n`))
    await new Promise((resolve) => process.stdout.once('drain', resolve));
}

async function batch(guard: Guard, source: string, now: number | undefined, format: Format): Promise<number> {
  let input: NodeJS.ReadableStream = process.stdin;
  if (source !== '-') {
    const file = await open(source).catch((e: Error) => {
      throw new UsageError(`--batch: cannot read ${source}: ${e.message}`);
    });
    input = file.createReadStream({ encoding: 'utf8' });
  }
  let denied = false;
  let n = 0;
  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
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
  if (flags.rules !== undefined && flags.policy === undefined)
    throw new UsageError('--rules goes with --policy <file>: a preset has no custom rules');
}

/** The one request's tokens: from argv, or read from their files (or standard input). */
async function tokensOf(flags: Flags): Promise<{ maskinportenToken?: string; consentToken?: string }> {
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
  const tokens = flags.batch === undefined ? await tokensOf(flags) : {};
  const customRules = flags.rules === undefined ? undefined : await loadRules(flags.rules);
  const { guard, close } = buildGuard(flags, customRules);
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
