import { hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GuardOptions } from '@dsop-guard/adapters';
import { redisConsentStore } from '@dsop-guard/adapters/redis';
import {
  type AuditTrail,
  type AuditTrailOptions,
  ConfigError,
  type ConsentStore,
  createAuditTrail,
  fileSink,
  type GuardEvent,
  type KeySet,
  memoryConsentStore,
  type Policy,
} from '@dsop-guard/core';
import type { Preset } from '@dsop-guard/rules';
import { personFacts } from '@dsop-guard/rules';
import { type BuiltKeySet, buildKeySet, type KeySetReport } from './buildKeySet.js';
import { type Egress, egressFetch } from './egressFetch.js';
import {
  type ChosenPolicy,
  checkPolicyFlags,
  policyFlagOptions,
  policyFromFlags,
  requireTransport,
} from './policyFlags.js';
import { policyIssuer } from './policyIssuer.js';
import { quote } from './quote.js';
import { UsageError } from './usageError.js';

// Private: the flags that configure a guard (policy, keys, clock tolerance, consent store, decision log), shared
// by `dsop-guard check` and `dsop-guard serve`, and the guard options they make.

/** The `parseFlags` options of the guard's flags; a command spreads them into its own. */
export const guardFlagOptions = {
  ...policyFlagOptions,
  'maskinporten-jwks': { type: 'string' },
  'maskinporten-issuer': { type: 'string' },
  'altinn-jwks': { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'consent-store': { type: 'string' },
  audit: { type: 'string' },
  'chain-id': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'signing-key-file': { type: 'string' },
  proxy: { type: 'string' },
} as const;

/** The values of the guard's flags, as `parseFlags` gives them. */
export type GuardFlags = { readonly [K in keyof typeof guardFlagOptions]?: string | undefined };

/** Runs `fn`, turning a ConfigError into a usage error that names the flag. */
function as<T>(flag: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
}

function parseClockTolerance(text: string | undefined): { clockTolerance?: number } {
  if (text === undefined) return {};
  if (!/^\d{1,3}$/.test(text) || Number(text) > 300)
    throw new UsageError(`--clock-tolerance: give whole seconds from 0 to 300 (got ${quote(text)})`);
  return { clockTolerance: Number(text) };
}

/** Where the CLI's audit trail options come from, by the field a ConfigError names. */
const AUDIT_SOURCES: Readonly<Record<string, string>> = {
  chainId: '--chain-id',
  'pseudonymKey.id': 'DSOP_GUARD_AUDIT_KEY_ID',
  'pseudonymKey.key': 'DSOP_GUARD_AUDIT_KEY',
};

/** Records between two signed checkpoints when a signing key is given without `--checkpoint-every`. */
const DEFAULT_EVERY = 1000;

/** The signing key: `--signing-key-file`, else DSOP_GUARD_SIGNING_KEY (PEM); never on the command line. */
function signingKey(file: string | undefined): { key: string; from: string } | undefined {
  if (file !== undefined) {
    try {
      return { key: readFileSync(file, 'utf8'), from: '--signing-key-file' };
    } catch (e) {
      throw new UsageError(
        `--signing-key-file: cannot read ${quote(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  }
  const key = process.env['DSOP_GUARD_SIGNING_KEY'];
  return key === undefined || key === '' ? undefined : { key, from: 'DSOP_GUARD_SIGNING_KEY' };
}

/**
 * `--checkpoint-every <n>` with the signing key: a signed checkpoint every n records (1000 with a key alone),
 * and one when the writer closes unless it is a one-shot writer (`check`: its count goes on across runs).
 */
function checkpoints(
  flags: GuardFlags,
  oneShot: boolean,
): { checkpoints?: NonNullable<AuditTrailOptions['checkpoints']>; from?: string } {
  const every = flags['checkpoint-every'];
  if (every !== undefined && !/^[1-9][0-9]{0,6}$/.test(every))
    throw new UsageError(`--checkpoint-every: give a whole number of records from 1 (got ${quote(every)})`);
  const signing = signingKey(flags['signing-key-file']);
  if (signing === undefined) {
    if (every === undefined) return {};
    const old =
      process.env['DSOP_GUARD_CHECKPOINT_KEY'] === undefined
        ? ''
        : ' (DSOP_GUARD_CHECKPOINT_KEY, an HMAC key, is no longer used: checkpoints are signed)';
    throw new UsageError(
      `--checkpoint-every: give the signing key in --signing-key-file or DSOP_GUARD_SIGNING_KEY (make one with dsop-guard audit keygen)${old}`,
    );
  }
  const n = every === undefined ? DEFAULT_EVERY : Number(every);
  return { checkpoints: { every: n, key: signing.key, atClose: !oneShot }, from: signing.from };
}

/** The decision log's trail, a reopen of its file (after logrotate moved it), and its start-up notes. */
interface CliAudit {
  readonly trail: AuditTrail;
  readonly reopen: () => void;
  readonly notes: readonly string[];
}

/** What the start-up notes say of the decision log: how persons appear in it, and whether checkpoints are signed. */
function auditNotes(
  path: string,
  keyId: string | undefined,
  every: number | undefined,
  from: string | undefined,
) {
  return [
    keyId === undefined
      ? `decision log ${path}: persons masked and not correlatable across records (no DSOP_GUARD_AUDIT_KEY)`
      : `decision log ${path}: persons pseudonymised with key id ${keyId} (DSOP_GUARD_AUDIT_KEY): correlatable across records, and reversible by whoever holds the key`,
    every === undefined
      ? 'checkpoints: not signed (no --signing-key-file or DSOP_GUARD_SIGNING_KEY): a rewrite of the whole log would not show'
      : `checkpoints: signed every ${every} records (key from ${from})`,
  ];
}

/** The decision log's directory must be there: named as a missing directory, never as a file's ENOENT. */
function checkLogDirectory(path: string): void {
  const directory = dirname(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(directory).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      throw new UsageError(
        `--audit: cannot use the directory ${quote(directory)}: ${code ?? (e as Error).message}`,
      );
    throw new UsageError(
      `--audit: the directory ${quote(directory)} does not exist: create it (mkdir -p), or give a file in a directory that does`,
    );
  }
  if (!isDirectory) throw new UsageError(`--audit: ${quote(directory)} is not a directory`);
}

function auditTrail(flags: GuardFlags, events: BuildOptions): CliAudit | undefined {
  if (flags.audit === undefined) {
    for (const flag of ['chain-id', 'checkpoint-every', 'signing-key-file'] as const) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag} goes with --audit <file>`);
    }
    return undefined;
  }
  const { from: keyFrom, ...marks } = checkpoints(flags, events.oneShot === true);
  const heard = events.onEvent === undefined ? {} : { onEvent: events.onEvent };
  const key = process.env['DSOP_GUARD_AUDIT_KEY'];
  const keyId = process.env['DSOP_GUARD_AUDIT_KEY_ID'] ?? 'env';
  const pseudonymKey = key === undefined || key === '' ? {} : { pseudonymKey: { id: keyId, key } };
  const chainId = flags['chain-id'] === undefined ? {} : { chainId: flags['chain-id'] };
  checkLogDirectory(flags.audit);
  const sink = as('--audit', () => fileSink({ path: flags.audit as string, fsync: 'record' }));
  try {
    const trail = createAuditTrail({
      sinks: [sink],
      personFacts,
      ...chainId,
      ...pseudonymKey,
      ...marks,
      ...heard,
    });
    const notes = auditNotes(
      events.auditShown ?? flags.audit,
      key === undefined || key === '' ? undefined : keyId,
      marks.checkpoints?.every,
      keyFrom,
    );
    return { trail, reopen: sink.reopen, notes };
  } catch (e) {
    void sink.close?.();
    if (!(e instanceof ConfigError)) throw e;
    const from = e.field.startsWith('checkpoints.')
      ? (keyFrom ?? '--audit')
      : (AUDIT_SOURCES[e.field] ?? '--audit');
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
  const secret = process.env['DSOP_GUARD_CONSENT_STORE_KEY'] ?? '';
  if (Buffer.byteLength(secret) < 32) {
    throw new UsageError(
      '--consent-store: a Redis store needs DSOP_GUARD_CONSENT_STORE_KEY (at least 32 bytes)',
    );
  }
  // Two keys from the one secret: one names the entries, the other seals them.
  const derived = (use: string) => new Uint8Array(hkdfSync('sha256', secret, '', `dsop-guard ${use}`, 32));
  const store = as('--consent-store', () =>
    redisConsentStore({ url: flag, sealKey: derived('consent-store seal') }),
  );
  return { option: { store, key: derived('consent-store key') }, close: () => store.close() };
}

/** The guard options the flags make, and what a command needs beside them. */
export interface BuiltGuardOptions {
  readonly options: GuardOptions;
  /** The key sets: each flag's, and the preset's remote ones for the roles no flag names (made here, not by the guard, so that they fetch through the egress proxy). */
  readonly keys: { readonly maskinporten?: KeySet; readonly consent?: KeySet };
  /** What `/readyz` says of each key set, by role: where from, through which proxy, the last refresh and failure. */
  readonly keyReports: () => Readonly<Record<string, KeySetReport>>;
  /** The start-up notes: the decision log's privacy mode, whether checkpoints are signed, where each key set comes from, the egress. */
  readonly notes: readonly string[];
  /** The consent store, when `--consent-store` names one. */
  readonly consentStore: ConsentStore | undefined;
  /** Ends the Redis connection, closes the decision log, when there are, and ends the egress proxy's connections. */
  readonly close: () => Promise<void>;
  /** Reopens the decision log's file at its path before the next record (after logrotate moved it); else nothing. */
  readonly reopen: () => void;
}

/**
 * The issuer the `--maskinporten-jwks` keys bind (a token whose `iss` is another is denied): `--maskinporten-issuer`,
 * else the preset's, else the one the policy's `issuer` rule accepts; a usage error when none names one.
 */
function maskinportenIssuer(
  flags: GuardFlags,
  chosen: { preset: Preset | undefined; policy: Policy },
): string {
  const issuer = flags['maskinporten-issuer'] ?? chosen.preset?.issuer ?? policyIssuer(chosen.policy);
  if (issuer === undefined || issuer === '') {
    throw new UsageError(
      '--maskinporten-jwks needs --maskinporten-issuer <iss> when the policy has no issuer rule naming one issuer: the keys bind their issuer',
    );
  }
  return issuer;
}

/** The key sets: each flag's, and for each role left out the preset's remote one; their notes and reports. */
function keySets(
  flags: GuardFlags,
  chosen: ChosenPolicy,
  egress: Egress,
  onEvent: BuildOptions['onEvent'],
): Partial<Record<'maskinporten' | 'consent', BuiltKeySet & { readonly note: string }>> {
  const mp = flags['maskinporten-jwks'];
  const altinn = flags['altinn-jwks'];
  const preset = chosen.preset;
  const one = (role: string, spec: Parameters<typeof buildKeySet>[0]) => {
    const built = buildKeySet(spec, egress, onEvent);
    const { from, kind, proxy } = built.report();
    const via = kind === 'file' ? '' : `, ${proxy === undefined ? 'direct' : `via ${proxy}`}`;
    return { ...built, note: `keys ${role}: ${from} (${kind}${via}; issuer ${spec.issuer})` };
  };
  const maskinporten =
    mp !== undefined
      ? one('maskinporten', {
          flag: '--maskinporten-jwks',
          where: mp,
          metadata: false,
          issuer: maskinportenIssuer(flags, chosen),
          matchX5t: false,
        })
      : preset === undefined
        ? undefined
        : one('maskinporten', {
            flag: undefined,
            where: preset.metadataUrl,
            metadata: true,
            issuer: preset.issuer,
            matchX5t: false,
          });
  const consentSpec =
    altinn !== undefined
      ? { flag: '--altinn-jwks', where: altinn, issuer: preset?.consentIssuer ?? 'altinn.no' }
      : preset === undefined
        ? undefined
        : { flag: undefined, where: preset.consentJwksUri, issuer: preset.consentIssuer };
  const consent =
    consentSpec === undefined
      ? undefined
      : one('consent', { ...consentSpec, metadata: false, matchX5t: true });
  return {
    ...(maskinporten === undefined ? {} : { maskinporten }),
    ...(consent === undefined ? {} : { consent }),
  };
}

function fromFlags(
  flags: GuardFlags,
  chosen: ChosenPolicy,
  tolerance: { clockTolerance?: number },
  events: BuildOptions,
): BuiltGuardOptions {
  const egress = egressFetch(flags.proxy);
  const built = keySets(flags, chosen, egress, events.onEvent);
  const keys = {
    ...(built.maskinporten === undefined ? {} : { maskinporten: built.maskinporten.keySet }),
    ...(built.consent === undefined ? {} : { consent: built.consent.keySet }),
  };
  const issuers = chosen.preset;
  // A preset carries its transport (a file that extends one: the file's, or else the preset's).
  const base: GuardOptions =
    issuers === undefined
      ? { policy: chosen.policy, transport: requireTransport(flags, chosen) }
      : { preset: issuers };
  const store = consentStore(flags['consent-store']);
  const audit = auditTrail(flags, events);
  const options: GuardOptions = {
    ...base,
    ...tolerance,
    keys,
    ...(store.option === undefined ? {} : { consentStore: store.option }),
    ...(audit === undefined ? {} : { audit: audit.trail }),
  };
  const close = async (): Promise<void> => {
    await Promise.all([store.close(), audit?.trail.close(), egress.close()]);
  };
  const reopen = (): void => audit?.reopen();
  const keyReports = (): Readonly<Record<string, KeySetReport>> =>
    Object.fromEntries(Object.entries(built).map(([role, b]) => [role, b.report()]));
  const notes = [
    ...(audit?.notes ?? ['decision log: none (no --audit)']),
    ...Object.values(built).map((b) => b.note),
    egress.summary,
  ];
  return { options, keys, consentStore: store.option?.store, close, reopen, keyReports, notes };
}

/** What a command says beside its flags: who hears the events, and whether it writes once and exits. */
export interface BuildOptions {
  readonly onEvent?: (event: GuardEvent) => void;
  /** A one-shot writer (`check`): no closing checkpoint, the count goes on across runs. Default `false`. */
  readonly oneShot?: boolean;
  /** The decision log as the start-up notes name it (`serve`: each worker's file). Default `--audit`'s path. */
  readonly auditShown?: string;
  /**
   * The policy, already loaded (`serve`: the one the primary checked and sent, so that a worker runs exactly
   * that and never reads the file itself). Default: loaded from the flags.
   */
  readonly policy?: ChosenPolicy;
}

/**
 * Checks the guard's flags and makes the guard's options: a preset (`--preset`, `--env`) or a policy file
 * (`--policy`, `--rules`, which needs `--maskinporten-jwks`), the key sets, the clock tolerance, the consent store
 * and the decision log. Rejects with a {@link UsageError} that names the flag. `events.onEvent` hears the
 * remote key sets the flags make (refreshes, failures). Default none.
 *
 * @example
 * ```ts
 * const { options, close } = await buildGuardOptions({ preset: 'lanekassen-saldo', env: 'test' });
 * ```
 */
export async function buildGuardOptions(
  flags: GuardFlags,
  events: BuildOptions = {},
): Promise<BuiltGuardOptions> {
  checkPolicyFlags(flags);
  const tolerance = parseClockTolerance(flags['clock-tolerance']);
  const chosen = events.policy ?? (await policyFromFlags(flags));
  requireTransport(flags, chosen);
  if (chosen.preset === undefined && flags['maskinporten-jwks'] === undefined) {
    throw new UsageError(
      '--policy needs --maskinporten-jwks <file|url>: a policy file that extends no preset names no key location',
    );
  }
  return fromFlags(flags, chosen, tolerance, events);
}
