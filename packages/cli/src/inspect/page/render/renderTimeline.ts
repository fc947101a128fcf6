/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the pair's time windows (../read/windows.ts) drawn around now, tokens and consents each on a
// scale of their own, and listed as text.

import { el } from '../dom/el.js';
import { span, when } from '../read/format.js';
import type { Window_ } from '../read/windows.js';
import { timelineChart } from './timelineChart.js';

const CHARTS = [
  ['token', 'Token lifetimes'],
  ['consent', 'Consent periods'],
] as const;

function stateOf(w: Window_, now: number): string {
  if (w.to !== undefined && w.to <= now) return ' — over';
  if (w.from !== undefined && w.from > now) return ' — not yet';
  return ' — open';
}

function windowItem(w: Window_, now: number): HTMLElement {
  const to = w.to === undefined ? 'no end' : `${when(w.to)}, ${span(w.to - now)}`;
  const state = stateOf(w, now);
  return el(
    'li',
    { class: state === ' — open' ? '' : 'bad' },
    `${w.label}: ${w.from === undefined ? '—' : when(w.from)} → ${to}${state}`,
  );
}

export function renderTimeline(windows: readonly Window_[], now: number): HTMLElement {
  const box = el('div', { 'data-testid': 'timeline' });
  for (const [scale, title] of CHARTS) {
    const some = windows.filter((w) => w.scale === scale);
    if (some.length > 0) box.append(el('h3', {}, title), timelineChart(some, now, title));
  }
  box.append(el('ul', {}, ...windows.map((w) => windowItem(w, now))));
  return box;
}
