import type { RefusalReason } from '@dsop-guard/core';
import type { Transport } from '@dsop-guard/rules';
import type { GuardInput } from '../guard/guardTypes.js';

/**
 * Reads one request header: the field value, with repeated field lines joined by `, ` as Fetch's
 * `Headers.get` and RFC 9110 §5.3 do, or `null` when the header is absent. Names are lower case.
 *
 * @example
 * ```ts
 * const lookup: HeaderLookup = (name) => request.headers.get(name);
 * ```
 */
export type HeaderLookup = (name: string) => string | null;

/** What the transport layer makes of a request: the guard's input, or why it is refused before that. */
export type Extracted =
  | { readonly input: GuardInput; readonly violation?: undefined }
  | { readonly violation: RefusalReason; readonly requestId: string | undefined };

const BEARER = /^bearer$/i;

/** The values of a list-valued header: a comma means the header was repeated (no token, fnr or id has one). */
function values(header: HeaderLookup, name: string): string[] {
  const raw = header(name) ?? '';
  if (!raw.includes(',')) {
    const value = raw.trim();
    return value === '' ? [] : [value];
  }
  return raw
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function maskinportenToken(
  value: string | undefined,
  form: Transport['authorization'],
): string | undefined | null {
  if (value === undefined || BEARER.test(value)) return undefined;
  const space = value.search(/\s/);
  if (space === -1) return form === 'bearer' ? null : value;
  const scheme = value.slice(0, space);
  return BEARER.test(scheme) && form !== 'raw' ? value.slice(space).trim() : null;
}

/**
 * Takes the guard's input from request headers, as the transport says: the Maskinporten token from
 * `Authorization` (raw, `Bearer`, or either), the consent token from the transport's consent header, the person
 * from the first of its person headers that is present, and the request id. A repeated header, a person given
 * in two places, or an `Authorization` in the wrong form is refused with `input_malformed` and a rule id
 * that names the header (`http.authorization`, `http.consent`, `http.person`, `http.request-id`).
 * `pathPerson` is the person an adapter read from the URL (services such as Skatteetaten's put it there).
 */
export function extractInput(header: HeaderLookup, transport: Transport, pathPerson?: unknown): Extracted {
  const requestIds = values(header, transport.requestIdHeader);
  const requestId = requestIds.length === 1 ? requestIds[0] : undefined;
  const refuse = (ruleId: string, path: string): Extracted => ({
    violation: { code: 'input_malformed', ruleId, path },
    requestId,
  });
  if (requestIds.length > 1) return refuse('http.request-id', transport.requestIdHeader);
  const authorization = values(header, 'authorization');
  if (authorization.length > 1) return refuse('http.authorization', 'authorization');
  const token = maskinportenToken(authorization[0], transport.authorization);
  if (token === null) return refuse('http.authorization', 'authorization');
  const consent = values(header, transport.consentHeader);
  if (consent.length > 1) return refuse('http.consent', transport.consentHeader);
  const persons: unknown[] = transport.personHeaders.flatMap((name) => values(header, name));
  if (pathPerson !== undefined && pathPerson !== '') persons.push(pathPerson);
  if (persons.length > 1) return refuse('http.person', [...transport.personHeaders, 'path'].join('|'));
  return {
    input: { maskinportenToken: token, consentToken: consent[0], person: persons[0], requestId },
  };
}
