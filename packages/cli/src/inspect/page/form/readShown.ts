/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Private: the token and person fields as the page shows them once judged (a header block may have set them).

import { byId } from '../dom/byId.js';
import type { ShownRequest } from '../judge/requestOf.js';

/** The tokens as they stand in their fields; the person trimmed. */
export function readShown(): ShownRequest {
  return {
    maskinporten: byId<HTMLTextAreaElement>('maskinporten').value,
    consent: byId<HTMLTextAreaElement>('consent').value,
    person: byId<HTMLInputElement>('person').value.trim(),
  };
}
