// Private: the part of node:buffer that core's token parsing and signature step use, for the inspector's
// browser build (esbuild maps `node:buffer` here and injects `Buffer` as the global). Encodings: utf8,
// latin1, base64, base64url, hex.

type Encoding = 'utf8' | 'utf-8' | 'latin1' | 'binary' | 'base64' | 'base64url' | 'hex';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) continue;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

function toBase64(bytes: Uint8Array, url: boolean): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const triple = (a << 16) | (b << 8) | c;
    const chars = [18, 12, 6, 0].map((s) => ALPHABET[(triple >> s) & 63]);
    const keep = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    out += chars.slice(0, keep).join('') + (url ? '' : '='.repeat(4 - keep));
  }
  return url ? out.replace(/\+/g, '-').replace(/\//g, '_') : out;
}

/** A Uint8Array with Buffer's `from`, `alloc`, `concat`, `byteLength` and `toString(encoding)`. */
export class Buffer extends Uint8Array {
  static override from(value: unknown, encoding?: unknown, _length?: unknown): Buffer {
    if (typeof value === 'string') {
      const enc = (encoding ?? 'utf8') as Encoding;
      let bytes: Uint8Array;
      if (enc === 'latin1' || enc === 'binary') bytes = Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff);
      else if (enc === 'base64' || enc === 'base64url') bytes = fromBase64(value);
      else if (enc === 'hex')
        bytes = Uint8Array.from(value.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
      else bytes = new TextEncoder().encode(value);
      return Buffer.wrap(bytes);
    }
    return Buffer.wrap(Uint8Array.from(value as ArrayLike<number>));
  }
  static alloc(size: number): Buffer {
    return new Buffer(size);
  }
  static concat(list: readonly Uint8Array[]): Buffer {
    const out = new Buffer(list.reduce((n, b) => n + b.length, 0));
    let offset = 0;
    for (const b of list) {
      out.set(b, offset);
      offset += b.length;
    }
    return out;
  }
  static byteLength(text: string): number {
    return new TextEncoder().encode(text).length;
  }
  static isBuffer(value: unknown): value is Buffer {
    return value instanceof Buffer;
  }
  private static wrap(bytes: Uint8Array): Buffer {
    const out = new Buffer(bytes.length);
    out.set(bytes);
    return out;
  }
  override toString(encoding: Encoding = 'utf8', start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    if (encoding === 'latin1' || encoding === 'binary') return String.fromCharCode(...bytes);
    if (encoding === 'base64' || encoding === 'base64url') return toBase64(bytes, encoding === 'base64url');
    if (encoding === 'hex') return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return new TextDecoder().decode(bytes);
  }
}

/** Whether `bytes` are well-formed UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
