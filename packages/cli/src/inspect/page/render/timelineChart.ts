/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: time windows drawn as bars on one scale around now, with a line at now.

import { svg } from '../dom/svg.js';
import { when } from '../read/format.js';
import type { Window_ } from '../read/windows.js';

const WIDTH = 800;
const ROW_H = 26;
const LEFT = 250;

/** Seconds to x: the windows' ends and now fill the width after the labels, at least a minute of it. */
function scaleOf(windows: readonly Window_[], now: number) {
  const points = windows.flatMap((w) => [w.from, w.to]).filter((v): v is number => v !== undefined);
  const lo = Math.min(now, ...points);
  const hi = Math.max(now, ...points);
  const range = Math.max(hi - lo, 60);
  return { lo, hi, x: (s: number) => LEFT + ((s - lo) / range) * (WIDTH - LEFT - 20) };
}

export function timelineChart(windows: readonly Window_[], now: number, title: string): SVGElement {
  const { lo, hi, x } = scaleOf(windows, now);
  const chart = svg('svg', {
    class: 'timeline',
    viewBox: `0 0 ${WIDTH} ${ROW_H * windows.length + 30}`,
    role: 'img',
    'aria-label': `${title} around now (${when(now)})`,
  });
  windows.forEach((w, i) => {
    const y = 10 + i * ROW_H;
    const from = x(w.from ?? lo);
    const to = x(w.to ?? hi);
    const expired = w.to !== undefined && w.to <= now;
    chart.append(
      svg('text', { x: 0, y: y + 14 }, w.label),
      svg('rect', {
        class: `bar${expired ? ' expired' : ''}`,
        x: from,
        y: y + 2,
        width: Math.max(to - from, 2),
        height: ROW_H - 8,
      }),
    );
  });
  const nowX = x(now);
  chart.append(svg('line', { class: 'now', x1: nowX, x2: nowX, y1: 0, y2: ROW_H * windows.length + 12 }));
  chart.append(svg('text', { x: Math.min(nowX + 4, WIDTH - 40), y: ROW_H * windows.length + 26 }, 'now'));
  return chart;
}
