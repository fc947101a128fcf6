/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the named traps seen in the pair (../read/traps.ts), or that there are none.

import { el } from '../dom/el.js';
import type { Trap } from '../read/traps.js';

export function renderTraps(traps: readonly Trap[]): HTMLElement {
  if (traps.length === 0) return el('p', {}, 'None of the common traps seen.');
  return el(
    'ul',
    { class: 'traps', 'data-testid': 'trap-list' },
    ...traps.map((t) => el('li', { 'data-trap': t.id, class: 'warn' }, `⚠ ${t.text}`)),
  );
}
