// Private: the request the guard is asked about: the pasted header block through the HTTP adapters' own path
// (extractInput over rawHeaderLookup), or, without one, the token and person fields as they are.

import { type Extracted, extractInput, rawHeaderLookup } from '@dsop-guard/adapters/http';
import type { Transport } from '@dsop-guard/rules';
import { rawHeadersOf } from '../read/decode.js';
import type { JudgeInputs } from './judgeInputs.js';

/** What the form's token and person fields are to show: the request as the HTTP path saw it. */
export interface ShownRequest {
  readonly maskinporten: string;
  readonly consent: string;
  readonly person: string;
}

export interface Request {
  readonly extracted: Extracted;
  /** Set when the request came from a header block, whose values the form is then to show. */
  readonly shown: ShownRequest | undefined;
}

function fromHeaders(headers: string, transport: Transport): Request {
  const lookup = rawHeaderLookup(rawHeadersOf(headers));
  const extracted = extractInput(lookup, transport);
  const authorization = lookup('authorization') ?? '';
  const token = extracted.violation === undefined ? extracted.input.maskinportenToken : undefined;
  const person = transport.personHeaders.map((h) => lookup(h)).find((v) => v !== null);
  const shown = {
    maskinporten: typeof token === 'string' ? token : authorization,
    consent: lookup(transport.consentHeader) ?? '',
    person: person ?? '',
  };
  return { extracted, shown };
}

export function requestOf(inputs: JudgeInputs, transport: Transport): Request {
  if (inputs.headers.trim() !== '') return fromHeaders(inputs.headers, transport);
  const consent = inputs.consent.trim();
  const person = inputs.person.trim();
  const input = {
    maskinportenToken: inputs.maskinporten.trim(),
    consentToken: consent === '' ? undefined : consent,
    person: person === '' ? undefined : person,
  };
  return { extracted: { input }, shown: undefined };
}
