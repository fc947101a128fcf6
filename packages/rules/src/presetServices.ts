// The DSOP services' facts behind the presets, as data: scope, service code, maximum period and transport.
import type { PresetName, Transport } from './presetTypes.js';

/**
 * The NAV scope is not public (UNCONFIRMED). This placeholder is never granted, so the preset denies every
 * request with `scope_missing` until you load a policy file with the real scope.
 */
const NAV_SCOPE_PLACEHOLDER = 'nav:unconfirmed-scope';

/** One DSOP service's facts. */
export interface Service {
  readonly description: string;
  readonly scope: string;
  readonly service: string;
  readonly metadata?: readonly string[];
  readonly maxPeriod: string;
  readonly transport: Transport;
}

/** The facts of each DSOP service with a preset. */
export const SERVICES: Readonly<Record<PresetName, Service>> = {
  'lanekassen-saldo': {
    description: 'Lånekassen DSOP saldo på studielån (GET /saldo/v1/Accounts)',
    scope: 'lanekassen:lan/v1/saldoopplysninger',
    service: '5498_1',
    metadata: ['Navn'],
    maxPeriod: 'P1Y',
    // Authorization carries the raw JWT, no scheme. PSU-ID vs PSU_ID is UNCONFIRMED: both are read.
    transport: {
      authorization: 'raw',
      consentHeader: 'consent-id',
      personHeaders: ['psu-id', 'psu_id'],
      requestIdHeader: 'x-request-id',
    },
  },
  'skatteetaten-inntekt': {
    description: 'Skatteetaten Inntekt API, rettighetspakke sbl (samtykkebasert lånesøknad)',
    scope: 'skatteetaten:inntekt',
    service: '4804_210607',
    maxPeriod: 'P10D',
    // The person is a path parameter (…/<rettighetspakke>/<personidentifikator>/…), not a header: the
    // adapter must supply it. The request id header `Korrelasjonsid` is UNCONFIRMED.
    transport: {
      authorization: 'bearer',
      consentHeader: 'altinnsamtykke',
      personHeaders: [],
      requestIdHeader: 'korrelasjonsid',
    },
  },
  'nav-sykeuforeopplysninger': {
    description:
      'NAV syke- og uføreopplysninger (DSOP). Scope and headers UNCONFIRMED: see docs/policy-files.md',
    scope: NAV_SCOPE_PLACEHOLDER,
    service: '5252_2',
    metadata: ['Navn'],
    maxPeriod: 'P3Y',
    // UNCONFIRMED: DSOP conventions assumed; `either` accepts the token with or without `Bearer `.
    transport: {
      authorization: 'either',
      consentHeader: 'consent-id',
      personHeaders: ['psu-id', 'psu_id'],
      requestIdHeader: 'x-request-id',
    },
  },
};
