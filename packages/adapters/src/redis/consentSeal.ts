import { createHmac, timingSafeEqual } from 'node:crypto';
import type { StoredConsent, TamperedConsent } from '@dsop-guard/core';

// Private: a stored consent as the Redis store keeps it, `<seal>.<body>`. The body is the JSON of the consent
// and its expiry; the seal is an HMAC-SHA256 (base64url) under the store's seal key of a label, the entry's
// whole key and the body, so it covers every field, the expiry and where the entry lives. Reading checks the
// seal over the exact text before anything parses it, then the shape, then the expiry.

const LABEL = 'dsop-guard consent seal v1\n';
/** Characters of a base64url SHA-256 HMAC. */
const SEAL_LENGTH = 43;

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isOptional = (v: unknown, type: 'string' | 'number'): boolean => v === undefined || typeof v === type;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function rightOf(r: unknown): StoredConsent['rights'][number] | undefined {
  if (!isRecord(r) || !isStrings(r['action']) || !isStrings(r['resources'])) return undefined;
  const metadata = r['metadata'];
  if (!isRecord(metadata) || !Object.values(metadata).every((m) => typeof m === 'string')) return undefined;
  return { action: r['action'], resources: r['resources'], metadata: metadata as Record<string, string> };
}

/** The consent a body holds, with only the fields a stored consent has; undefined for any other shape. */
function consentOf(c: unknown): StoredConsent | undefined {
  if (!isRecord(c) || typeof c['coveredBy'] !== 'string' || typeof c['validTo'] !== 'number')
    return undefined;
  const { handledBy, consentedAt, services, rights, origin } = c;
  if (!isOptional(handledBy, 'string') || !isOptional(consentedAt, 'number') || !isStrings(services))
    return undefined;
  if (origin !== 'altinn2' && origin !== 'altinn3') return undefined;
  const kept = Array.isArray(rights) ? rights.map(rightOf) : [undefined];
  if (kept.includes(undefined)) return undefined;
  return {
    coveredBy: c['coveredBy'],
    handledBy: handledBy as string | undefined,
    validTo: c['validTo'],
    consentedAt: consentedAt as number | undefined,
    services,
    rights: kept as StoredConsent['rights'],
    origin,
  };
}

function parsed(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** Seals consents under `sealKey` and opens what was sealed, for the entry's whole key. */
export function consentSeal(sealKey: string | Uint8Array) {
  const sealOf = (key: string, body: string): string =>
    createHmac('sha256', sealKey)
      .update(LABEL)
      .update(JSON.stringify(key))
      .update('\n')
      .update(body)
      .digest('base64url');

  return {
    seal(key: string, consent: StoredConsent, expiresAt: number): string {
      const body = JSON.stringify({ expiresAt, consent });
      return `${sealOf(key, body)}.${body}`;
    },
    /** The consent sealed under `key`, or why not; `now` in epoch seconds. */
    open(key: string, text: string, now: number): StoredConsent | TamperedConsent {
      if (text.length <= SEAL_LENGTH || text[SEAL_LENGTH] !== '.') return { tampered: 'malformed' };
      const body = text.slice(SEAL_LENGTH + 1);
      const given = Buffer.from(text.slice(0, SEAL_LENGTH));
      const expected = Buffer.from(sealOf(key, body));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { tampered: 'seal' };
      const entry = parsed(body);
      const consent = isRecord(entry) ? consentOf(entry['consent']) : undefined;
      const expiresAt = isRecord(entry) ? entry['expiresAt'] : undefined;
      if (consent === undefined || typeof expiresAt !== 'number') return { tampered: 'malformed' };
      if (!(expiresAt > now && consent.validTo > now)) return { tampered: 'expired' };
      return consent;
    },
  };
}
