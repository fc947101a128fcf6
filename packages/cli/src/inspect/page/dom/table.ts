/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: a table with one row of column headings and its body rows.

import { el } from './el.js';

export function table(
  attrs: Record<string, string>,
  headings: readonly string[],
  rows: readonly Node[],
): HTMLElement {
  return el(
    'table',
    attrs,
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows),
  );
}
