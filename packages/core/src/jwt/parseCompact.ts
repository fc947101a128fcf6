import { isUtf8 } from 'node:buffer';
import { type Result, err, ok } from 'neverthrow';
import type { ViolationInput } from '../types.js';
import { decodeSegment } from './decodeSegment.js';
import { findDuplicateMember } from './findDuplicateMember.js';

/** A compact JWS split and decoded, not yet verified. Never read claims from it before verification. */
export interface ParsedCompact {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  /** `base64url(header) '.' base64url(payload)`, the bytes that were signed. */
  readonly signingInput: string;
  readonly encodedHeader: string;
  readonly encodedPayload: string;
  readonly encodedSignature: string;
  readonly signature: Uint8Array;
}

/** Strict UTF-8, as `TextDecoder('utf-8', { fatal: true })` reads it (a leading BOM dropped), without its cost. */
function utf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new TypeError('not UTF-8');
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes.toString('utf8', bom ? 3 : 0);
}

function decodeObject(
  segment: string,
  path: string,
): Result<Readonly<Record<string, unknown>>, ViolationInput> {
  const bytes = decodeSegment(segment);
  if (bytes === undefined) return err({ code: 'token_malformed', path, expected: 'canonical base64url' });
  let text: string;
  let value: unknown;
  try {
    text = utf8(bytes);
    value = JSON.parse(text);
  } catch {
    return err({ code: 'token_malformed', path, expected: 'UTF-8 JSON' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err({ code: 'token_malformed', path, expected: 'a JSON object' });
  }
  // JSON.stringify writes every member of the parsed object once, so a text equal to it has no repeated name;
  // any other text (whitespace, escapes, other number forms, a repeat) is scanned.
  const duplicate = JSON.stringify(value) === text ? undefined : findDuplicateMember(text);
  if (duplicate !== undefined)
    return err({ code: 'token_duplicate_member', path, actual: duplicate.slice(0, 64) });
  return ok(value as Record<string, unknown>);
}

/**
 * Splits a compact JWS strictly before anything else looks at it: a string of at most `maxLength`
 * characters, exactly three canonical base64url segments (only the signature may be empty) (no padding, no whitespace), a UTF-8
 * JSON object in the header and the payload, and no repeated member names in either.
 *
 * @example
 * ```ts
 * const parsed = parseCompact(token, 'maskinporten');
 * if (parsed.isErr()) console.log(parsed.error.code); // 'token_malformed'
 * ```
 */
export function parseCompact(
  token: unknown,
  path: string,
  maxLength = 16_384,
): Result<ParsedCompact, ViolationInput> {
  if (typeof token !== 'string' || token.length === 0) {
    return err({ code: 'token_malformed', path, expected: 'a compact JWS string' });
  }
  if (token.length > maxLength)
    return err({ code: 'token_malformed', path, expected: `at most ${maxLength} characters` });
  const parts = token.split('.');
  if (parts.length !== 3) return err({ code: 'token_malformed', path, expected: 'three segments' });
  const [h, p, s] = parts as [string, string, string];
  // An empty signature parses (as no bytes) so that `alg: none` is reported as such; it never verifies.
  const signature = s === '' ? Buffer.alloc(0) : decodeSegment(s);
  if (signature === undefined)
    return err({ code: 'token_malformed', path: `${path}.signature`, expected: 'canonical base64url' });
  return decodeObject(h, `${path}.header`).andThen((header) =>
    decodeObject(p, `${path}.payload`).map((payload) => ({
      header,
      payload,
      signingInput: `${h}.${p}`,
      encodedHeader: h,
      encodedPayload: p,
      encodedSignature: s,
      signature,
    })),
  );
}
