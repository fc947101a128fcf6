// @ts-nocheck
import type { OrgRef } from '../types.js';

// Private: small, total readers of claim values shared by the normalisers.

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Parses `{authority, ID}` with ID as `ICD:value[:...]` (2 to 4 parts, MP-TOKEN). No naive split. */
export function orgRef(value: unknown): OrgRef | undefined {
  const r = record(value);
  const id = str(r?.['ID']);
  if (r === undefined || id === undefined) return undefined;
  // The colons found one by one (at most four parts matter): what `split(':')` would give, without its arrays.
  const first = id.indexOf(':');
  let parts = 1;
  for (let at = first; at !== -1 && parts <= 4; at = id.indexOf(':', at + 1)) parts += 1;
  const twoParts = parts === 2 && first > 0 && first < id.length - 1;
  return Object.freeze({
    authority: str(r['authority']),
    id,
    icd: parts >= 2 && parts <= 4 ? id.slice(0, first) : undefined,
    value: twoParts ? id.slice(first + 1) : undefined,
  });
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 date-time with offset, any number of fraction digits (Altinn 3 writes microseconds). Epoch s. */
export function isoSeconds(value: string): number | undefined {
  const m = ISO.exec(value);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, , zone] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const date = new Date(utc);
  if (
    date.getUTCFullYear() !== +y ||
    date.getUTCMonth() !== +mo - 1 ||
    date.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    +s > 59
  ) {
    return undefined;
  }
  // RFC 3339: an offset's hours are 00..23 and its minutes 00..59 (`-99:00` would move a past date 99 h ahead).
  if (zone !== 'Z' && (+zone.slice(1, 3) > 23 || +zone.slice(4, 6) > 59)) return undefined;
  const offset =
    zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(4, 6));
  return utc / 1000 - offset * 60;
}

const LEGACY_DOTTED = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;
const LEGACY_DASHED = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * The two legacy Altinn 2 date strings (`dd.MM.yyyy HH:mm:ss`, `yyyy-MM-dd HH:mm:ss`). Their time zone is
 * unspecified (UNCONFIRMED; presumably Norwegian local time); they are read as UTC+02:00 (Norwegian summer
 * time, the largest offset), which gives the earliest instant the text can mean: a consent end errs early by an
 * hour in winter, never late. (Reading UTC+01:00 made a summer-time consent last an hour past its end.)
 */
export function legacySeconds(value: string): number | undefined {
  const dotted = LEGACY_DOTTED.exec(value);
  const dashed = LEGACY_DASHED.exec(value);
  const parts =
    dotted !== null
      ? [dotted[3], dotted[2], dotted[1], dotted[4], dotted[5], dotted[6]]
      : dashed?.slice(1, 7);
  if (parts === undefined) return undefined;
  const [y, mo, d, h, mi, s] = parts as [string, string, string, string, string, string];
  return isoSeconds(`${y}-${mo}-${d}T${h}:${mi}:${s}+02:00`);
}
