// @ts-nocheck
import { createHash } from 'node:crypto';

// An RSASSA-PKCS1-v1_5 verifier written from RFC 8017 §8.2.2 with BigInt arithmetic, independent of OpenSSL's
// signature code (only the digest comes from node:crypto), for the differential law against production's
// node:crypto verify.

const DIGEST_INFO: Readonly<Record<string, string>> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

const toBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** RSASSA-PKCS1-v1_5 verification of `signature` over `data` under the public JWK `{ n, e }`. */
export function textbookRsaVerify(
  hash: string,
  data: Uint8Array,
  jwk: { readonly n: string; readonly e: string },
  signature: Uint8Array,
): boolean {
  const prefix = DIGEST_INFO[hash];
  if (prefix === undefined) return false;
  const nBytes = Buffer.from(jwk.n, 'base64url');
  const n = toBigInt(nBytes);
  const k = nBytes.length - (nBytes[0] === 0 ? 1 : 0);
  if (signature.length !== k) return false;
  const s = toBigInt(signature);
  if (s >= n) return false;
  const m = modPow(s, toBigInt(Buffer.from(jwk.e, 'base64url')), n);
  const em = Buffer.from(m.toString(16).padStart(k * 2, '0'), 'hex');
  const t = Buffer.concat([Buffer.from(prefix, 'hex'), createHash(hash).update(data).digest()]);
  const expected = Buffer.concat([
    Buffer.from([0, 1]),
    Buffer.alloc(k - t.length - 3, 0xff),
    Buffer.from([0]),
    t,
  ]);
  return em.length === k && em.equals(expected);
}
