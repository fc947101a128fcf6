/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the form's fields as the judge reads them (../judge/judgeInputs.ts).

import type { Environment } from '@dsop-guard/rules';
import { byId } from '../dom/byId.js';
import type { JudgeInputs } from '../judge/judgeInputs.js';

const text = (id: string): string => byId<HTMLInputElement | HTMLTextAreaElement>(id).value;

export function readForm(): JudgeInputs {
  const nowText = text('now').trim();
  return {
    presetName: byId<HTMLSelectElement>('preset').value,
    environment: byId<HTMLSelectElement>('environment').value as Environment,
    now: /^\d+$/.test(nowText) ? Number(nowText) : Math.floor(Date.now() / 1000),
    altinn3Resource: text('altinn3-resource'),
    jwks: text('jwks'),
    consentJwks: text('consent-jwks'),
    headers: text('headers'),
    maskinporten: text('maskinporten'),
    consent: text('consent'),
    person: text('person'),
  };
}
