/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: every section of the page for one judged pair: the traps, the verdict, the cross-checks, the time
// windows, the identifiers and the two claim tables. What it reads of the pair is ../read/'s.

import type { Verdict } from '@dsop-guard/core';
import { consentNotes, maskinportenNotes } from '../claimNotes.js';
import { fill } from '../dom/fill.js';
import type { JudgeInputs } from '../judge/judgeInputs.js';
import type { Judgement } from '../judge/judgePair.js';
import type { ShownRequest } from '../judge/requestOf.js';
import { crossChecks } from '../read/crossChecks.js';
import { type Decoded, decode, unquote } from '../read/decode.js';
import { identifiers } from '../read/identifiers.js';
import { trapsOf } from '../read/traps.js';
import { windowsOf } from '../read/windows.js';
import { renderChecks } from './renderChecks.js';
import { renderClaimTable } from './renderClaimTable.js';
import { renderIdentifiers } from './renderIdentifiers.js';
import { renderTimeline } from './renderTimeline.js';
import { renderTraps } from './renderTraps.js';
import { renderVerdict } from './renderVerdict.js';

const undecoded = (problem: string): Decoded => ({ header: undefined, payload: undefined, problem });

function renderTokens(mpRaw: string, mp: Decoded, a2: Decoded | undefined, verdict: Verdict | undefined) {
  return [
    renderClaimTable(
      'Maskinporten token',
      mpRaw.trim() === '' ? undecoded('empty') : mp,
      maskinportenNotes,
      verdict,
      'maskinporten',
    ),
    renderClaimTable('Consent token', a2 ?? undecoded('none given'), consentNotes, verdict, 'consent'),
  ];
}

/** `shown` is the token and person fields as they stand once judged. */
export function renderPage(inputs: JudgeInputs, shown: ShownRequest, judgement: Judgement): void {
  const { environment, now } = inputs;
  const mp = decode(shown.maskinporten.replace(/^\s*bearer\s+/i, ''));
  const a2 = shown.consent.trim() === '' ? undefined : decode(unquote(shown.consent));
  const { bearerForbidden, maxPeriod, verdict } = judgement;
  const traps = trapsOf(
    shown.maskinporten,
    shown.consent,
    environment,
    mp.payload,
    a2?.payload,
    now,
    bearerForbidden,
  );
  fill('traps', renderTraps(traps));
  fill('verdict', ...renderVerdict(judgement));
  fill('pair', renderChecks(crossChecks(mp.payload, a2?.payload, shown.person)));
  fill('timeline', renderTimeline(windowsOf(mp.payload, a2?.payload, maxPeriod), now));
  fill('identifiers', renderIdentifiers(identifiers(mp.payload, a2?.payload, shown.person)));
  fill('tokens', ...renderTokens(shown.maskinporten, mp, a2, verdict));
}
