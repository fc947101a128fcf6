// Private: the common traps seen in a pasted pair (how it was pasted, the issuer, an Altinn 2 consent).

import type { Environment } from '@dsop-guard/rules';
import type { Json } from './decode.js';

const ALTINN2_RETIRED = Date.UTC(2026, 5, 19) / 1000; // reference §1.11: "utover 19. juni 2026 … Altinn 3"

const ISSUERS: Readonly<Record<string, Environment | 'ver2'>> = {
  'https://maskinporten.no/': 'prod',
  'https://test.maskinporten.no/': 'test',
  'https://ver2.maskinporten.no/': 'ver2',
};

export interface Trap {
  readonly id: string;
  readonly text: string;
}

/** Traps in how the two tokens were pasted: a scheme in front of one, quotes around the other. */
function pastingTraps(mpRaw: string, consentRaw: string, bearerForbidden: boolean): Trap[] {
  const traps: Trap[] = [];
  if (/^\s*bearer\s/i.test(mpRaw))
    traps.push({
      id: 'bearer',
      text: bearerForbidden
        ? '"Bearer " in front of the Maskinporten token: this service (Lånekassen) wants the raw token in Authorization, no scheme.'
        : '"Bearer " in front of the Maskinporten token: put it in the Authorization header, not in the token.',
    });
  if (/^\s*"/.test(consentRaw) || /"\s*$/.test(consentRaw))
    traps.push({
      id: 'quotes',
      text: 'Quotes around the consent token (Altinn returns it as a JSON string): strip them before sending it. dsop-guard strips them; a data source may not.',
    });
  return traps;
}

/** The retired ver2 issuer, or an issuer of another environment than the one chosen. */
function issuerTraps(mp: Json | undefined, env: Environment): Trap[] {
  const iss = typeof mp?.['iss'] === 'string' ? mp['iss'] : undefined;
  const issEnv = iss === undefined ? undefined : ISSUERS[iss];
  if (issEnv === 'ver2')
    return [
      {
        id: 'ver2',
        text: 'The retired ver2 issuer (https://ver2.maskinporten.no/, phased out 10 June 2024).',
      },
    ];
  if (issEnv !== undefined && issEnv !== env)
    return [
      {
        id: 'environment',
        text: `A ${issEnv.toUpperCase()} token sent to ${env.toUpperCase()}: the issuer is ${iss}.`,
      },
    ];
  return [];
}

/** An Altinn 2 consent past Altinn 2's retirement, or one that names its end ValidTo. */
function consentTraps(consent: Json | undefined, now: number): Trap[] {
  if (consent === undefined) return [];
  const traps: Trap[] = [];
  const validTo = typeof consent['ValidToDate'] === 'number' ? consent['ValidToDate'] : undefined;
  if (now >= ALTINN2_RETIRED || (validTo !== undefined && validTo > ALTINN2_RETIRED))
    traps.push({
      id: 'altinn2-retired',
      text: 'An Altinn 2 consent after its retirement: consents lasting beyond 19 June 2026 must be given again through Altinn 3.',
    });
  if (consent['ValidTo'] !== undefined && consent['ValidToDate'] === undefined)
    traps.push({
      id: 'validto',
      text: 'ValidTo instead of ValidToDate: the consent token names its end ValidToDate.',
    });
  return traps;
}

/** The common traps seen in a pasted pair, in a fixed order. */
export function trapsOf(
  mpRaw: string,
  consentRaw: string,
  env: Environment,
  mp: Json | undefined,
  consent: Json | undefined,
  now: number,
  bearerForbidden: boolean,
): Trap[] {
  const whitespace = /\s/.test(mpRaw.replace(/^\s*bearer\s+/i, '').trim());
  return [
    ...pastingTraps(mpRaw, consentRaw, bearerForbidden),
    ...issuerTraps(mp, env),
    ...consentTraps(consent, now),
    ...(whitespace
      ? [{ id: 'whitespace', text: 'Whitespace or a line break inside the Maskinporten token.' }]
      : []),
  ];
}
