/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the inspector page's script. It judges with the library itself: the plain-function guard
// (createGuard), the HTTP adapters' header path (extractInput over rawHeaderLookup), core's key sets and rules'
// presets and policy files, bundled for the browser (see ../buildInspectorPage.ts). What it adds is only
// display: decoded claims, their notes, cross-checks, time windows, identifiers, and named traps.

import { type KeySet, type RuleOutcome, type Verdict, err, localKeySet } from '@dsop-guard/core';
import {
  type Environment,
  type PresetName,
  describeReason,
  loadPolicy,
  parseOrgno,
  parsePersonId,
  preset,
  presetNames,
} from '@dsop-guard/rules';
import { createGuard } from '../../function/createGuard.js';
import { extractInput } from '../../http/extractInput.js';
import { rawHeaderLookup } from '../../http/rawHeaderLookup.js';
import { preverify, signatureChecks } from '../browser/nodeCrypto.js';
import { type ClaimNote, consentNotes, maskinportenNotes } from './claimNotes.js';

declare const __INSPECTOR_MODE__: 'server' | 'file';

type Json = Record<string, unknown>;
type Child = Node | string | null | undefined | false;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

function svg(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

let reveal = false;
/** Every run of eleven digits (a fødselsnummer, D-, H- or synthetic number) masked but its last two. */
const mask = (text: string): string =>
  reveal ? text : text.replace(/(?<!\d)\d{9}(\d{2})(?!\d)/g, (_, tail: string) => `*********${tail}`);

const ALTINN2_RETIRED = Date.UTC(2026, 5, 19) / 1000; // reference §1.11: "utover 19. juni 2026 … Altinn 3"
const ISSUERS: Readonly<Record<string, Environment | 'ver2'>> = {
  'https://maskinporten.no/': 'prod',
  'https://test.maskinporten.no/': 'test',
  'https://ver2.maskinporten.no/': 'ver2',
};

interface Decoded {
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
function decode(token: string): Decoded {
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

interface Trap {
  readonly id: string;
  readonly text: string;
}

const unquote = (t: string): string =>
  t
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim();

function trapsOf(
  mpRaw: string,
  consentRaw: string,
  env: Environment,
  mp: Json | undefined,
  consent: Json | undefined,
  now: number,
  bearerForbidden: boolean,
): Trap[] {
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
  const iss = typeof mp?.['iss'] === 'string' ? mp['iss'] : undefined;
  const issEnv = iss === undefined ? undefined : ISSUERS[iss];
  if (issEnv === 'ver2')
    traps.push({
      id: 'ver2',
      text: 'The retired ver2 issuer (https://ver2.maskinporten.no/, phased out 10 June 2024).',
    });
  else if (issEnv !== undefined && issEnv !== env)
    traps.push({
      id: 'environment',
      text: `A ${issEnv.toUpperCase()} token sent to ${env.toUpperCase()}: the issuer is ${iss}.`,
    });
  if (consent !== undefined) {
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
  }
  if (/\s/.test(mpRaw.replace(/^\s*bearer\s+/i, '').trim()))
    traps.push({ id: 'whitespace', text: 'Whitespace or a line break inside the Maskinporten token.' });
  return traps;
}

/** The lines of a pasted header block as Node's rawHeaders: name, value, name, value. */
function rawHeadersOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[A-Z]+ \S+ HTTP\/\d/.test(line) || line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    out.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return out;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const noKeys = (issuer: string): KeySet => ({ issuer, resolve: async () => err('keys_unavailable') });

function keySetOf(issuer: string, jwks: unknown, matchX5t: boolean, notes: string[], what: string): KeySet {
  if (jwks === undefined) {
    notes.push(`No ${what} JWKS: its token's signature is unverified (keys_unavailable).`);
    return noKeys(issuer);
  }
  try {
    return localKeySet({ issuer, jwks, matchX5t });
  } catch (e) {
    notes.push(
      `The ${what} JWKS is not usable (${jwks === null ? 'not JSON' : (e as Error).message}): its token's signature is unverified.`,
    );
    return noKeys(issuer);
  }
}

let policyText: { text: string; name: string } | undefined;

/** Every rule outcome of the tree, depth first, with its depth. */
function flatten(outcomes: readonly RuleOutcome[], depth = 0): { outcome: RuleOutcome; depth: number }[] {
  return outcomes.flatMap((outcome) => [{ outcome, depth }, ...flatten(outcome.children ?? [], depth + 1)]);
}

/** The part of a verdict path a claim row shows problems for. */
function problemsFor(verdict: Verdict | undefined, paths: readonly string[]): string[] {
  if (verdict === undefined || paths.length === 0) return [];
  const out: string[] = [];
  for (const { outcome: o } of flatten(verdict.outcomes))
    for (const v of o.violations)
      if (paths.some((p) => v.path === p || v.path.startsWith(`${p}.`) || v.path.startsWith(`${p}[`)))
        out.push(`${v.code}${o.mode === 'shadow' ? ' (shadow)' : ''}`);
  return [...new Set(out)];
}

const show = (value: unknown): string => mask(typeof value === 'string' ? value : JSON.stringify(value));
const when = (s: number): string => `${new Date(s * 1000).toISOString().replace('.000Z', 'Z')} (${s})`;

function claimTable(
  title: string,
  decoded: Decoded,
  notes: Readonly<Record<string, ClaimNote>>,
  verdict: Verdict | undefined,
  prefix: string,
): HTMLElement {
  const box = el('div', { 'data-testid': `${prefix}-claims` }, el('h3', {}, title));
  if (decoded.problem !== undefined) {
    box.append(el('p', { class: 'bad' }, `Cannot decode: ${decoded.problem}.`));
    return box;
  }
  box.append(el('p', { class: 'mono' }, `header: ${show(decoded.header)}`));
  const body = el('tbody');
  for (const [name, value] of Object.entries(decoded.payload ?? {})) {
    const note = Object.hasOwn(notes, name) ? notes[name] : undefined;
    const problems = problemsFor(verdict, note?.paths ?? []);
    const time =
      typeof value === 'number' && ['exp', 'iat', 'nbf', 'ValidToDate', 'DelegatedDate'].includes(name);
    body.append(
      el(
        'tr',
        { 'data-claim': name },
        el('th', { scope: 'row' }, el('code', {}, name)),
        el('td', { class: 'mono' }, time ? when(value as number) : show(value)),
        el(
          'td',
          {},
          note?.en ?? 'Not a claim dsop-guard reads.',
          note === undefined
            ? null
            : el(
                'span',
                {},
                ' ',
                el('a', { href: note.href, rel: 'noopener noreferrer', target: '_blank' }, note.source),
              ),
        ),
        el(
          'td',
          { class: problems.length > 0 ? 'bad mark' : '' },
          problems.length > 0 ? `✗ ${problems.join(', ')}` : '',
        ),
      ),
    );
  }
  box.append(
    el(
      'table',
      { class: 'claims' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'claim'),
          el('th', {}, 'value'),
          el('th', {}, 'meaning'),
          el('th', {}, 'problems'),
        ),
      ),
      body,
    ),
  );
  return box;
}

const orgOf = (ref: unknown): string | undefined => {
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

interface Check {
  readonly what: string;
  readonly left: string;
  readonly right: string;
  readonly status: 'match' | 'mismatch' | 'absent' | 'info';
}

function crossChecks(mp: Json | undefined, a2: Json | undefined, person: string): Check[] {
  const a3 = altinn3Of(mp);
  const consumer = orgOf(mp?.['consumer']);
  const coveredBy = a2 !== undefined ? orgOf(a2['CoveredBy']) : orgOf(a3?.['to']);
  const covName = a2 !== undefined ? 'CoveredBy' : 'to';
  const pair = (what: string, l: string | undefined, r: string | undefined): Check => ({
    what,
    left: l ?? '—',
    right: r ?? '—',
    status: l === undefined || r === undefined ? 'absent' : l === r ? 'match' : 'mismatch',
  });
  const offered = a2 !== undefined ? a2['OfferedBy'] : a3?.['from'];
  const offeredId =
    typeof offered === 'string' ? offered.replace(/^urn:altinn:person:identifier-no:/, '') : undefined;
  const supplier = orgOf(mp?.['supplier']);
  const source =
    typeof mp?.['delegation_source'] === 'string' ? (mp['delegation_source'] as string) : undefined;
  const handledBy = typeof a2?.['HandledBy'] === 'string' ? (a2['HandledBy'] as string) : undefined;
  const checks: Check[] = [
    pair(`consumer ↔ ${covName}`, consumer, coveredBy),
    pair(
      `${a2 !== undefined ? 'OfferedBy' : 'from'} ↔ person`,
      offeredId,
      person === '' ? undefined : person,
    ),
  ];
  if (supplier !== undefined || source !== undefined || handledBy !== undefined) {
    checks.push({
      what: 'delegation: supplier, delegation_source',
      left: supplier ?? '—',
      right: source ?? '—',
      status: supplier !== undefined && source !== undefined ? 'info' : 'mismatch',
    });
    if (handledBy !== undefined || a2 !== undefined)
      checks.push(pair('supplier ↔ HandledBy', supplier, handledBy));
  } else checks.push({ what: 'delegation', left: 'direct (no supplier)', right: '', status: 'info' });
  if (typeof mp?.['pid'] === 'string')
    checks.push(pair('pid ↔ person', mp['pid'] as string, person || undefined));
  return checks;
}

function renderChecks(checks: readonly Check[]): HTMLElement {
  const mark = { match: '✓ match', mismatch: '✗ mismatch', absent: '— absent', info: 'ℹ' } as const;
  return el(
    'table',
    { 'data-testid': 'cross-checks' },
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', {}, 'check'),
        el('th', {}, 'Maskinporten / request'),
        el('th', {}, 'consent / person'),
        el('th', {}, 'result'),
      ),
    ),
    el(
      'tbody',
      {},
      ...checks.map((c) =>
        el(
          'tr',
          { 'data-status': c.status },
          el('th', { scope: 'row' }, c.what),
          el('td', { class: 'mono' }, mask(c.left)),
          el('td', { class: 'mono' }, mask(c.right)),
          el(
            'td',
            { class: c.status === 'mismatch' ? 'bad mark' : c.status === 'match' ? 'ok mark' : '' },
            mark[c.status],
          ),
        ),
      ),
    ),
  );
}

interface Window_ {
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

function maxPeriodOf(canonical: string): string | undefined {
  const m =
    /"kind":"consent-validity","options":\{[^}]*"maxPeriod":"(P[0-9YMD]+)"/.exec(canonical) ??
    /"maxPeriod":"(P[0-9YMD]+)"/.exec(canonical);
  return m?.[1];
}

function windowsOf(mp: Json | undefined, a2: Json | undefined, maxPeriod: string | undefined): Window_[] {
  const num = (o: Json | undefined, k: string) => (typeof o?.[k] === 'number' ? (o[k] as number) : undefined);
  const a3 = altinn3Of(mp);
  const out: Window_[] = [
    {
      scale: 'token',
      label: 'Maskinporten token (iat/nbf → exp)',
      from: num(mp, 'nbf') ?? num(mp, 'iat'),
      to: num(mp, 'exp'),
    },
  ];
  if (a2 !== undefined) {
    out.push({
      scale: 'token',
      label: 'consent token (nbf → exp)',
      from: num(a2, 'nbf') ?? num(a2, 'iat'),
      to: num(a2, 'exp'),
    });
    const given = num(a2, 'DelegatedDate');
    out.push({
      scale: 'consent',
      label: 'consent (DelegatedDate → ValidToDate)',
      from: given,
      to: num(a2, 'ValidToDate') ?? isoSeconds(a2['ValidTo']),
    });
    if (given !== undefined && maxPeriod !== undefined)
      out.push({
        scale: 'consent',
        label: `maximum period (${maxPeriod})`,
        from: given,
        to: addPeriod(given, maxPeriod),
      });
  }
  if (a3 !== undefined) {
    const given = isoSeconds(a3['consented']);
    out.push({
      scale: 'consent',
      label: 'consent (consented → validTo)',
      from: given,
      to: isoSeconds(a3['validTo']),
    });
    if (given !== undefined && maxPeriod !== undefined)
      out.push({
        scale: 'consent',
        label: `maximum period (${maxPeriod})`,
        from: given,
        to: addPeriod(given, maxPeriod),
      });
  }
  return out.filter((w) => w.from !== undefined || w.to !== undefined);
}

const span = (s: number): string => {
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

function chartOf(windows: readonly Window_[], now: number, title: string): SVGElement {
  const points = windows.flatMap((w) => [w.from, w.to]).filter((v): v is number => v !== undefined);
  const lo = Math.min(now, ...points);
  const hi = Math.max(now, ...points);
  const range = Math.max(hi - lo, 60);
  const width = 800;
  const rowH = 26;
  const left = 250;
  const x = (s: number) => left + ((s - lo) / range) * (width - left - 20);
  const chart = svg('svg', {
    class: 'timeline',
    viewBox: `0 0 ${width} ${rowH * windows.length + 30}`,
    role: 'img',
    'aria-label': `${title} around now (${when(now)})`,
  });
  windows.forEach((w, i) => {
    const y = 10 + i * rowH;
    chart.append(svg('text', { x: 0, y: y + 14 }, w.label));
    const from = x(w.from ?? lo);
    const to = x(w.to ?? hi);
    chart.append(
      svg('rect', {
        class: `bar${w.to !== undefined && w.to <= now ? ' expired' : ''}`,
        x: from,
        y: y + 2,
        width: Math.max(to - from, 2),
        height: rowH - 8,
      }),
    );
  });
  const nowX = x(now);
  chart.append(svg('line', { class: 'now', x1: nowX, x2: nowX, y1: 0, y2: rowH * windows.length + 12 }));
  chart.append(svg('text', { x: Math.min(nowX + 4, width - 40), y: rowH * windows.length + 26 }, 'now'));
  return chart;
}

/** The windows drawn around now, tokens and consents each on their own scale, and listed as text. */
function renderTimeline(windows: readonly Window_[], now: number): HTMLElement {
  const box = el('div', { 'data-testid': 'timeline' });
  const list = el('ul');
  for (const w of windows) {
    const to = w.to === undefined ? 'no end' : `${when(w.to)}, ${span(w.to - now)}`;
    const state =
      w.to !== undefined && w.to <= now
        ? ' — over'
        : w.from !== undefined && w.from > now
          ? ' — not yet'
          : ' — open';
    list.append(
      el(
        'li',
        { class: state === ' — open' ? '' : 'bad' },
        `${w.label}: ${w.from === undefined ? '—' : when(w.from)} → ${to}${state}`,
      ),
    );
  }
  for (const [scale, title] of [
    ['token', 'Token lifetimes'],
    ['consent', 'Consent periods'],
  ] as const) {
    const some = windows.filter((w) => w.scale === scale);
    if (some.length > 0) box.append(el('h3', {}, title), chartOf(some, now, title));
  }
  box.append(list);
  return box;
}

interface IdRow {
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

function identifiers(mp: Json | undefined, a2: Json | undefined, person: string): IdRow[] {
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

function renderIdentifiers(rows: readonly IdRow[]): HTMLElement {
  return el(
    'table',
    { 'data-testid': 'identifier-table' },
    el('thead', {}, el('tr', {}, el('th', {}, 'where'), el('th', {}, 'value'), el('th', {}, 'check'))),
    el(
      'tbody',
      {},
      ...rows.map((r) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, r.claim),
          el('td', { class: 'mono' }, mask(r.value)),
          el('td', { class: r.ok ? 'ok' : 'bad mark' }, `${r.ok ? '✓' : '✗'} ${r.result}`),
        ),
      ),
    ),
  );
}

function renderVerdict(
  verdict: Verdict,
  notes: readonly string[],
  codes: Parameters<typeof describeReason>[1],
): HTMLElement[] {
  const out: HTMLElement[] = [
    el(
      'p',
      { class: `decision ${verdict.decision}`, 'data-testid': 'decision' },
      verdict.decision === 'allow' ? 'ALLOW' : 'DENY',
    ),
  ];
  const checks = signatureChecks();
  const sig =
    checks.length === 0
      ? 'No signature was checked (no key matched, or the token did not parse).'
      : checks
          .map(
            (c) =>
              `${c.alg}: ${c.result === 'valid' ? 'verified by WebCrypto' : c.result === 'invalid' ? 'does not verify' : 'not verified'}`,
          )
          .join('; ');
  out.push(el('p', { 'data-testid': 'signatures' }, `Signatures: ${sig}`));
  for (const n of notes) out.push(el('p', { class: 'warn', 'data-testid': 'key-note' }, n));
  if (verdict.reasons.length > 0) {
    out.push(
      el(
        'ul',
        { 'data-testid': 'reasons' },
        ...verdict.reasons.map((code) => {
          const d = describeReason(code, codes);
          return el(
            'li',
            {},
            el('code', {}, code),
            `: ${d?.en ?? ''}`,
            el('br'),
            el('span', { lang: 'nb' }, d?.nb ?? ''),
          );
        }),
      ),
    );
  }
  const rows = flatten(verdict.outcomes).map(({ outcome: o, depth }) =>
    el(
      'tr',
      { 'data-rule': o.ruleId, 'data-depth': String(depth) },
      el('th', { scope: 'row', class: `depth${Math.min(depth, 3)}` }, el('code', {}, o.ruleId)),
      el('td', { class: o.status === 'pass' ? 'ok nowrap' : 'bad nowrap' }, o.status),
      el('td', { class: 'nowrap' }, o.mode),
      el(
        'td',
        {},
        ...o.violations.map((v) =>
          el(
            'div',
            {},
            el('code', {}, v.code),
            ` at ${v.path}`,
            v.expected !== undefined ? `; expected ${mask(JSON.stringify(v.expected))}` : '',
            v.actual !== undefined ? `; actual ${mask(JSON.stringify(v.actual))}` : '',
            ` — ${describeReason(v.code, codes)?.en ?? ''}`,
          ),
        ),
      ),
    ),
  );
  out.push(
    el(
      'table',
      { 'data-testid': 'outcomes' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', {}, 'rule'),
          el('th', {}, 'status'),
          el('th', {}, 'mode'),
          el('th', {}, 'violations'),
        ),
      ),
      el('tbody', {}, ...rows),
    ),
    el(
      'p',
      { class: 'hint' },
      `Policy ${verdict.policy.id} ${verdict.policy.version}, evaluated at ${when(verdict.evaluatedAt)}.`,
    ),
  );
  return out;
}

function fill(section: string, ...nodes: Node[]): void {
  $(section)
    .querySelector('.body')
    ?.replaceChildren(...nodes);
}

let runs = 0;

async function inspect(): Promise<void> {
  const run = ++runs;
  const region = $('verdict');
  region.setAttribute('aria-busy', 'true');
  const presetName = $<HTMLSelectElement>('preset').value;
  const env = $<HTMLSelectElement>('environment').value as Environment;
  const nowText = $<HTMLInputElement>('now').value.trim();
  const now = /^\d+$/.test(nowText) ? Number(nowText) : Math.floor(Date.now() / 1000);
  const notes: string[] = [];
  let verdict: Verdict | undefined;
  let failure: string | undefined;
  let codes: Parameters<typeof describeReason>[1];
  let maxPeriod: string | undefined;
  let bearerForbidden = false;
  try {
    const resource = $<HTMLInputElement>('altinn3-resource').value.trim();
    const chosen = presetNames.includes(presetName as PresetName)
      ? preset(
          presetName as PresetName,
          env,
          resource === '' ? {} : { altinn3Resource: resource, altinn3MigratedResource: resource },
        )
      : undefined;
    if (chosen === undefined && policyText === undefined)
      throw new Error('choose a preset or load a policy file');
    const policy =
      chosen?.policy ??
      loadPolicy({
        text: policyText?.text ?? '',
        format: /\.json$/i.test(policyText?.name ?? '') ? 'json' : 'yaml',
        name: policyText?.name ?? 'policy',
      });
    codes = policy.codes;
    maxPeriod = maxPeriodOf(policy.canonical);
    bearerForbidden = chosen?.transport.authorization === 'raw';
    const jwks = parseJson($<HTMLTextAreaElement>('jwks').value);
    const consentJwksText = $<HTMLTextAreaElement>('consent-jwks').value;
    const consentJwks = consentJwksText.trim() === '' ? jwks : parseJson(consentJwksText);
    const keys = {
      maskinporten: keySetOf(chosen?.issuer ?? 'maskinporten', jwks, false, notes, 'Maskinporten'),
      consent: keySetOf('altinn.no', consentJwks, true, notes, 'consent'),
    };
    const guard = createGuard({
      ...(chosen === undefined ? { policy } : { preset: chosen }),
      keys,
      clock: () => now,
    });
    const headers = $<HTMLTextAreaElement>('headers').value;
    let input: {
      maskinportenToken?: unknown;
      consentToken?: unknown;
      person?: unknown;
      requestId?: unknown;
    } = {
      maskinportenToken: $<HTMLTextAreaElement>('maskinporten').value.trim(),
      consentToken: $<HTMLTextAreaElement>('consent').value.trim(),
      person: $<HTMLInputElement>('person').value.trim(),
    };
    if (headers.trim() !== '') {
      const raw = rawHeadersOf(headers);
      const lookup = rawHeaderLookup(raw);
      const extracted = extractInput(lookup, guard.transport);
      // The header block is what the request held: show its Authorization as the HTTP path saw it.
      const authorization = lookup('authorization') ?? '';
      $<HTMLTextAreaElement>('maskinporten').value = authorization;
      $<HTMLTextAreaElement>('consent').value = lookup(guard.transport.consentHeader) ?? '';
      const personHeader = guard.transport.personHeaders.map((h) => lookup(h)).find((v) => v !== null);
      $<HTMLInputElement>('person').value = personHeader ?? '';
      if (extracted.violation !== undefined) {
        await preverify([], []);
        verdict = await guard.deny(extracted.violation, { requestId: extracted.requestId, now });
      } else {
        input = extracted.input;
        $<HTMLTextAreaElement>('maskinporten').value =
          typeof input.maskinportenToken === 'string' ? (input.maskinportenToken as string) : authorization;
      }
    } else {
      if (input.consentToken === '') input.consentToken = undefined;
      if (input.person === '') input.person = undefined;
    }
    if (verdict === undefined) {
      const candidates = [input.maskinportenToken, input.consentToken]
        .filter((t): t is string => typeof t === 'string')
        .flatMap((t) => [t, unquote(t)]);
      await preverify(candidates, [jwks, consentJwks]);
      verdict = await guard.check({ ...input, now });
    }
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  if (run !== runs) return;
  const mpRaw = $<HTMLTextAreaElement>('maskinporten').value;
  const consentRaw = $<HTMLTextAreaElement>('consent').value;
  const person = $<HTMLInputElement>('person').value.trim();
  const mp = decode(mpRaw.replace(/^\s*bearer\s+/i, ''));
  const a2 = consentRaw.trim() === '' ? undefined : decode(unquote(consentRaw));
  const traps = trapsOf(mpRaw, consentRaw, env, mp.payload, a2?.payload, now, bearerForbidden);
  fill(
    'traps',
    traps.length === 0
      ? el('p', {}, 'None of the common traps seen.')
      : el(
          'ul',
          { class: 'traps', 'data-testid': 'trap-list' },
          ...traps.map((t) => el('li', { 'data-trap': t.id, class: 'warn' }, `⚠ ${t.text}`)),
        ),
  );
  if (verdict === undefined) {
    fill(
      'verdict',
      el('p', { class: 'decision deny', 'data-testid': 'decision' }, 'DENY'),
      el('p', { 'data-testid': 'no-verdict' }, `No verdict, so no allow: ${failure ?? 'unknown error'}`),
    );
  } else fill('verdict', ...renderVerdict(verdict, notes, codes));
  fill('pair', renderChecks(crossChecks(mp.payload, a2?.payload, person)));
  fill('timeline', renderTimeline(windowsOf(mp.payload, a2?.payload, maxPeriod), now));
  fill('identifiers', renderIdentifiers(identifiers(mp.payload, a2?.payload, person)));
  fill(
    'tokens',
    claimTable(
      'Maskinporten token',
      mpRaw.trim() === '' ? { header: undefined, payload: undefined, problem: 'empty' } : mp,
      maskinportenNotes,
      verdict,
      'maskinporten',
    ),
    claimTable(
      'Consent token',
      a2 ?? { header: undefined, payload: undefined, problem: 'none given' },
      consentNotes,
      verdict,
      'consent',
    ),
  );
  region.setAttribute('aria-busy', 'false');
}

async function fetchJwks(which: 'maskinporten' | 'altinn'): Promise<void> {
  const status = $('fetch-status');
  const env = $<HTMLSelectElement>('environment').value;
  if (__INSPECTOR_MODE__ === 'file') {
    status.textContent =
      'This page is a file: it cannot fetch. Run dsop-guard inspect to fetch through it, or paste the JWKS.';
    return;
  }
  status.textContent = `Fetching the ${which} JWKS for ${env} through dsop-guard inspect…`;
  try {
    const response = await fetch(`/jwks?issuer=${which}&env=${encodeURIComponent(env)}`);
    const text = await response.text();
    if (!response.ok) throw new Error(text);
    $<HTMLTextAreaElement>(which === 'maskinporten' ? 'jwks' : 'consent-jwks').value = text;
    status.textContent = `Fetched the ${which} JWKS for ${env}.`;
  } catch (e) {
    status.textContent = `Could not fetch the ${which} JWKS: ${(e as Error).message}`;
  }
}

function start(): void {
  $('inputs').addEventListener('submit', (event) => {
    event.preventDefault();
    void inspect();
  });
  $('reveal').addEventListener('change', () => {
    reveal = $<HTMLInputElement>('reveal').checked;
    $<HTMLInputElement>('person').type = reveal ? 'text' : 'password';
    void inspect();
  });
  $('policy-file').addEventListener('change', async () => {
    const file = $<HTMLInputElement>('policy-file').files?.[0];
    policyText = file === undefined ? undefined : { text: await file.text(), name: file.name };
    if (file !== undefined) $<HTMLSelectElement>('preset').value = '';
  });
  $('fetch-jwks').addEventListener('click', () => void fetchJwks('maskinporten'));
  $('fetch-consent-jwks').addEventListener('click', () => void fetchJwks('altinn'));
  for (const id of ['maskinporten', 'consent', 'headers', 'jwks', 'consent-jwks'])
    $(id).addEventListener('keydown', (event) => {
      if (
        (event as KeyboardEvent).key === 'Enter' &&
        ((event as KeyboardEvent).ctrlKey || (event as KeyboardEvent).metaKey)
      ) {
        event.preventDefault();
        void inspect();
      }
    });
}

start();
