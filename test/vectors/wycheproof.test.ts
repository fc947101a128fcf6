import { readFileSync } from 'node:fs';
import { localKeySet, verifyToken } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
// Pins the signature step on purpose: each vector is checked at the bytes (verifyBytes) as well as through
// verifyToken, so a vector the token layer refuses early still reaches the signature check.
import { supportedAlgorithms } from '../../packages/core/src/jwt/algorithms.js';
import type { VerificationKey } from '../../packages/core/src/jwt/keySetTypes.js';
import { type ParsedCompact, parseCompact } from '../../packages/core/src/jwt/parseCompact.js';
import { verifyBytes, verifySignature } from '../../packages/core/src/jwt/verifySignature.js';
import { propertyKeys } from '../properties/support/keys.js';

// Project Wycheproof through dsop-guard's verification path (see wycheproof/SOURCE.md).
//
// What can honestly be asserted where:
// - Full path (verifyToken, production options): every vector is denied. Invalid ones must be; valid ones are
//   too, because none carries a JSON-object payload with exp/iat (their payloads are `foo`, `Test`, text), and
//   most use algorithms Maskinporten never does. Widening `algorithms` to everything dsop-guard supports must
//   still deny every invalid vector.
// - Signature path (parseCompact's segment rules + verifySignature, the one place production checks a signature,
//   with the key imported by localKeySet as production does): for RS*, PS* and ES256 vectors, the decision is
//   exactly the vector's `result`. The payload is not required to be a JSON object here: that requirement is
//   unrelated to signature validity.
// - Raw RSASSA-PKCS1-v1_5 vectors (msg/sig hex) cannot be wrapped as a JWS signing input, so they are run through
//   the same key import (localKeySet → node:crypto createPublicKey) and the same node:crypto verify call
//   production makes for RS256 (`verifyBytes`, the primitive under verifySignature; keys of at least 2048 bits).

interface JwsVector {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly jws: unknown;
  readonly result: 'valid' | 'invalid' | 'acceptable';
}
interface JwsGroup {
  readonly comment: string;
  readonly public?: Readonly<Record<string, unknown>>;
  readonly tests: readonly JwsVector[];
}
interface RsaVector {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly msg: string;
  readonly sig: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
}
interface RsaGroup {
  readonly keyJwk: Readonly<Record<string, unknown>>;
  readonly keySize: number;
  readonly tests: readonly RsaVector[];
}

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./wycheproof/${name}`, import.meta.url), 'utf8')) as T;
const jwsGroups = load<{ testGroups: JwsGroup[] }>('json_web_signature_test.json').testGroups;
const rsaGroups = load<{ testGroups: RsaGroup[] }>('rsa_signature_2048_sha256_test.json').testGroups;
const now = 1_764_000_000;
const KID = 'wycheproof';
const SIGNATURE_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256'];
/**
 * Valid vectors that dsop-guard denies on purpose: RFC 7520 Figure 20 signs with PS384 under a JWK whose `alg` is
 * PS256. A key set never uses a key for an algorithm its JWK does not name (jwksIndex.selectJwk), so these stay
 * denied.
 */
const STRICTER: ReadonlySet<number> = new Set([346, 350]);

/** The vector's public key as a key set, under a kid we add (or the vector's own kid). Undefined when no usable key. */
function keySetOf(group: JwsGroup): ReturnType<typeof localKeySet> | undefined {
  if (group.public === undefined) return undefined;
  try {
    return localKeySet({ issuer: 'wycheproof', jwks: { keys: [{ kid: KID, ...group.public }] } });
  } catch {
    return undefined;
  }
}

const fallback = localKeySet({ issuer: 'wycheproof', jwks: { keys: [{ ...propertyKeys().maskinporten.publicJwk, kid: KID }] } });
const allVectors = jwsGroups.flatMap((g) => g.tests.map((t) => ({ group: g, t })));
const headerOf = (jws: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** The production signature decision for a compact JWS: canonical segments (parseCompact's rules) and verifySignature. */
async function signatureAccepted(jws: string, alg: string, keys: ReturnType<typeof localKeySet>): Promise<boolean> {
  const parts = jws.split('.');
  if (parts.length !== 3) return false;
  const [h, p, s] = parts as [string, string, string];
  // Header and signature by parseCompact itself; the payload segment with a header known to parse, so that only
  // its base64url form is judged, not whether it holds a JSON object.
  const probe = parseCompact(`${h}.e30.${s}`, 'w');
  if (probe.isErr()) return false;
  // An empty payload is a valid JWS but never a JWT (whose payload is a JSON object); parseCompact rejects it for
  // that reason alone, so it is not judged here.
  const payloadProbe = parseCompact(`e30.${p === '' ? 'e30' : p}.`, 'w');
  if (payloadProbe.isErr() && payloadProbe.error.expected === 'canonical base64url') return false;
  const key = await keys.resolve({ kid: typeof probe.value.header['kid'] === 'string' ? (probe.value.header['kid'] as string) : KID, x5t: undefined, alg });
  if (key.isErr()) return false;
  const parsed: ParsedCompact = { ...probe.value, encodedPayload: p, signingInput: `${h}.${p}` };
  return verifySignature(parsed, alg, key.value as VerificationKey);
}

describe('Wycheproof JWS vectors (json_web_signature_test.json)', () => {
  it('has the vectors this suite expects', () => {
    expect(allVectors.length).toBe(401);
  });

  it('every vector is denied by verifyToken with production options, whatever its result', async () => {
    for (const { group, t } of allVectors) {
      const keys = keySetOf(group) ?? fallback;
      const r = await verifyToken(t.jws, { keys, now });
      expect(r.isErr(), `tcId ${t.tcId} ${t.comment}`).toBe(true);
    }
  });

  it('every invalid vector is denied even with every supported algorithm allowed', async () => {
    for (const { group, t } of allVectors.filter((v) => v.t.result === 'invalid')) {
      const keys = keySetOf(group) ?? fallback;
      const r = await verifyToken(t.jws, { keys, now, algorithms: supportedAlgorithms, requiredClaims: [] });
      expect(r.isErr(), `tcId ${t.tcId} ${t.comment}`).toBe(true);
    }
  });

  it('valid vectors outside RS256/384/512 are denied for their algorithm (alg_not_allowed) or their form, never for a bad signature', async () => {
    for (const { group, t } of allVectors.filter((v) => v.t.result === 'valid')) {
      const alg = typeof t.jws === 'string' ? headerOf(t.jws)?.['alg'] : undefined;
      if (alg === 'RS256' || alg === 'RS384' || alg === 'RS512') continue;
      const r = await verifyToken(t.jws, { keys: keySetOf(group) ?? fallback, now });
      expect(['alg_not_allowed', 'token_malformed'], `tcId ${t.tcId} ${t.comment}`).toContain(r._unsafeUnwrapErr().code);
    }
  });

  it('RS*, PS* and ES256 vectors: the production signature path decides exactly as the vector says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    let validChecked = 0;
    for (const { group, t } of allVectors) {
      const keyAlg = group.public?.['alg'];
      if (typeof keyAlg !== 'string' || !SIGNATURE_ALGS.includes(keyAlg) || typeof t.jws !== 'string') continue;
      const headerAlg = headerOf(t.jws)?.['alg'];
      const alg = typeof headerAlg === 'string' ? headerAlg : keyAlg;
      const keys = keySetOf(group);
      const accepted = keys === undefined ? false : await signatureAccepted(t.jws, alg, keys);
      const expected = t.result === 'valid' && !STRICTER.has(t.tcId);
      if (accepted !== expected) mismatches.push(`tcId ${t.tcId} ${t.comment} (${alg}): ${accepted}`);
      checked += 1;
      if (t.result === 'valid') validChecked += 1;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(300);
    expect(validChecked).toBeGreaterThanOrEqual(20);
  });

  it('a key meant for encryption (use "enc", or key_ops without "verify") never verifies a signature', async () => {
    const wrongUse = allVectors.filter((v) => ['rejectWrongUse', 'rejectWrongKeyOps'].includes(v.t.comment));
    expect(wrongUse.map((v) => v.t.tcId)).toEqual([353, 354, 355, 356]);
    for (const { group, t } of wrongUse) {
      const alg = String(headerOf(t.jws as string)?.['alg']);
      const keys = keySetOf(group);
      const accepted = keys === undefined ? false : await signatureAccepted(t.jws as string, alg, keys);
      expect(accepted, `tcId ${t.tcId} ${t.comment}`).toBe(false);
    }
  });

  it('every valid RS256 vector verifies on the signature path', async () => {
    const rs256 = allVectors.filter((v) => v.group.public?.['alg'] === 'RS256' && v.t.result === 'valid');
    expect(rs256.length).toBeGreaterThanOrEqual(8);
    for (const { group, t } of rs256) {
      expect(await signatureAccepted(t.jws as string, 'RS256', keySetOf(group) as ReturnType<typeof localKeySet>), `tcId ${t.tcId}`).toBe(true);
    }
  });

  it('base64url edge cases (spaces, stray characters, modified unused bits) are rejected as token_malformed', () => {
    const edge = jwsGroups.filter((g) => g.comment === 'base64').flatMap((g) => g.tests);
    // 367 and 370 ("invalidBase64Padding") are byte-identical to the valid 357 upstream: the padding they name is not
    // in the data. They are denied all the same (HS256 is never allowed).
    const malformed = edge.filter((t) => t.result === 'invalid' && ![367, 370].includes(t.tcId));
    expect(malformed.length).toBe(12);
    for (const t of malformed) {
      const r = parseCompact(t.jws, 'w');
      expect(r.isErr() && r.error.code, `tcId ${t.tcId} ${t.comment}`).toBe('token_malformed');
    }
    // Two vectors Wycheproof marks valid put a '?' inside a segment (a lenient decoder skips it); dsop-guard is
    // stricter and rejects them.
    for (const t of edge.filter((v) => [372, 373].includes(v.tcId))) expect(parseCompact(t.jws, 'w').isErr()).toBe(true);
  });
});

describe('Wycheproof RSASSA-PKCS1-v1_5 SHA-256 vectors (rsa_signature_2048_sha256_test.json)', () => {
  it('has the vectors this suite expects', () => {
    expect(rsaGroups.reduce((n, g) => n + g.tests.length, 0)).toBe(259);
  });

  it('the production key import and the production RS256 verify call decide exactly as each vector says', async () => {
    let checked = 0;
    for (const group of rsaGroups) {
      const keys = localKeySet({ issuer: 'wycheproof', jwks: { keys: [{ ...group.keyJwk, kid: KID }] } });
      const key = await keys.resolve({ kid: KID, x5t: undefined, alg: 'RS256' });
      expect(key.isOk(), `key of ${group.keyJwk['n']?.toString().slice(0, 16)}`).toBe(true);
      if (key.isErr()) continue;
      const details = 'asymmetricKeyDetails' in key.value ? key.value.asymmetricKeyDetails : undefined;
      expect(details?.modulusLength).toBeGreaterThanOrEqual(2048);
      for (const t of group.tests) {
        const ok = verifyBytes('RS256', key.value, Buffer.from(t.msg, 'hex'), Buffer.from(t.sig, 'hex'));
        if (t.result !== 'acceptable') expect(ok, `tcId ${t.tcId} ${t.comment} ${t.flags.join(',')}`).toBe(t.result === 'valid');
        checked += 1;
      }
    }
    expect(checked).toBe(259);
  });
});
