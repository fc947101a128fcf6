// @ts-nocheck
// Private: one segment of a compact JWS, decoded only when it is canonical base64url (RFC 7515 §2, RFC 4648 §5):
// another string that decodes to the same bytes would let one signature stand for two tokens.

/** The 6-bit value of a base64url character (of the alphabet: the caller has decoded the segment whole). */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a–z: 26–51
  if (code >= 65) return code === 95 ? 63 : code - 65; // A–Z: 0–25, '_': 63
  return code === 45 ? 62 : code + 4; // '-': 62, 0–9: 52–61
}

/**
 * Whether the last character carries no stray bits: with 2 (or 3) characters in the last group, its low 4 (or
 * 2) bits are not part of any byte and must be zero, else another string decodes to the same bytes. For a
 * string of the alphabet whose length is not 1 mod 4 this is exactly "re-encoding gives the string back".
 */
function canonicalTail(segment: string): boolean {
  const rest = segment.length % 4;
  if (rest === 0) return true;
  const last = sextet(segment.charCodeAt(segment.length - 1));
  return (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/**
 * Canonical base64url only: the alphabet, no padding, no stray bits in the last character. Node's decoder is
 * lenient (it skips what is not base64, also reads `+` and `/`, and reads a non-ASCII character by its low byte),
 * so the alphabet holds exactly when the segment is ASCII, has no `+`, `/` or `=`, and every character was
 * decoded: `length` characters give `⌊3·length/4⌋` bytes, one skipped character fewer. test/core/jwtParts.test.ts checks this against the regular expression on every character.
 */
export function decodeSegment(segment: string): Buffer | undefined {
  const rest = segment.length % 4;
  if (segment.length === 0 || rest === 1) return undefined;
  // It also reads a character beyond ASCII by its low byte: only ASCII has one UTF-8 byte per character.
  if (Buffer.byteLength(segment, 'utf8') !== segment.length) return undefined;
  if (segment.includes('+') || segment.includes('/') || segment.includes('=')) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.length !== (segment.length >> 2) * 3 + (rest === 0 ? 0 : rest - 1)) return undefined;
  return canonicalTail(segment) ? bytes : undefined;
}
