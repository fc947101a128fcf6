import type { ReplaySummary } from '../replaySummaryTypes.js';
import type { AuditReport, ReasonCount } from '../reportTypes.js';
import { html, int, utc } from './format.js';

// Private: the two inline SVG charts of the HTML report. Static markup, no script: each has a <title> and a
// <desc>, role="img" and an aria-label, and every bar a <title> saying what it counts. Every string from a
// record is escaped.

const WIDTH = 800;
const HEIGHT = 260;
const PAD = { left: 56, right: 12, top: 16, bottom: 40 };

function svgOpen(testid: string, label: string, desc: string, height: number): string {
  return (
    `<svg data-testid="${testid}" role="img" aria-label="${html(label)}" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" ` +
    `xmlns="http://www.w3.org/2000/svg"><title>${html(label)}</title><desc>${html(desc)}</desc>`
  );
}

function rect(cls: string, x: number, y: number, w: number, h: number, title: string): string {
  const r = (n: number): string => (Math.round(n * 100) / 100).toString();
  return `<rect class="bar ${cls}" x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}"><title>${html(title)}</title></rect>`;
}

function label(x: number, y: number, text: string, anchor = 'start'): string {
  return `<text x="${x}" y="${y}" text-anchor="${anchor}">${html(text)}</text>`;
}

/** Stacked bars of allows (below) and denies (above) per hour or day. */
export function timelineChart(timeline: AuditReport['timeline']): string {
  const { buckets, bucket } = timeline;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const max = Math.max(1, ...buckets.map((b) => b.allow + b.deny));
  const step = buckets.length === 0 ? plotW : plotW / buckets.length;
  const barW = Math.max(0.5, Math.min(48, step * 0.8));
  const bars = buckets.map((b, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    const allowH = (b.allow / max) * plotH;
    const denyH = (b.deny / max) * plotH;
    const when = utc(b.start, bucket);
    return (
      rect('allow', x, PAD.top + plotH - allowH, barW, allowH, `${when}: ${int(b.allow)} allowed`) +
      rect('deny', x, PAD.top + plotH - allowH - denyH, barW, denyH, `${when}: ${int(b.deny)} denied`)
    );
  });
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const axis = [
    `<line class="axis" x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}"/>`,
    label(PAD.left - 6, PAD.top + 10, int(max), 'end'),
    label(PAD.left - 6, PAD.top + plotH, '0', 'end'),
    first === undefined ? '' : label(PAD.left, HEIGHT - 20, utc(first.start, bucket)),
    last === undefined ? '' : label(WIDTH - PAD.right, HEIGHT - 20, utc(last.start, bucket), 'end'),
    `<rect class="bar allow" x="${PAD.left}" y="${HEIGHT - 12}" width="10" height="10"/>`,
    label(PAD.left + 14, HEIGHT - 3, 'allow'),
    `<rect class="bar deny" x="${PAD.left + 70}" y="${HEIGHT - 12}" width="10" height="10"/>`,
    label(PAD.left + 84, HEIGHT - 3, 'deny'),
  ];
  const desc =
    buckets.length === 0
      ? 'No decisions.'
      : `${buckets.length} bars, one per ${bucket}, from ${utc(first?.start ?? 0, bucket)} to ${utc(last?.start ?? 0, bucket)}; the tallest holds ${int(max)} decisions.`;
  return `${svgOpen('chart-timeline', `Allows and denies per ${bucket}`, desc, HEIGHT)}${bars.join('')}${axis.join('')}</svg>`;
}

/** Horizontal bars of the most frequent deny reasons. */
export function reasonsChart(reasons: readonly ReasonCount[]): string {
  const row = 26;
  const labelW = 230;
  const height = Math.max(1, reasons.length) * row + 8;
  const max = Math.max(1, ...reasons.map((r) => r.count));
  const plotW = WIDTH - labelW - 80;
  const bars = reasons.map((r, i) => {
    const y = 4 + i * row;
    const w = Math.max(1, (r.count / max) * plotW);
    return (
      label(labelW - 8, y + 16, r.code, 'end') +
      rect('deny', labelW, y + 3, w, row - 8, `${r.code}: ${int(r.count)} denied decisions`) +
      label(labelW + w + 6, y + 16, int(r.count))
    );
  });
  const desc =
    reasons.length === 0
      ? 'No denies.'
      : `${reasons.length} reasons; the most frequent, ${reasons[0]?.code ?? ''}, decided ${int(max)} denies.`;
  const empty = reasons.length === 0 ? label(8, 18, 'No denies.') : '';
  return `${svgOpen('chart-reasons', 'Top deny reasons', desc, height)}${bars.join('')}${empty}</svg>`;
}

/** Horizontal bars of the rules whose decisions would flip: deny→allow (allow-coloured) and allow→deny (deny-coloured). */
export function replayChart(replay: ReplaySummary): string {
  const rows = [
    ...replay.denyToAllow.byRule.map((g) => ({
      cls: 'allow',
      dir: 'deny → allow',
      rule: g.key ?? '–',
      count: g.count,
    })),
    ...replay.allowToDeny.byRule.map((g) => ({
      cls: 'deny',
      dir: 'allow → deny',
      rule: g.key ?? '–',
      count: g.count,
    })),
  ];
  const row = 26;
  const labelW = 300;
  const height = Math.max(1, rows.length) * row + 8;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const plotW = WIDTH - labelW - 80;
  const bars = rows.map((r, i) => {
    const y = 4 + i * row;
    const w = Math.max(1, (r.count / max) * plotW);
    return (
      label(labelW - 8, y + 16, `${r.rule} (${r.dir})`, 'end') +
      rect(r.cls, labelW, y + 3, w, row - 8, `${r.rule}: ${int(r.count)} decisions ${r.dir}`) +
      label(labelW + w + 6, y + 16, int(r.count))
    );
  });
  const desc =
    rows.length === 0
      ? 'No decision would flip.'
      : `${rows.length} bars: per rule, the decisions that would flip deny → allow and allow → deny.`;
  const empty = rows.length === 0 ? label(8, 18, 'No decision would flip.') : '';
  return `${svgOpen('chart-replay', 'Decisions that would flip, per rule', desc, height)}${bars.join('')}${empty}</svg>`;
}
