/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: one token's decoded claims: each value, what it means and where that is documented, and the
// verdict's problems with it.

import type { Verdict } from '@dsop-guard/core';
import type { ClaimNote } from '../claimNotes.js';
import { el } from '../dom/el.js';
import { table } from '../dom/table.js';
import { mask } from '../mask.js';
import { problemsFor } from '../problemsFor.js';
import type { Decoded } from '../read/decode.js';
import { when } from '../read/format.js';

const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'ValidToDate', 'DelegatedDate'];

const show = (value: unknown): string => mask(typeof value === 'string' ? value : JSON.stringify(value));

function meaningCell(note: ClaimNote | undefined): HTMLElement {
  if (note === undefined) return el('td', {}, 'Not a claim dsop-guard reads.');
  const link = el('a', { href: note.href, rel: 'noopener noreferrer', target: '_blank' }, note.source);
  return el('td', {}, note.en, el('span', {}, ' ', link));
}

function claimRow(
  name: string,
  value: unknown,
  note: ClaimNote | undefined,
  verdict: Verdict | undefined,
): HTMLElement {
  const problems = problemsFor(verdict, note?.paths ?? []);
  const time = typeof value === 'number' && TIME_CLAIMS.includes(name);
  return el(
    'tr',
    { 'data-claim': name },
    el('th', { scope: 'row' }, el('code', {}, name)),
    el('td', { class: 'mono' }, time ? when(value as number) : show(value)),
    meaningCell(note),
    el(
      'td',
      { class: problems.length > 0 ? 'bad mark' : '' },
      problems.length > 0 ? `✗ ${problems.join(', ')}` : '',
    ),
  );
}

export function renderClaimTable(
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
  const rows = Object.entries(decoded.payload ?? {}).map(([name, value]) =>
    claimRow(name, value, Object.hasOwn(notes, name) ? notes[name] : undefined, verdict),
  );
  box.append(
    el('p', { class: 'mono' }, `header: ${show(decoded.header)}`),
    table({ class: 'claims' }, ['claim', 'value', 'meaning', 'problems'], rows),
  );
  return box;
}
