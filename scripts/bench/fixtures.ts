import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { localKeySet } from '@dsop-guard/core';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import { preset } from '@dsop-guard/rules';

// Tokens minted by the test kit, pre-minted into pools before any timing, and the hand-written floor: node:crypto
// verify with KeyObjects imported once, base64url/JSON decoding and the Lånekassen preset's conditions by hand.

export const now = Math.floor(Date.now() / 1000);
export const mpKeys = createTestKeys({ kid: 'mp-bench' });
export const altinnKeys = createTestKeys({ x5t: true });
export const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
export const lanekassen = preset('lanekassen-saldo', 'test');
export const keys = {
  maskinporten: localKeySet({ issuer: lanekassen.issuer, jwks: mpKeys.jwks }),
  consent: localKeySet({ issuer: lanekassen.consentIssuer, jwks: altinnKeys.jwks, matchX5t: true }),
};

export const pool = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);

/** Cycles through a pool: `next()` gives the next element, wrapping around. */
export function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length] as T;
}

const mpKey: KeyObject = createPublicKey({ key: mpKeys.publicJwk as never, format: 'jwk' });
const altinnKey: KeyObject = createPublicKey({ key: altinnKeys.publicJwk as never, format: 'jwk' });

type Json = Record<string, unknown>;

/** Decodes a compact JWS and verifies its RS256 signature with a cached KeyObject; undefined if it does not verify. */
export function decodeVerified(token: string, key: KeyObject): Json | undefined {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  const header = JSON.parse(Buffer.from(token.slice(0, first), 'base64url').toString()) as Json;
  if (header['alg'] !== 'RS256') return undefined;
  const signature = Buffer.from(token.slice(second + 1), 'base64url');
  if (!verify('sha256', Buffer.from(token.slice(0, second), 'latin1'), key, signature)) return undefined;
  return JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString()) as Json;
}
export const decodeMaskinporten = (t: string) => decodeVerified(t, mpKey);
export const decodeConsent = (t: string) => decodeVerified(t, altinnKey);

function validFnr(id: string): boolean {
  if (!/^\d{11}$/.test(id)) return false;
  const d = [...id].map(Number) as number[];
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const k = (w: number[]) => {
    const r = 11 - (w.reduce((s, x, i) => s + x * (d[i] as number), 0) % 11);
    return r === 11 ? 0 : r;
  };
  return k(w1) === d[9] && k(w2) === d[10];
}

const AMR = ['private_key_jwt', 'virksomhetssertifikat', 'QCForESeal', 'CForESeal'];
const tol = 10;

/** The preset's conditions written by hand over decoded claims: what a team without dsop-guard would write. */
export function handCheck(mp: Json, consent: Json | undefined, person: string, at: number): boolean {
  const exp = mp['exp'];
  const iat = mp['iat'];
  const consumer = (mp['consumer'] as Json | undefined)?.['ID'];
  if (mp['iss'] !== lanekassen.issuer || mp['token_type'] !== 'Bearer') return false;
  if (!AMR.includes(mp['client_amr'] as string)) return false;
  if (typeof exp !== 'number' || typeof iat !== 'number' || exp - iat > 120 || at >= exp + tol) return false;
  if (
    typeof mp['scope'] !== 'string' ||
    !mp['scope'].split(' ').includes('lanekassen:lan/v1/saldoopplysninger')
  )
    return false;
  if (typeof consumer !== 'string' || !/^0192:\d{9}$/.test(consumer)) return false;
  if (mp['supplier'] !== undefined || mp['pid'] !== undefined) return false;
  if (consent === undefined || consent['iss'] !== 'altinn.no') return false;
  if ((consent['exp'] as number) + tol <= at || (consent['nbf'] as number) > at + tol) return false;
  if (String(consent['CoveredBy']) !== consumer.slice(5) || consent['OfferedBy'] !== person) return false;
  const validTo = consent['ValidToDate'] as number;
  if (validTo <= at || validTo - (consent['DelegatedDate'] as number) > 366 * 86_400) return false;
  const services = consent['Services'] as string[];
  if (!services.includes('5498_1') || !services.some((s) => s.startsWith('5498_1_Navn='))) return false;
  return validFnr(person);
}

/** The floor of one request: verify and decode both tokens (or only the consent), then the hand check. */
export function floor(mpToken: string, consentToken: string, person: string, mp?: Json): boolean {
  const claims = mp ?? decodeMaskinporten(mpToken);
  const consent = decodeConsent(consentToken);
  return claims !== undefined && handCheck(claims, consent, person, now);
}
