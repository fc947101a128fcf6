// Private: how the renderers write values. Every string that comes from a record goes through `html` or `md`;
// numbers and times are formatted here so both reports read alike.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and double-quoted attribute values; no markup survives. */
export function html(text: string | null | undefined): string {
  return (text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * Text for a Markdown table cell or line: every character Markdown, inline HTML or math would act on is escaped,
 * and so is what GitHub's autolinks start at (the `:` of `://`, the dot of `www.`, and `@` of an address), so a
 * URL from a record is shown as text and never becomes a link.
 */
export function md(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_[\]|<>&~#$@]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/(www)\./gi, '$1\\.');
}

/** 1234567 → `1,234,567`. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 chain`, `2 chains`: a count and its noun, plural unless one. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${int(n)} ${n === 1 ? noun : plural}`;
}

/** A share as a percentage with one decimal, `–` of nothing. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;
}

/**
 * Epoch seconds as ISO 8601 in UTC with its offset, as a person reads it: `2026-01-02T13:00:05+00:00`,
 * `2026-01-02T13:00+00:00` by hour, `2026-01-02` by (UTC) day.
 */
export function utc(seconds: number, unit: 'hour' | 'day' | 'second' = 'second'): string {
  const iso = new Date(seconds * 1000).toISOString();
  if (unit === 'day') return iso.slice(0, 10);
  if (unit === 'hour') return `${iso.slice(0, 16)}+00:00`;
  return `${iso.slice(0, 19)}+00:00`;
}

/** A short form of a long rule id for a table: a combinator's default id `all(a,b,c,…)` cut after 32 characters. */
export function shortId(id: string): string {
  return id.length > 40 && /^(all|any|not|when)\(/.test(id) ? `${id.slice(0, 32)}…)` : id;
}

/** A rule's path of ids, for a person: `policy › all(…) › scope`. */
export function rulePath(path: readonly string[]): string {
  return path.map(shortId).join(' › ');
}

/** Seconds as a short duration: `3 d 4 h`, `5 h 12 min`, `40 s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}

/** A latency in ms, `–` when there is none. */
export function ms(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(value < 10 ? 3 : 1)} ms`;
}

/** `file:line`. */
export function at(p: { readonly file: string; readonly line: number }): string {
  return `${p.file}:${p.line}`;
}
