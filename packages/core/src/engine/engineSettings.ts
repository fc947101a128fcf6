import { checkOptionKeys } from '../checkOptionKeys.js';
import { ConfigError } from '../configError.js';
import type { Algorithm } from '../jwt/algorithms.js';
import { checkVerifyOptions } from '../jwt/verifyToken.js';
import type { EngineOptions } from './engineTypes.js';

// Private: createEngine's options, validated once (a bad option throws ConfigError when the engine is built) and
// completed with their defaults.

const DEFAULT_TOKEN_CACHE = 1000;

function checkStore(store: EngineOptions['consentStore']): void {
  if (store === undefined) return;
  if (typeof store.store?.get !== 'function' || typeof store.store.set !== 'function') {
    throw new ConfigError('consentStore.store', 'must implement get and set');
  }
  if ((typeof store.key !== 'string' && !(store.key instanceof Uint8Array)) || store.key.length < 16) {
    throw new ConfigError('consentStore.key', 'must be a secret of at least 16 characters or bytes');
  }
}

function checkSize(size: unknown): number {
  if (size === undefined) return DEFAULT_TOKEN_CACHE;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw new ConfigError('tokenCacheSize', 'must be a whole number, 0 or more');
  return size;
}

const ENGINE_OPTIONS = [
  'policy',
  'maskinporten',
  'consent',
  'clockTolerance',
  'personData',
  'consentStore',
  'clock',
  'tokenCacheSize',
];
const TOKEN_SOURCE = ['keys', 'algorithms', 'requiredClaims'];

/** Unknown keys, at every level an engine's options have, are a ConfigError: a misspelt option never silently does nothing. */
function checkKeys(options: EngineOptions): void {
  checkOptionKeys(options, ENGINE_OPTIONS, 'createEngine');
  for (const role of ['maskinporten', 'consent'] as const) {
    const source = options[role];
    if (typeof source === 'object' && source !== null)
      checkOptionKeys(source, TOKEN_SOURCE, `createEngine ${role}`);
  }
  const store = options.consentStore;
  if (typeof store === 'object' && store !== null) {
    checkOptionKeys(store, ['store', 'key', 'breaker'], 'createEngine consentStore');
    if (typeof store.breaker === 'object' && store.breaker !== null) {
      checkOptionKeys(store.breaker, ['failures', 'openMs', 'clock'], 'createEngine consentStore.breaker');
    }
  }
}

export function engineSettings(options: EngineOptions) {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkKeys(options);
  const { policy, maskinporten, consent } = options;
  if (typeof policy?.rule?.evaluate !== 'function' || typeof policy.sha256 !== 'string') {
    throw new ConfigError('policy', 'must be built with definePolicy or loadPolicy');
  }
  if (typeof maskinporten !== 'object' || maskinporten === null) {
    throw new ConfigError('maskinporten', 'is required: { keys: localKeySet(...) | remoteKeySet(...) }');
  }
  if (consent !== undefined && (typeof consent !== 'object' || consent === null)) {
    throw new ConfigError('consent', 'must be { keys: ... } or left out');
  }
  const clockTolerance = options.clockTolerance ?? 10;
  // Frozen copies: the verifier cuts each list to the usable algorithms once, and a caller's later edit of the
  // array cannot change what this engine accepts.
  const frozen = (list: readonly Algorithm[] | undefined) =>
    Array.isArray(list) ? { algorithms: Object.freeze([...list]) } : {};
  const mpVerify = {
    ...maskinporten,
    ...frozen(maskinporten.algorithms),
    clockTolerance,
    requiredClaims: maskinporten.requiredClaims ?? ['exp', 'iat'],
    path: 'maskinporten',
  };
  const consentVerify =
    consent === undefined
      ? undefined
      : {
          ...consent,
          ...frozen(consent.algorithms),
          clockTolerance,
          requiredClaims: consent.requiredClaims ?? ['exp', 'nbf'],
          path: 'consent',
        };
  checkVerifyOptions({ ...mpVerify, now: 0 });
  if (consentVerify !== undefined) checkVerifyOptions({ ...consentVerify, now: 0 });
  checkStore(options.consentStore);
  return {
    policy,
    clockTolerance,
    mpVerify,
    consentVerify,
    store: options.consentStore,
    clock: options.clock ?? (() => Math.floor(Date.now() / 1000)),
    tokenCacheSize: checkSize(options.tokenCacheSize),
  };
}
