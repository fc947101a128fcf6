import { isUtf8 } from 'node:buffer';
import { err, ok, type Result } from 'neverthrow';
import { freezeDeep } from '../freezeDeep.js';
import type { ViolationInput } from '../types.js';
import { decodeSegment } from './decodeSegment.js';
import { findDuplicateMember } from './findDuplicateMember.js';
import { membersAreUnique } from './membersAreUnique.js';

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

/** A segment that did not decode, with its violation: made only on failure, so a success allocates nothing else. */
class Refused {
  constructor(readonly violation: ViolationInput) {}
}

type Decoded = Readonly<Record<string, unknown>> | Refused;

/**
 * Strict UTF-8, as `TextDecoder('utf-8', { fatal: true })` reads it (a leading BOM dropped), without its cost:
 * Node's decoder writes U+FFFD for every sequence that is not UTF-8, so a text without one came from UTF-8, and
 * only a text with one (written in the bytes, or put for bad ones) has its bytes checked.
 */
function utf8(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') && !isUtf8(bytes)) return undefined;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeObject(segment: string, path: string, part: 'header' | 'payload'): Decoded {
  const bytes = decodeSegment(segment);
  if (bytes === undefined)
    return new Refused({ code: 'token_malformed', path: `${path}.${part}`, expected: 'canonical base64url' });
  const text = utf8(bytes);
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    // undefined: not JSON, as not UTF-8.
  }
  if (text === undefined || value === undefined)
    return new Refused({ code: 'token_malformed', path: `${path}.${part}`, expected: 'UTF-8 JSON' });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new Refused({ code: 'token_malformed', path: `${path}.${part}`, expected: 'a JSON object' });
  }
  // Counting members answers "no repeat" at once; only a text with a repeat is scanned for the name. Should the
  // two ever disagree, the token is refused all the same.
  if (membersAreUnique(text, value)) return value as Record<string, unknown>;
  const duplicate = findDuplicateMember(text) ?? '';
  return new Refused({
    code: 'token_duplicate_member',
    path: `${path}.${part}`,
    actual: duplicate.slice(0, 64),
  });
}

/**
 * Decoded headers by their segment, frozen: an issuer signs with a handful of keys, so its tokens share a handful
 * of headers, each decoded once. Only headers that decoded are kept, at most 64: a flood of others empties the
 * map and starts it again, which costs them nothing the decoding did not.
 */
const headers = new Map<string, Readonly<Record<string, unknown>>>();
const MAX_HEADERS = 64;

function decodeHeader(segment: string, path: string): Decoded {
  const known = headers.get(segment);
  if (known !== undefined) return known;
  const decoded = decodeObject(segment, path, 'header');
  if (decoded instanceof Refused) return decoded;
  if (headers.size >= MAX_HEADERS) headers.clear();
  const frozen = freezeDeep(decoded);
  headers.set(segment, frozen);
  return frozen;
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
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  if (second === -1 || token.includes('.', second + 1))
    return err({ code: 'token_malformed', path, expected: 'three segments' });
  const h = token.slice(0, first);
  const p = token.slice(first + 1, second);
  const s = token.slice(second + 1);
  // An empty signature parses (as no bytes) so that `alg: none` is reported as such; it never verifies.
  const signature = s === '' ? Buffer.alloc(0) : decodeSegment(s);
  if (signature === undefined)
    return err({ code: 'token_malformed', path: `${path}.signature`, expected: 'canonical base64url' });
  const header = decodeHeader(h, path);
  if (header instanceof Refused) return err(header.violation);
  const payload = decodeObject(p, path, 'payload');
  if (payload instanceof Refused) return err(payload.violation);
  return ok({
    header,
    payload,
    signingInput: token.slice(0, second),
    encodedHeader: h,
    encodedPayload: p,
    encodedSignature: s,
    signature,
  });
}
