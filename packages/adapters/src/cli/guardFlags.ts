import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type AuditTrail,
  type AuditTrailOptions,
  type ConsentStore,
  ConfigError,
  type GuardEvent,
  type KeySet,
  type Policy,
  createAuditTrail,
  fileSink,
  localKeySet,
  memoryConsentStore,
  remoteKeySet,
} from '@dsop-guard/core';
import type { Preset } from '@dsop-guard/rules';
import { redisConsentStore } from '../consentStore/redisConsentStore.js';
import type { GuardOptions } from '../function/createGuard.js';
import { personFacts } from '../function/personFacts.js';
import { checkPolicyFlags, policyFlagOptions, policyFromFlags } from './policyFlags.js';
import { UsageError } from './usageError.js';

// Private: the flags that configure a guard (policy, keys, clock tolerance, consent store, decision log), shared
// by `dsop-guard check` and `dsop-guard serve`, and the guard options they make.

/** The `parseFlags` options of the guard's flags; a command spreads them into its own. */
export const guardFlagOptions = {
  ...policyFlagOptions,
  'maskinporten-jwks': { type: 'string' },
  'altinn-jwks': { type: 'string' },
  'clock-tolerance': { type: 'string' },
  'consent-store': { type: 'string' },
  audit: { type: 'string' },
  'chain-id': { type: 'string' },
  'checkpoint-every': { type: 'string' },
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

function keySet(
  flag: string,
  where: string,
  issuer: string,
  matchX5t: boolean,
  events: { onEvent?: (event: GuardEvent) => void },
): KeySet {
  if (/^https?:\/\//.test(where))
    return as(flag, () => remoteKeySet({ issuer, jwksUri: where, matchX5t, ...events }));
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(where, 'utf8'));
  } catch (e) {
    throw new UsageError(`${flag}: cannot read a JWKS from ${where}: ${(e as Error).message}`);
  }
  return as(flag, () => localKeySet({ issuer, jwks, matchX5t }));
}

function parseClockTolerance(text: string | undefined): { clockTolerance?: number } {
  if (text === undefined) return {};
  if (!/^\d{1,3}$/.test(text) || Number(text) > 300)
    throw new UsageError(`--clock-tolerance: give whole seconds from 0 to 300 (got ${JSON.stringify(text)})`);
  return { clockTolerance: Number(text) };
}

/** Where the CLI's audit trail options come from, by the field a ConfigError names. */
const AUDIT_SOURCES: Readonly<Record<string, string>> = {
  chainId: '--chain-id',
  'pseudonymKey.id': 'DSOP_GUARD_AUDIT_KEY_ID',
  'pseudonymKey.key': 'DSOP_GUARD_AUDIT_KEY',
  'checkpoints.key': 'DSOP_GUARD_CHECKPOINT_KEY',
  'checkpoints.keyId': 'DSOP_GUARD_CHECKPOINT_KEY_ID',
};

/** `--audit <file>`: a trail into a file synced per record; persons pseudonymised with DSOP_GUARD_AUDIT_KEY, else masked. */
/** `--checkpoint-every <n>`: a keyed checkpoint every n records, the key from DSOP_GUARD_CHECKPOINT_KEY. */
function checkpoints(every: string | undefined): Pick<AuditTrailOptions, 'checkpoints'> {
  if (every === undefined) return {};
  if (!/^[1-9][0-9]{0,6}$/.test(every))
    throw new UsageError(
      `--checkpoint-every: give a whole number of records from 1 (got ${JSON.stringify(every)})`,
    );
  const key = process.env['DSOP_GUARD_CHECKPOINT_KEY'];
  if (key === undefined || key === '')
    throw new UsageError('--checkpoint-every: set the checkpoint key in DSOP_GUARD_CHECKPOINT_KEY');
  const keyId = process.env['DSOP_GUARD_CHECKPOINT_KEY_ID'] ?? 'env';
  return { checkpoints: { every: Number(every), key, keyId } };
}

/** The decision log's trail, and a reopen of its file (after logrotate moved it). */
interface CliAudit {
  readonly trail: AuditTrail;
  readonly reopen: () => void;
}

function auditTrail(flags: GuardFlags): CliAudit | undefined {
  if (flags.audit === undefined) {
    if (flags['chain-id'] !== undefined) throw new UsageError('--chain-id goes with --audit <file>');
    if (flags['checkpoint-every'] !== undefined)
      throw new UsageError('--checkpoint-every goes with --audit <file>');
    return undefined;
  }
  const marks = checkpoints(flags['checkpoint-every']);
  const key = process.env['DSOP_GUARD_AUDIT_KEY'];
  const keyId = process.env['DSOP_GUARD_AUDIT_KEY_ID'] ?? 'env';
  const pseudonymKey = key === undefined || key === '' ? {} : { pseudonymKey: { id: keyId, key } };
  const chainId = flags['chain-id'] === undefined ? {} : { chainId: flags['chain-id'] };
  const sink = as('--audit', () => fileSink({ path: flags.audit as string, fsync: 'record' }));
  try {
    const trail = createAuditTrail({ sinks: [sink], personFacts, ...chainId, ...pseudonymKey, ...marks });
    return { trail, reopen: sink.reopen };
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

/** The guard options the flags make, and what a command needs beside them. */
export interface BuiltGuardOptions {
  readonly options: GuardOptions;
  /** The key sets given by flag (a preset's own remote key sets are made by the guard, so they are absent). */
  readonly keys: { readonly maskinporten?: KeySet; readonly consent?: KeySet };
  /** The consent store, when `--consent-store` names one. */
  readonly consentStore: ConsentStore | undefined;
  /** Ends the Redis connection and closes the decision log, when there are. */
  readonly close: () => Promise<void>;
  /** Reopens the decision log's file at its path before the next record (after logrotate moved it); else nothing. */
  readonly reopen: () => void;
}

function fromFlags(
  flags: GuardFlags,
  chosen: { readonly preset: Preset | undefined; readonly policy: Policy },
  tolerance: { clockTolerance?: number },
  events: { onEvent?: (event: GuardEvent) => void },
): BuiltGuardOptions {
  const mp = flags['maskinporten-jwks'];
  const altinn = flags['altinn-jwks'];
  const issuers = chosen.preset;
  const keys = {
    ...(mp === undefined
      ? {}
      : {
          maskinporten: keySet('--maskinporten-jwks', mp, issuers?.issuer ?? 'maskinporten', false, events),
        }),
    ...(altinn === undefined
      ? {}
      : { consent: keySet('--altinn-jwks', altinn, issuers?.consentIssuer ?? 'altinn.no', true, events) }),
  };
  const base: GuardOptions = issuers === undefined ? { policy: chosen.policy } : { preset: issuers };
  const store = consentStore(flags['consent-store']);
  const audit = auditTrail(flags);
  const options: GuardOptions = {
    ...base,
    ...tolerance,
    keys,
    ...(store.option === undefined ? {} : { consentStore: store.option }),
    ...(audit === undefined ? {} : { audit: audit.trail }),
  };
  const close = async (): Promise<void> => {
    await Promise.all([store.close(), audit?.trail.close()]);
  };
  const reopen = (): void => audit?.reopen();
  return { options, keys, consentStore: store.option?.store, close, reopen };
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
  events: { onEvent?: (event: GuardEvent) => void } = {},
): Promise<BuiltGuardOptions> {
  checkPolicyFlags(flags);
  const tolerance = parseClockTolerance(flags['clock-tolerance']);
  if (flags.policy !== undefined && flags['maskinporten-jwks'] === undefined) {
    throw new UsageError(
      '--policy needs --maskinporten-jwks <file|url>: a policy file names no key location',
    );
  }
  return fromFlags(flags, await policyFromFlags(flags), tolerance, events);
}
