// @ts-nocheck
import { type KeyObject, verify } from 'node:crypto';
import { hasValidPersonChecksum, isValidOrgno } from '../../arbitraries/index.js';

// The independent oracle: what "allowed" must mean, computed from the raw request with node:crypto and plain
// string handling. It shares no code with dsop-guard: not its parser, not its normaliser, not its rules.

/** What the oracle is told about the deployment. */
export interface OracleConfig {
  readonly issuer: string;
  readonly scope: string;
  readonly maskinporten: { readonly key: KeyObject; readonly kid: string };
  readonly altinn: { readonly key: KeyObject; readonly kid: string; readonly x5t: string };
  readonly consentIssuer: string;
  /** Accept the 2032 k1 rule for person ids. */
  readonly allow2032: boolean;
}

/** One raw request. */
export interface OracleRequest {
  readonly maskinportenToken: unknown;
  readonly consentToken: unknown;
  readonly person: unknown;
  readonly now: number;
  readonly clockTolerance: number;
}

interface Jws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const HASH: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
const B64URL = /^[A-Za-z0-9_-]*$/;

function strictB64url(segment: string): Buffer | undefined {
  if (!B64URL.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function decode(token: unknown): Jws | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const hb = strictB64url(h);
  const pb = strictB64url(p);
  const sb = strictB64url(s);
  if (hb === undefined || pb === undefined || sb === undefined || sb.length === 0) return undefined;
  const header = jsonObject(hb);
  const payload = jsonObject(pb);
  if (header === undefined || payload === undefined) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: sb };
}

/** The RS* signature checks out under `key`, and the header names that key. */
export function signedBy(
  jws: Jws,
  key: KeyObject,
  names: (header: Record<string, unknown>) => boolean,
): boolean {
  const hash = HASH[String(jws.header['alg'])];
  if (hash === undefined || !names(jws.header)) return false;
  return verify(hash, Buffer.from(jws.signingInput, 'ascii'), key, jws.signature);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** exp present and in the future within the tolerance; nbf, when present, not after now + tolerance. */
function timesOk(
  payload: Record<string, unknown>,
  required: readonly string[],
  now: number,
  tol: number,
): boolean {
  for (const c of required) if (!isNum(payload[c])) return false;
  for (const c of ['exp', 'iat', 'nbf']) if (c in payload && !isNum(payload[c])) return false;
  if (isNum(payload['exp']) && !(now < payload['exp'] + tol)) return false;
  if (isNum(payload['nbf']) && payload['nbf'] > now + tol) return false;
  return true;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** RFC 3339 date-time (offset hours 00..23, minutes 00..59) to epoch seconds; undefined when not one. */
export function rfc3339Seconds(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = m[7] === undefined ? 0 : Number(`0${m[7]}`);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(utc);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return utc / 1000 + fraction - offset * 60;
}

const LEGACY = [
  /^(?<d>\d{2})\.(?<mo>\d{2})\.(?<y>\d{4}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})$/,
  /^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})$/,
];

/**
 * The latest instant an Altinn 2 consent can be trusted to last: epoch numbers as they are; numeric strings
 * as numbers; the legacy zone-less date strings read in the *largest* Norwegian offset (UTC+2, summer time),
 * which gives the earliest possible instant, since their zone is unknown (reference.md §3.1).
 */
export function altinn2ValidUntil(value: unknown): number | undefined {
  if (isNum(value)) return value;
  if (typeof value !== 'string') return undefined;
  if (/^\d{1,12}$/.test(value)) return Number(value);
  for (const re of LEGACY) {
    const g = re.exec(value)?.groups;
    if (g !== undefined)
      return rfc3339Seconds(`${g['y']}-${g['mo']}-${g['d']}T${g['h']}:${g['mi']}:${g['s']}+02:00`);
  }
  return undefined;
}

const PERSON_URN = 'urn:altinn:person:identifier-no:';
const ORG_URN = 'urn:altinn:organization:identifier-no:';

/**
 * Every DSOP invariant a request breaks, by name; empty means the oracle would allow it. Soundness is
 * "engine allows ⇒ this list is empty".
 */
export function oracleViolations(config: OracleConfig, request: OracleRequest): string[] {
  const broken: string[] = [];
  const { now, clockTolerance: tol } = request;
  const mp = decode(request.maskinportenToken);
  if (mp === undefined) return ['maskinporten.compact'];
  if (!signedBy(mp, config.maskinporten.key, (h) => h['kid'] === config.maskinporten.kid))
    broken.push('maskinporten.signature');
  const claims = mp.payload;
  if (!timesOk(claims, ['exp', 'iat'], now, tol)) broken.push('maskinporten.times');
  if (claims['iss'] !== config.issuer) broken.push('maskinporten.iss');
  const scope = claims['scope'];
  if (typeof scope !== 'string' || !scope.split(/[ \t\r\n]+/).includes(config.scope))
    broken.push('maskinporten.scope');
  const consumer = claims['consumer'] as { authority?: unknown; ID?: unknown } | null | undefined;
  const consumerId = typeof consumer === 'object' && consumer !== null ? consumer.ID : undefined;
  const orgno =
    typeof consumerId === 'string' && consumerId.startsWith('0192:') ? consumerId.slice(5) : undefined;
  if (consumer?.authority !== 'iso6523-actorid-upis' || !isValidOrgno(orgno))
    broken.push('maskinporten.consumer');

  const person = request.person;
  if (!hasValidPersonChecksum(person, config.allow2032)) broken.push('person.checksum');

  const details = Array.isArray(claims['authorization_details'])
    ? (claims['authorization_details'] as unknown[])
    : [];
  const a3 = details.filter(
    (d) =>
      typeof d === 'object' && d !== null && (d as Record<string, unknown>)['type'] === 'urn:altinn:consent',
  ) as Record<string, unknown>[];
  const hasToken = typeof request.consentToken === 'string' && request.consentToken !== '';
  if (a3.length + (hasToken ? 1 : 0) !== 1) {
    broken.push('consent.exactly-one');
    return broken;
  }
  if (hasToken) {
    const consent = decode(request.consentToken);
    if (consent === undefined) return [...broken, 'consent.compact'];
    const { kid, x5t } = config.altinn;
    const names = (h: Record<string, unknown>) =>
      h['kid'] === kid || (h['kid'] === undefined && h['x5t'] === x5t);
    if (!signedBy(consent, config.altinn.key, names)) broken.push('consent.signature');
    const c = consent.payload;
    if (!timesOk(c, ['exp', 'nbf'], now, tol)) broken.push('consent.times');
    if (c['iss'] !== config.consentIssuer) broken.push('consent.iss');
    if (orgno === undefined || c['CoveredBy'] !== orgno) broken.push('consent.coveredBy');
    if (c['OfferedBy'] !== person) broken.push('consent.offeredBy');
    const until = altinn2ValidUntil(c['ValidToDate'] !== undefined ? c['ValidToDate'] : c['ValidTo']);
    if (until === undefined || !(until + tol > now)) broken.push('consent.validTo');
  } else {
    const entry = a3[0] as Record<string, unknown>;
    const to = entry['to'];
    const toOrg =
      typeof to === 'string'
        ? to.startsWith(ORG_URN)
          ? to.slice(ORG_URN.length)
          : undefined
        : typeof to === 'object' && to !== null && typeof (to as { ID?: unknown }).ID === 'string'
          ? (to as { ID: string }).ID.startsWith('0192:')
            ? (to as { ID: string }).ID.slice(5)
            : undefined
          : undefined;
    if (orgno === undefined || toOrg !== orgno) broken.push('consent.to');
    if (typeof person !== 'string' || entry['from'] !== `${PERSON_URN}${person}`) broken.push('consent.from');
    const until = rfc3339Seconds(entry['validTo']);
    if (until === undefined || !(until + tol > now)) broken.push('consent.validTo');
  }
  return broken;
}
