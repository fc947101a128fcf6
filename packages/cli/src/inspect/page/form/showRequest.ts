/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the token and person fields set to a request read from a header block, as the HTTP path saw it.

import { byId } from '../dom/byId.js';
import type { ShownRequest } from '../judge/requestOf.js';

export function showRequest(shown: ShownRequest): void {
  byId<HTMLTextAreaElement>('maskinporten').value = shown.maskinporten;
  byId<HTMLTextAreaElement>('consent').value = shown.consent;
  byId<HTMLInputElement>('person').value = shown.person;
}
