/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: every identifier in the pair (../read/identifiers.ts), what kind it is and whether it is valid.

import { el } from '../dom/el.js';
import { table } from '../dom/table.js';
import { mask } from '../mask.js';
import type { IdRow } from '../read/identifiers.js';

function idRow(r: IdRow): HTMLElement {
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, r.claim),
    el('td', { class: 'mono' }, mask(r.value)),
    el('td', { class: r.ok ? 'ok' : 'bad mark' }, `${r.ok ? '✓' : '✗'} ${r.result}`),
  );
}

export function renderIdentifiers(rows: readonly IdRow[]): HTMLElement {
  return table({ 'data-testid': 'identifier-table' }, ['where', 'value', 'check'], rows.map(idRow));
}
