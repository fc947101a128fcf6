// Private: a pasted pair decoded leniently, for display only (the verdict comes from core's strict parser), and
// what the page reads from pasted text: quotes, JSON, a header block.

/** A decoded JSON object. */
export type Json = Record<string, unknown>;

export interface Decoded {
  readonly header: Json | undefined;
  readonly payload: Json | undefined;
  readonly problem: string | undefined;
}

function decodePart(part: string): Json | undefined {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A lenient decode for display only: the verdict comes from core's strict parser. */
export function decode(token: string): Decoded {
  const parts = token.trim().split('.');
  if (parts.length !== 3)
    return { header: undefined, payload: undefined, problem: 'not three dot-separated parts' };
  try {
    const header = decodePart(parts[0] as string);
    const payload = decodePart(parts[1] as string);
    return { header, payload, problem: header && payload ? undefined : 'a part is not a JSON object' };
  } catch {
    return { header: undefined, payload: undefined, problem: 'a part is not base64url JSON' };
  }
}

export const unquote = (t: string): string =>
  t
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim();

/** The lines of a pasted header block as Node's rawHeaders: name, value, name, value. */
export function rawHeadersOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[A-Z]+ \S+ HTTP\/\d/.test(line) || line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return out;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const orgOf = (ref: unknown): string | undefined => {
  const id = typeof ref === 'string' ? ref : (ref as { ID?: unknown } | null)?.ID;
  if (typeof id !== 'string') return undefined;
  const m = /^(?:urn:altinn:organization:identifier-no:|0192:)?(\d{9})$/.exec(id);
  return m?.[1] ?? id;
};

export function altinn3Of(mp: Json | undefined): Json | undefined {
  const details = mp?.['authorization_details'];
  if (!Array.isArray(details)) return undefined;
  return details.find((d) => (d as Json | null)?.['type'] === 'urn:altinn:consent') as Json | undefined;
}
