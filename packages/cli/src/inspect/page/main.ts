/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The references are for the package build, which compiles these files with the rest; pnpm typecheck checks
// them with the tsconfig.json beside this file, so that nothing else is checked against browser globals.)
// Private: the inspector page's script, the entry ../buildInspectorPage.ts bundles. It judges with the library
// itself: the plain-function guard (createGuard), the HTTP adapters' header path (extractInput over
// rawHeaderLookup), core's key sets and rules' presets and policy files, bundled for the browser. What it adds
// is only display: decoded claims, their notes, cross-checks, time windows, identifiers, and named traps.
//
// Here the page's events are wired to one inspection (inspect.ts), which reads the form (form/), judges the pair
// with the library (judge/, DOM-free), and renders every section (render/, from dom/'s building blocks). What
// the page reads of a pair besides the verdict is in read/ (decode, traps, crossChecks, windows, identifiers);
// claimNotes.ts says what each claim means.

import { byId } from './dom/byId.js';
import { fetchJwks } from './form/fetchJwks.js';
import { inspect } from './inspect.js';
import type { PolicyFileText } from './judge/judgeInputs.js';
import { setReveal } from './mask.js';

let policyFile: PolicyFileText | undefined;

const run = (): void => void inspect(policyFile);

function start(): void {
  byId('inputs').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  byId('reveal').addEventListener('change', () => {
    const reveal = byId<HTMLInputElement>('reveal').checked;
    setReveal(reveal);
    byId<HTMLInputElement>('person').type = reveal ? 'text' : 'password';
    run();
  });
  byId('policy-file').addEventListener('change', async () => {
    const file = byId<HTMLInputElement>('policy-file').files?.[0];
    policyFile = file === undefined ? undefined : { text: await file.text(), name: file.name };
    if (file !== undefined) byId<HTMLSelectElement>('preset').value = '';
  });
  byId('fetch-jwks').addEventListener('click', () => void fetchJwks('maskinporten'));
  byId('fetch-consent-jwks').addEventListener('click', () => void fetchJwks('altinn'));
  for (const id of ['maskinporten', 'consent', 'headers', 'jwks', 'consent-jwks'])
    byId(id).addEventListener('keydown', (event) => {
      const key = event as KeyboardEvent;
      if (key.key === 'Enter' && (key.ctrlKey || key.metaKey)) {
        event.preventDefault();
        run();
      }
    });
}

start();
