// Private: the pair's time windows: the tokens' lifetimes, the consent's period and the policy's maximum period.

import { altinn3Of, type Json } from './decode.js';

export interface Window_ {
  /** Tokens live seconds to minutes, consents months: each kind gets a chart of its own scale. */
  readonly scale: 'token' | 'consent';
  readonly label: string;
  readonly from: number | undefined;
  readonly to: number | undefined;
}

function isoSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

function addPeriod(seconds: number, period: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(period);
  if (m === null) return undefined;
  const d = new Date(seconds * 1000);
  d.setUTCFullYear(
    d.getUTCFullYear() + Number(m[1] ?? 0),
    d.getUTCMonth() + Number(m[2] ?? 0),
    d.getUTCDate() + Number(m[3] ?? 0),
  );
  return Math.floor(d.getTime() / 1000);
}

const num = (o: Json | undefined, k: string) => (typeof o?.[k] === 'number' ? (o[k] as number) : undefined);

/** A token's lifetime: from nbf (or iat) to exp. */
const tokenWindow = (label: string, token: Json | undefined): Window_ => ({
  scale: 'token',
  label,
  from: num(token, 'nbf') ?? num(token, 'iat'),
  to: num(token, 'exp'),
});

/** A consent's period, and the policy's maximum period from when it was given. */
function consentWindows(
  label: string,
  given: number | undefined,
  to: number | undefined,
  maxPeriod: string | undefined,
): Window_[] {
  const out: Window_[] = [{ scale: 'consent', label, from: given, to }];
  if (given !== undefined && maxPeriod !== undefined)
    out.push({
      scale: 'consent',
      label: `maximum period (${maxPeriod})`,
      from: given,
      to: addPeriod(given, maxPeriod),
    });
  return out;
}

/** The pair's time windows: the tokens' lifetimes and the consent's period, those with an end or a start. */
export function windowsOf(
  mp: Json | undefined,
  a2: Json | undefined,
  maxPeriod: string | undefined,
): Window_[] {
  const a3 = altinn3Of(mp);
  const out: Window_[] = [tokenWindow('Maskinporten token (iat/nbf → exp)', mp)];
  if (a2 !== undefined) {
    const to = num(a2, 'ValidToDate') ?? isoSeconds(a2['ValidTo']);
    out.push(
      tokenWindow('consent token (nbf → exp)', a2),
      ...consentWindows('consent (DelegatedDate → ValidToDate)', num(a2, 'DelegatedDate'), to, maxPeriod),
    );
  }
  if (a3 !== undefined) {
    const given = isoSeconds(a3['consented']);
    out.push(...consentWindows('consent (consented → validTo)', given, isoSeconds(a3['validTo']), maxPeriod));
  }
  return out.filter((w) => w.from !== undefined || w.to !== undefined);
}
