import { constants, KeyObject, verify, type webcrypto } from 'node:crypto';
import type { VerificationKey } from './keySetTypes.js';
import type { ParsedCompact } from './parseCompact.js';

// Private: the one place where a signature is checked, with node:crypto's synchronous `verify` over the bytes
// parseCompact decoded once. The differential tests and the Wycheproof vectors compare it with independent
// verifiers. Never throws: any failure is `false`.

const HASH: Readonly<Record<string, string>> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
};
const CURVE: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1' };
/** What a WebCrypto key must have been imported as to serve each algorithm (RFC 7518 §3; as jose checks it). */
const WEB_ALGORITHM: Readonly<Record<string, string>> = {
  RS: 'RSASSA-PKCS1-v1_5',
  PS: 'RSA-PSS',
  ES: 'ECDSA',
};
const WEB_CURVE: Readonly<Record<string, string>> = { ES256: 'P-256', ES384: 'P-384' };

const fromCryptoKey = new WeakMap<webcrypto.CryptoKey, KeyObject>();

const CryptoKeyClass = (globalThis as { CryptoKey?: abstract new () => webcrypto.CryptoKey }).CryptoKey;

function isCryptoKey(key: unknown): key is webcrypto.CryptoKey {
  return CryptoKeyClass !== undefined && key instanceof CryptoKeyClass;
}

/** A custom key set's CryptoKey serves only the algorithm, hash and curve it was imported for, for `verify`. */
function cryptoKeyServes(key: webcrypto.CryptoKey, alg: string): boolean {
  const imported = key.algorithm as { name?: string; hash?: { name?: string }; namedCurve?: string };
  if (key.type !== 'public' || !key.usages.includes('verify')) return false;
  if (imported.name !== WEB_ALGORITHM[alg.slice(0, 2)]) return false;
  if (alg.startsWith('ES')) return imported.namedCurve === WEB_CURVE[alg];
  return imported.hash?.name === `SHA-${alg.slice(2)}`;
}

function keyObjectOf(key: VerificationKey, alg: string): KeyObject | undefined {
  if (key instanceof KeyObject) return key.type === 'public' ? key : undefined;
  if (!isCryptoKey(key) || !cryptoKeyServes(key, alg)) return undefined;
  let converted = fromCryptoKey.get(key);
  if (converted === undefined) {
    converted = KeyObject.from(key);
    fromCryptoKey.set(key, converted);
  }
  return converted;
}

/** RS and PS need an RSA key of at least 2048 bits (RFC 7518 §3.3); ES an EC key on the algorithm's curve. */
function keyFits(key: KeyObject, alg: string): boolean {
  const details = key.asymmetricKeyDetails;
  if (alg.startsWith('ES')) return key.asymmetricKeyType === 'ec' && details?.namedCurve === CURVE[alg];
  return key.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048;
}

/** Verifies `signature` over `data` for one JWS algorithm; false for anything else. */
export function verifyBytes(
  alg: string,
  key: VerificationKey,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const hash = HASH[alg];
  try {
    const keyObject = hash === undefined ? undefined : keyObjectOf(key, alg);
    if (keyObject === undefined || !keyFits(keyObject, alg)) return false;
    if (alg.startsWith('PS')) {
      const saltLength = Number(alg.slice(2)) / 8;
      const pss = { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength };
      return verify(hash as string, data, pss, signature);
    }
    if (alg.startsWith('ES'))
      return verify(hash as string, data, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature);
    return verify(hash as string, data, keyObject, signature);
  } catch {
    return false;
  }
}

export function verifySignature(parsed: ParsedCompact, alg: string, key: VerificationKey): boolean {
  return verifyBytes(alg, key, Buffer.from(parsed.signingInput, 'latin1'), parsed.signature);
}
