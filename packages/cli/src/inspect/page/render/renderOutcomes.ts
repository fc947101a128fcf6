/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: every rule's outcome in the verdict, as a table indented by depth, with its violations explained.

import type { RuleOutcome, Violation } from '@dsop-guard/core';
import { describeReason } from '@dsop-guard/rules';
import { el } from '../dom/el.js';
import { table } from '../dom/table.js';
import { flattenOutcomes } from '../flattenOutcomes.js';
import type { Codes } from '../judge/judgePair.js';
import { mask } from '../mask.js';

function violationLine(v: Violation, codes: Codes): HTMLElement {
  return el(
    'div',
    {},
    el('code', {}, v.code),
    ` at ${v.path}`,
    v.expected !== undefined ? `; expected ${mask(JSON.stringify(v.expected))}` : '',
    v.actual !== undefined ? `; actual ${mask(JSON.stringify(v.actual))}` : '',
    ` — ${describeReason(v.code, codes)?.en ?? ''}`,
  );
}

function outcomeRow(o: RuleOutcome, depth: number, codes: Codes): HTMLElement {
  return el(
    'tr',
    { 'data-rule': o.ruleId, 'data-depth': String(depth) },
    el('th', { scope: 'row', class: `depth${Math.min(depth, 3)}` }, el('code', {}, o.ruleId)),
    el('td', { class: o.status === 'pass' ? 'ok nowrap' : 'bad nowrap' }, o.status),
    el('td', { class: 'nowrap' }, o.mode),
    el('td', {}, ...o.violations.map((v) => violationLine(v, codes))),
  );
}

export function renderOutcomes(outcomes: readonly RuleOutcome[], codes: Codes): HTMLElement {
  const rows = flattenOutcomes(outcomes).map(({ outcome, depth }) => outcomeRow(outcome, depth, codes));
  return table({ 'data-testid': 'outcomes' }, ['rule', 'status', 'mode', 'violations'], rows);
}
