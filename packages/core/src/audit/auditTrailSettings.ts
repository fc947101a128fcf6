import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import type { AuditTrailOptions } from './auditTrailTypes.js';
import { checkPseudonymKey } from './checkPseudonymKey.js';
import { keyIdOf, privateKeyOf } from './checkpointKeys.js';
import type { RecordProtection, SnapshotKey } from './createDecisionRecord.js';
import { protectPersonalData } from './protectPersonalData.js';
import type { AuditSink } from './sinkTypes.js';

// Private: createAuditTrail's options, checked once (a bad option throws ConfigError when the trail is built) and
// completed with their defaults.

const CHAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

/** Without a key, each record's snapshot gets a key of its own, never kept: its pseudonyms link nothing. */
function ephemeralKey(): SnapshotKey {
  const random = randomBytes(38);
  return {
    keyId: `ephemeral:${random.subarray(32).toString('hex')}`,
    text: protectPersonalData({ mode: 'pseudonymise', key: random.subarray(0, 32) }),
  };
}

function protection(options: AuditTrailOptions): RecordProtection {
  const given = options.pseudonymKey;
  if (given !== undefined) {
    if (typeof given?.id !== 'string' || !CHAIN_ID.test(given.id))
      throw new ConfigError('pseudonymKey.id', 'must be a short id: letters, digits and ._:/-');
    checkPseudonymKey('pseudonymKey.key', given.key);
  }
  const person = options.person ?? (given === undefined ? 'mask' : 'pseudonymise');
  if (!['mask', 'pseudonymise', 'clear'].includes(person))
    throw new ConfigError('person', "must be 'mask', 'pseudonymise' or 'clear'");
  if (person === 'pseudonymise' && given === undefined)
    throw new ConfigError('person', "'pseudonymise' needs a pseudonymKey");
  if (options.personFacts !== undefined && typeof options.personFacts !== 'function')
    throw new ConfigError('personFacts', 'must be a function');
  const keyed: SnapshotKey | undefined =
    person === 'clear'
      ? { keyId: null, text: protectPersonalData({ mode: 'clear' }) }
      : given === undefined
        ? undefined
        : { keyId: given.id, text: protectPersonalData({ mode: 'pseudonymise', key: given.key }) };
  return {
    person,
    text: person === 'pseudonymise' ? (keyed as SnapshotKey).text : protectPersonalData({ mode: person }),
    snapshotKey: keyed === undefined ? ephemeralKey : () => keyed,
    personFacts: options.personFacts,
  };
}

/** How a trail signs its checkpoints: every `every` decision records, with `key` (named by `keyId`). */
export interface Signing {
  readonly every: number;
  readonly key: KeyObject;
  readonly keyId: string;
  readonly atClose: boolean;
}

function checkSigning(checkpoints: AuditTrailOptions['checkpoints']): Signing | undefined {
  if (checkpoints === undefined) return undefined;
  if (typeof checkpoints !== 'object' || checkpoints === null)
    throw new ConfigError('checkpoints', 'must be an object: { every, key }');
  checkOptionKeys(checkpoints, ['every', 'key', 'atClose'], 'createAuditTrail checkpoints');
  if (!Number.isSafeInteger(checkpoints.every) || checkpoints.every < 1)
    throw new ConfigError('checkpoints.every', 'must be a positive integer');
  if (checkpoints.atClose !== undefined && typeof checkpoints.atClose !== 'boolean')
    throw new ConfigError('checkpoints.atClose', 'must be a boolean');
  const key = privateKeyOf('checkpoints.key', checkpoints.key);
  return { every: checkpoints.every, key, keyId: keyIdOf(key), atClose: checkpoints.atClose ?? true };
}

const AUDIT_TRAIL_OPTIONS = [
  'sinks',
  'chainId',
  'pseudonymKey',
  'person',
  'onFailure',
  'writeTimeoutMs',
  'checkpoints',
  'personFacts',
  'onEvent',
  'clock',
];

export function auditTrailSettings(options: AuditTrailOptions) {
  if (typeof options !== 'object' || options === null) throw new ConfigError('audit', 'must be an object');
  checkOptionKeys(options, AUDIT_TRAIL_OPTIONS, 'createAuditTrail');
  const {
    sinks,
    onFailure = 'deny',
    writeTimeoutMs = 2000,
    checkpoints,
    onEvent,
    clock = Date.now,
  } = options;
  if (!Array.isArray(sinks) || sinks.length === 0) throw new ConfigError('sinks', 'give at least one sink');
  sinks.forEach((s: AuditSink, i) => {
    if (typeof s?.write !== 'function' || typeof s.name !== 'string')
      throw new ConfigError(`sinks[${i}]`, 'must be a sink (fileSink, streamSink, callbackSink, pinoSink)');
  });
  const chainId = options.chainId ?? hostname().replace(/[^A-Za-z0-9._:/-]/g, '-');
  if (typeof chainId !== 'string' || !CHAIN_ID.test(chainId))
    throw new ConfigError('chainId', 'must be letters, digits and ._:/- (at most 128)');
  if (onFailure !== 'deny' && onFailure !== 'allow-and-alert')
    throw new ConfigError('onFailure', "must be 'deny' or 'allow-and-alert'");
  if (!Number.isFinite(writeTimeoutMs) || writeTimeoutMs <= 0)
    throw new ConfigError('writeTimeoutMs', 'must be a positive number');
  const signing = checkSigning(checkpoints);
  const protect = protection(options);
  return { sinks, chainId, onFailure, writeTimeoutMs, signing, protect, onEvent, clock };
}
