import { ConfigError, checkOptionKeys, type KeySet, type Policy } from '@dsop-guard/core';
import type { Preset, Transport } from '@dsop-guard/rules';
import type { GuardOptions } from './guardTypes.js';
import { isEventLogger } from './logEvent.js';

// Private to the package: createGuard's options, checked up front, with the defaults that need no I/O.

/** The keys a guard was given, before the preset's remote key sets fill in what is missing. */
export type GivenKeys = NonNullable<GuardOptions['keys']>;

/** What {@link checkGuardOptions} settles: where the policy, transport and keys come from. */
export interface CheckedGuardOptions {
  readonly preset: Preset | undefined;
  readonly policy: Policy;
  readonly transport: Transport;
  readonly keys: GivenKeys;
}

const defaultTransport: Transport = {
  authorization: 'either',
  consentHeader: 'consent-id',
  personHeaders: ['psu-id', 'psu_id'],
  requestIdHeader: 'x-request-id',
};

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** A preset or a policy, not both, and a preset that is one. */
function checkSource(preset: Preset | undefined, options: GuardOptions): void {
  if (preset !== undefined && options.policy !== undefined) {
    throw new ConfigError('policy', 'give a preset or a policy, not both');
  }
  if (preset === undefined && options.policy === undefined) {
    throw new ConfigError('preset', 'give a preset, or a policy and keys.maskinporten');
  }
  if (
    preset !== undefined &&
    (typeof preset !== 'object' || preset === null || preset.policy === undefined)
  ) {
    throw new ConfigError('preset', 'must be a preset from preset(name, env)');
  }
}

function checkTransport(t: Transport): Transport {
  if (!['raw', 'bearer', 'either'].includes(t?.authorization)) {
    throw new ConfigError('transport.authorization', "must be 'raw', 'bearer' or 'either'");
  }
  if (!Array.isArray(t.personHeaders)) throw new ConfigError('transport.personHeaders', 'must be an array');
  const names: [string, unknown][] = [
    ['transport.consentHeader', t.consentHeader],
    ['transport.requestIdHeader', t.requestIdHeader],
    ...t.personHeaders.map((h, i): [string, unknown] => [`transport.personHeaders[${i}]`, h]),
  ];
  for (const [field, name] of names) {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new ConfigError(field, 'must be a lower-case HTTP header name');
    }
  }
  return t;
}

function isKeySet(value: unknown): value is KeySet {
  return typeof (value as KeySet | undefined)?.resolve === 'function';
}

/** Key sets that are key sets, and a Maskinporten one when no preset can name it. */
function checkKeys(preset: Preset | undefined, keys: GivenKeys): void {
  for (const role of ['maskinporten', 'consent'] as const) {
    if (keys[role] !== undefined && !isKeySet(keys[role])) {
      throw new ConfigError(`keys.${role}`, 'must be a KeySet (localKeySet or remoteKeySet)');
    }
  }
  if (preset === undefined && keys.maskinporten === undefined) {
    throw new ConfigError('keys.maskinporten', 'is required without a preset');
  }
}

/** The clock, the hooks, the audit trail and the logger, each of the kind it must be. */
function checkHooks(options: GuardOptions): void {
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new ConfigError('clock', 'must be a function returning epoch seconds');
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function') {
    throw new ConfigError('onEvent', 'must be a function');
  }
  if (options.onDecision !== undefined && typeof options.onDecision !== 'function') {
    throw new ConfigError('onDecision', 'must be a function');
  }
  if (options.audit !== undefined && typeof options.audit?.record !== 'function') {
    throw new ConfigError('audit', 'must be an audit trail from createAuditTrail');
  }
  if (options.logger !== undefined && !isEventLogger(options.logger)) {
    throw new ConfigError('logger', 'must be a pino-compatible logger: info, warn and error functions');
  }
}

/**
 * Checks createGuard's options in a fixed order (the first bad one throws its {@link ConfigError}) and settles
 * the policy, the transport (default the preset's, else {@link defaultTransport}) and the keys given. `known`
 * is every option's name (createGuard's `GUARD_OPTIONS`).
 * The telemetry options are checked later, by `createTelemetry`.
 */
export function checkGuardOptions(options: GuardOptions, known: readonly string[]): CheckedGuardOptions {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, known, 'createGuard');
  if (typeof options.keys === 'object' && options.keys !== null) {
    checkOptionKeys(options.keys, ['maskinporten', 'consent'], 'createGuard keys');
  }
  const { preset, keys = {} } = options;
  checkSource(preset, options);
  const policy = (preset?.policy ?? options.policy) as Policy;
  const transport = checkTransport(options.transport ?? preset?.transport ?? defaultTransport);
  checkKeys(preset, keys);
  checkHooks(options);
  return { preset, policy, transport, keys };
}
