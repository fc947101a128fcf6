// @ts-nocheck
// Private: what the inspector page reads from a pasted pair, without the DOM: a lenient decode for display,
// the named traps, the pair's cross-checks, the time windows and the identifiers. The verdict is not here: it
// is the library's (see main.ts).

import { type Environment, parseOrgno, parsePersonId } from '@dsop-guard/rules';

/** A decoded JSON object. */
export type Json = Record<string, unknown>;

const ALTINN2_RETIRED = Date.UTC(2026, 5, 19) / 1000; // reference §1.11: "utover 19. juni 2026 … Altinn 3"
const ISSUERS: Readonly<Record<string, Environment | 'ver2'>> = {
  'https://maskinporten.no/': 'prod',
  'https://test.maskinporten.no/': 'test',
  'https://ver2.maskinporten.no/': 'ver2',
};

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

export interface Trap {
  readonly id: string;
  readonly text: string;
}

export const unquote = (t: string): string =>
  t
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim();

/** Traps in how the two tokens were pasted: a scheme in front of one, quotes around the other. */
function pastingTraps(mpRaw: string, consentRaw: string, bearerForbidden: boolean): Trap[] {
  const traps: Trap[] = [];
  if (/^\s*bearer\s/i.test(mpRaw))
    traps.push({
      id: 'bearer',
      text: bearerForbidden
        ? '"Bearer " in front of the Maskinporten token: this service (Lånekassen) wants the raw token in Authorization, no scheme.'
        : '"Bearer " in front of the Maskinporten token: put it in the Authorization header, not in the token.',
    });
  if (/^\s*"/.test(consentRaw) || /"\s*$/.test(consentRaw))
    traps.push({
      id: 'quotes',
      text: 'Quotes around the consent token (Altinn returns it as a JSON string): strip them before sending it. dsop-guard strips them; a data source may not.',
    });
  return traps;
}

/** The retired ver2 issuer, or an issuer of another environment than the one chosen. */
function issuerTraps(mp: Json | undefined, env: Environment): Trap[] {
  const iss = typeof mp?.['iss'] === 'string' ? mp['iss'] : undefined;
  const issEnv = iss === undefined ? undefined : ISSUERS[iss];
  if (issEnv === 'ver2')
    return [
      {
        id: 'ver2',
        text: 'The retired ver2 issuer (https://ver2.maskinporten.no/, phased out 10 June 2024).',
      },
    ];
  if (issEnv !== undefined && issEnv !== env)
    return [
      {
        id: 'environment',
        text: `A ${issEnv.toUpperCase()} token sent to ${env.toUpperCase()}: the issuer is ${iss}.`,
      },
    ];
  return [];
}

/** An Altinn 2 consent past Altinn 2's retirement, or one that names its end ValidTo. */
function consentTraps(consent: Json | undefined, now: number): Trap[] {
  if (consent === undefined) return [];
  const traps: Trap[] = [];
  const validTo = typeof consent['ValidToDate'] === 'number' ? consent['ValidToDate'] : undefined;
  if (now >= ALTINN2_RETIRED || (validTo !== undefined && validTo > ALTINN2_RETIRED))
    traps.push({
      id: 'altinn2-retired',
      text: 'An Altinn 2 consent after its retirement: consents lasting beyond 19 June 2026 must be given again through Altinn 3.',
    });
  if (consent['ValidTo'] !== undefined && consent['ValidToDate'] === undefined)
    traps.push({
      id: 'validto',
      text: 'ValidTo instead of ValidToDate: the consent token names its end ValidToDate.',
    });
  return traps;
}

/** The common traps seen in a pasted pair, in a fixed order. */
export function trapsOf(
  mpRaw: string,
  consentRaw: string,
  env: Environment,
  mp: Json | undefined,
  consent: Json | undefined,
  now: number,
  bearerForbidden: boolean,
): Trap[] {
  const whitespace = /\s/.test(mpRaw.replace(/^\s*bearer\s+/i, '').trim());
  return [
    ...pastingTraps(mpRaw, consentRaw, bearerForbidden),
    ...issuerTraps(mp, env),
    ...consentTraps(consent, now),
    ...(whitespace
      ? [{ id: 'whitespace', text: 'Whitespace or a line break inside the Maskinporten token.' }]
      : []),
  ];
}

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

export const when = (s: number): string => `${new Date(s * 1000).toISOString().replace('.000Z', 'Z')} (${s})`;

export const orgOf = (ref: unknown): string | undefined => {
  const id = typeof ref === 'string' ? ref : (ref as { ID?: unknown } | null)?.ID;
  if (typeof id !== 'string') return undefined;
  const m = /^(?:urn:altinn:organization:identifier-no:|0192:)?(\d{9})$/.exec(id);
  return m?.[1] ?? id;
};

function altinn3Of(mp: Json | undefined): Json | undefined {
  const details = mp?.['authorization_details'];
  if (!Array.isArray(details)) return undefined;
  return details.find((d) => (d as Json | null)?.['type'] === 'urn:altinn:consent') as Json | undefined;
}

export interface Check {
  readonly what: string;
  readonly left: string;
  readonly right: string;
  readonly status: 'match' | 'mismatch' | 'absent' | 'info';
}

const pair = (what: string, l: string | undefined, r: string | undefined): Check => ({
  what,
  left: l ?? '—',
  right: r ?? '—',
  status: l === undefined || r === undefined ? 'absent' : l === r ? 'match' : 'mismatch',
});

/** Delegation: supplier and delegation_source go together, and the supplier is the consent's HandledBy. */
function delegationChecks(mp: Json | undefined, a2: Json | undefined): Check[] {
  const supplier = orgOf(mp?.['supplier']);
  const source =
    typeof mp?.['delegation_source'] === 'string' ? (mp['delegation_source'] as string) : undefined;
  const handledBy = typeof a2?.['HandledBy'] === 'string' ? (a2['HandledBy'] as string) : undefined;
  if (supplier === undefined && source === undefined && handledBy === undefined)
    return [{ what: 'delegation', left: 'direct (no supplier)', right: '', status: 'info' }];
  const checks: Check[] = [
    {
      what: 'delegation: supplier, delegation_source',
      left: supplier ?? '—',
      right: source ?? '—',
      status: supplier !== undefined && source !== undefined ? 'info' : 'mismatch',
    },
  ];
  if (handledBy !== undefined || a2 !== undefined)
    checks.push(pair('supplier ↔ HandledBy', supplier, handledBy));
  return checks;
}

/** The pair's cross-checks: who the consent covers and is offered by, against the token and the person. */
export function crossChecks(mp: Json | undefined, a2: Json | undefined, person: string): Check[] {
  const a3 = altinn3Of(mp);
  const consumer = orgOf(mp?.['consumer']);
  const coveredBy = a2 !== undefined ? orgOf(a2['CoveredBy']) : orgOf(a3?.['to']);
  const covName = a2 !== undefined ? 'CoveredBy' : 'to';
  const offered = a2 !== undefined ? a2['OfferedBy'] : a3?.['from'];
  const offeredId =
    typeof offered === 'string' ? offered.replace(/^urn:altinn:person:identifier-no:/, '') : undefined;
  const checks: Check[] = [
    pair(`consumer ↔ ${covName}`, consumer, coveredBy),
    pair(
      `${a2 !== undefined ? 'OfferedBy' : 'from'} ↔ person`,
      offeredId,
      person === '' ? undefined : person,
    ),
    ...delegationChecks(mp, a2),
  ];
  if (typeof mp?.['pid'] === 'string')
    checks.push(pair('pid ↔ person', mp['pid'] as string, person || undefined));
  return checks;
}

export interface Window_ {
  /** Tokens live seconds to minutes, consents months: each kind gets a chart of its own scale. */
  readonly scale: 'token' | 'consent';
  readonly label: string;
  readonly from: number | undefined;
  readonly to: number | undefined;
}

function isoSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

function addPeriod(seconds: number, period: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(period);
  if (m === null) return undefined;
  const d = new Date(seconds * 1000);
  d.setUTCFullYear(
    d.getUTCFullYear() + Number(m[1] ?? 0),
    d.getUTCMonth() + Number(m[2] ?? 0),
    d.getUTCDate() + Number(m[3] ?? 0),
  );
  return Math.floor(d.getTime() / 1000);
}

export function maxPeriodOf(canonical: string): string | undefined {
  const m =
    /"kind":"consent-validity","options":\{[^}]*"maxPeriod":"(P[0-9YMD]+)"/.exec(canonical) ??
    /"maxPeriod":"(P[0-9YMD]+)"/.exec(canonical);
  return m?.[1];
}

const num = (o: Json | undefined, k: string) => (typeof o?.[k] === 'number' ? (o[k] as number) : undefined);

/** A token's lifetime: from nbf (or iat) to exp. */
const tokenWindow = (label: string, token: Json | undefined): Window_ => ({
  scale: 'token',
  label,
  from: num(token, 'nbf') ?? num(token, 'iat'),
  to: num(token, 'exp'),
});

/** A consent's period, and the policy's maximum period from when it was given. */
function consentWindows(
  label: string,
  given: number | undefined,
  to: number | undefined,
  maxPeriod: string | undefined,
): Window_[] {
  const out: Window_[] = [{ scale: 'consent', label, from: given, to }];
  if (given !== undefined && maxPeriod !== undefined)
    out.push({
      scale: 'consent',
      label: `maximum period (${maxPeriod})`,
      from: given,
      to: addPeriod(given, maxPeriod),
    });
  return out;
}

/** The pair's time windows: the tokens' lifetimes and the consent's period, those with an end or a start. */
export function windowsOf(
  mp: Json | undefined,
  a2: Json | undefined,
  maxPeriod: string | undefined,
): Window_[] {
  const a3 = altinn3Of(mp);
  const out: Window_[] = [tokenWindow('Maskinporten token (iat/nbf → exp)', mp)];
  if (a2 !== undefined) {
    const to = num(a2, 'ValidToDate') ?? isoSeconds(a2['ValidTo']);
    out.push(
      tokenWindow('consent token (nbf → exp)', a2),
      ...consentWindows('consent (DelegatedDate → ValidToDate)', num(a2, 'DelegatedDate'), to, maxPeriod),
    );
  }
  if (a3 !== undefined) {
    const given = isoSeconds(a3['consented']);
    out.push(...consentWindows('consent (consented → validTo)', given, isoSeconds(a3['validTo']), maxPeriod));
  }
  return out.filter((w) => w.from !== undefined || w.to !== undefined);
}

export const span = (s: number): string => {
  const a = Math.abs(s);
  const text =
    a < 120
      ? `${a} s`
      : a < 7200
        ? `${Math.round(a / 60)} min`
        : a < 172_800
          ? `${Math.round(a / 3600)} h`
          : `${Math.round(a / 86_400)} days`;
  return s < 0 ? `${text} ago` : `in ${text}`;
};

export interface IdRow {
  readonly claim: string;
  readonly value: string;
  readonly result: string;
  readonly ok: boolean;
}

function personRow(claim: string, raw: unknown): IdRow | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  const value = raw.replace(/^urn:altinn:person:identifier-no:/, '');
  if (/^\d{9}$/.test(value)) return orgRow(claim, value);
  const all = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] as const;
  const parsed = parsePersonId(value, { allow: [...all] });
  if (!parsed.valid) return { claim, value, result: `not a person number: ${parsed.reason}`, ok: false };
  const kinds: Record<string, string> = {
    fnr: 'ordinary fødselsnummer',
    dnr: 'D-nummer',
    hnr: 'H-nummer',
    tenor: 'synthetic (Tenor, month + 80)',
    dolly: 'synthetic (NAV Dolly, month + 40)',
  };
  const rule =
    parsed.checksum === '2032'
      ? '; valid only under the 2032 rule (new check digits)'
      : '; classic check digits';
  return { claim, value, result: `${parsed.kinds.map((k) => kinds[k] ?? k).join(' or ')}${rule}`, ok: true };
}

function orgRow(claim: string, raw: unknown): IdRow | undefined {
  const value = orgOf(raw);
  if (value === undefined) return undefined;
  const r = parseOrgno(value);
  return {
    claim,
    value,
    result: r.valid ? 'organisation number, MOD11 valid' : `not a valid organisation number: ${r.reason}`,
    ok: r.valid,
  };
}

export function identifiers(mp: Json | undefined, a2: Json | undefined, person: string): IdRow[] {
  const a3 = altinn3Of(mp);
  return [
    orgRow('consumer.ID', mp?.['consumer']),
    orgRow('supplier.ID', mp?.['supplier']),
    personRow('pid', mp?.['pid']),
    orgRow('CoveredBy', a2?.['CoveredBy']),
    orgRow('HandledBy', a2?.['HandledBy']),
    personRow('OfferedBy', a2?.['OfferedBy']),
    orgRow('to', a3?.['to']),
    personRow('from', a3?.['from']),
    personRow('Person', person),
  ].filter((r): r is IdRow => r !== undefined);
}
