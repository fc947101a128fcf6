/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the pair's cross-checks (../read/crossChecks.ts): each pair of values and whether they match.

import { el } from '../dom/el.js';
import { table } from '../dom/table.js';
import { mask } from '../mask.js';
import type { Check } from '../read/crossChecks.js';

const MARK = { match: '✓ match', mismatch: '✗ mismatch', absent: '— absent', info: 'ℹ' } as const;
const CLASS = { match: 'ok mark', mismatch: 'bad mark', absent: '', info: '' } as const;

function checkRow(c: Check): HTMLElement {
  return el(
    'tr',
    { 'data-status': c.status },
    el('th', { scope: 'row' }, c.what),
    el('td', { class: 'mono' }, mask(c.left)),
    el('td', { class: 'mono' }, mask(c.right)),
    el('td', { class: CLASS[c.status] }, MARK[c.status]),
  );
}

export function renderChecks(checks: readonly Check[]): HTMLElement {
  const headings = ['check', 'Maskinporten / request', 'consent / person', 'result'];
  return table({ 'data-testid': 'cross-checks' }, headings, checks.map(checkRow));
}
