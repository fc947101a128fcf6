/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The references are for the package build, which compiles this file with the rest; pnpm typecheck checks it
// with its own tsconfig.json beside it, so that nothing else is checked against browser globals.)
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
  preset,
  presetNames,
} from '@dsop-guard/rules';
import { createGuard } from '../../function/createGuard.js';
import { extractInput } from '../../http/extractInput.js';
import { rawHeaderLookup } from '../../http/rawHeaderLookup.js';
import { preverify, signatureChecks } from '../browser/nodeCrypto.js';
import { type ClaimNote, consentNotes, maskinportenNotes } from './claimNotes.js';
import {
  type Check,
  type Decoded,
  type IdRow,
  type Window_,
  crossChecks,
  decode,
  identifiers,
  maxPeriodOf,
  parseJson,
  rawHeadersOf,
  span,
  trapsOf,
  unquote,
  when,
  windowsOf,
} from './readPair.js';

declare const __INSPECTOR_MODE__: 'server' | 'file';

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
