/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: one inspection: the form read, the pair judged by the library, every section rendered. A run that a
// newer one overtook while it waited renders nothing.

import { byId } from './dom/byId.js';
import { readForm } from './form/readForm.js';
import { readShown } from './form/readShown.js';
import { showRequest } from './form/showRequest.js';
import type { PolicyFileText } from './judge/judgeInputs.js';
import { judgePair } from './judge/judgePair.js';
import { renderPage } from './render/renderPage.js';

let runs = 0;

export async function inspect(policyFile: PolicyFileText | undefined): Promise<void> {
  const run = ++runs;
  const region = byId('verdict');
  region.setAttribute('aria-busy', 'true');
  const inputs = readForm();
  const judgement = await judgePair(inputs, policyFile, showRequest);
  if (run !== runs) return;
  renderPage(inputs, readShown(), judgement);
  region.setAttribute('aria-busy', 'false');
}
