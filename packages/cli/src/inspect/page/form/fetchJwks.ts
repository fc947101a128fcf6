/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: a JWKS fetched into its field through the `dsop-guard inspect` server (a page opened as a file cannot).

import { byId } from '../dom/byId.js';

declare const __INSPECTOR_MODE__: 'server' | 'file';

export async function fetchJwks(which: 'maskinporten' | 'altinn'): Promise<void> {
  const status = byId('fetch-status');
  const env = byId<HTMLSelectElement>('environment').value;
  if (__INSPECTOR_MODE__ === 'file') {
    status.textContent =
      'This page is a file: it cannot fetch. Run dsop-guard inspect to fetch through it, or paste the JWKS.';
    return;
  }
  status.textContent = `Fetching the ${which} JWKS for ${env} through dsop-guard inspect…`;
  try {
    const response = await fetch(`/jwks?issuer=${which}&env=${encodeURIComponent(env)}`);
    const text = await response.text();
    if (!response.ok) throw new Error(text);
    byId<HTMLTextAreaElement>(which === 'maskinporten' ? 'jwks' : 'consent-jwks').value = text;
    status.textContent = `Fetched the ${which} JWKS for ${env}.`;
  } catch (e) {
    status.textContent = `Could not fetch the ${which} JWKS: ${(e as Error).message}`;
  }
}
