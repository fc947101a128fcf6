/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the verdict: the decision, which signatures WebCrypto checked, why keys were missing, the reasons in
// English and Norwegian, every rule's outcome, and the policy it was judged by. No verdict is a deny too.

import type { Verdict } from '@dsop-guard/core';
import { describeReason } from '@dsop-guard/rules';
import { type SignatureCheck, signatureChecks } from '../../browser/nodeCrypto.js';
import { el } from '../dom/el.js';
import type { Codes, Judgement } from '../judge/judgePair.js';
import { when } from '../read/format.js';
import { renderOutcomes } from './renderOutcomes.js';

const checked: Readonly<Record<SignatureCheck['result'], string>> = {
  valid: 'verified by WebCrypto',
  invalid: 'does not verify',
  'not checked': 'not verified',
};

function renderSignatures(): HTMLElement {
  const checks = signatureChecks();
  const sig =
    checks.length === 0
      ? 'No signature was checked (no key matched, or the token did not parse).'
      : checks.map((c) => `${c.alg}: ${checked[c.result]}`).join('; ');
  return el('p', { 'data-testid': 'signatures' }, `Signatures: ${sig}`);
}

function renderReasons(reasons: readonly string[], codes: Codes): HTMLElement {
  return el(
    'ul',
    { 'data-testid': 'reasons' },
    ...reasons.map((code) => {
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
  );
}

function renderDecided(verdict: Verdict, notes: readonly string[], codes: Codes): HTMLElement[] {
  const decision = verdict.decision === 'allow' ? 'ALLOW' : 'DENY';
  return [
    el('p', { class: `decision ${verdict.decision}`, 'data-testid': 'decision' }, decision),
    renderSignatures(),
    ...notes.map((n) => el('p', { class: 'warn', 'data-testid': 'key-note' }, n)),
    ...(verdict.reasons.length > 0 ? [renderReasons(verdict.reasons, codes)] : []),
    renderOutcomes(verdict.outcomes, codes),
    el(
      'p',
      { class: 'hint' },
      `Policy ${verdict.policy.id} ${verdict.policy.version}, evaluated at ${when(verdict.evaluatedAt)}.`,
    ),
  ];
}

export function renderVerdict({ verdict, failure, notes, codes }: Judgement): HTMLElement[] {
  if (verdict !== undefined) return renderDecided(verdict, notes, codes);
  return [
    el('p', { class: 'decision deny', 'data-testid': 'decision' }, 'DENY'),
    el('p', { 'data-testid': 'no-verdict' }, `No verdict, so no allow: ${failure ?? 'unknown error'}`),
  ];
}
