import { ConfigError } from '@dsop-guard/core';
import { loadPolicy } from './loadPolicy.js';
import { nearest } from '@dsop-guard/core';
import type { PolicyFile, PolicyNode } from './policyFile.js';
import type { Environment, Preset, Transport } from './presetTypes.js';

/**
 * The DSOP services with a preset.
 *
 * @example
 * ```ts
 * const name: PresetName = 'lanekassen-saldo';
 * ```
 */
export type PresetName = 'lanekassen-saldo' | 'skatteetaten-inntekt' | 'nav-sykeuforeopplysninger';

/**
 * The names {@link preset} accepts.
 *
 * @example
 * ```ts
 * import { presetNames, preset } from '@dsop-guard/rules';
 *
 * const all = presetNames.map((name) => preset(name, 'test'));
 * ```
 */
export const presetNames: readonly PresetName[] = [
  'lanekassen-saldo',
  'skatteetaten-inntekt',
  'nav-sykeuforeopplysninger',
];

/** The version of the preset policies; bumped whenever a preset's rules or options change. */
const VERSION = '1.0.0';

/**
 * The NAV scope is not public (UNCONFIRMED). This placeholder is never granted, so the preset denies every
 * request with `scope_missing` until you load a policy file with the real scope.
 */
const NAV_SCOPE_PLACEHOLDER = 'nav:unconfirmed-scope';

interface Service {
  readonly description: string;
  readonly scope: string;
  readonly service: string;
  readonly metadata?: readonly string[];
  readonly maxPeriod: string;
  readonly transport: Transport;
}

const SERVICES: Readonly<Record<PresetName, Service>> = {
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

const ENVIRONMENTS: Readonly<
  Record<Environment, { issuer: string; metadataUrl: string; consentJwksUri: string }>
> = {
  test: {
    issuer: 'https://test.maskinporten.no/',
    metadataUrl: 'https://test.maskinporten.no/.well-known/oauth-authorization-server',
    consentJwksUri: 'https://tt02.altinn.no/api/metadata/jwk',
  },
  prod: {
    issuer: 'https://maskinporten.no/',
    metadataUrl: 'https://maskinporten.no/.well-known/oauth-authorization-server',
    consentJwksUri: 'https://www.altinn.no/api/metadata/jwk', // UNCONFIRMED
  },
};

/** The preset as policy-file data: what `packages/rules/examples/lanekassen-test.policy.yaml` spells out. */
function policyFile(name: PresetName, environment: Environment): PolicyFile {
  const s = SERVICES[name];
  const rules: PolicyNode[] = [
    { rule: 'issuer' },
    { rule: 'token-type' },
    { rule: 'client-amr' },
    { rule: 'token-lifetime' },
    { rule: 'scope', options: { scopes: [s.scope] } },
    { rule: 'consumer' },
    { rule: 'delegation-source' },
    { rule: 'pid' },
    { rule: 'consent-required' },
    { rule: 'consent-issuer' },
    { rule: 'consumer-matches-consent' },
    { rule: 'consent-validity', options: { maxPeriod: s.maxPeriod } },
    {
      rule: 'consent-service',
      options: { service: s.service, ...(s.metadata ? { metadata: s.metadata } : {}) },
    },
    // Test environments use synthetic persons (Tenor +80, Dolly +40 on the month).
    environment === 'test'
      ? { rule: 'person', options: { allow: ['fnr', 'dnr', 'tenor', 'dolly'] } }
      : { rule: 'person' },
  ];
  return {
    id: `${name}/${environment}`,
    version: VERSION,
    environment,
    description: s.description,
    rule: { all: rules },
  };
}

/**
 * A ready-made policy and transport for one DSOP service in one environment. The policy is policy-file data
 * loaded through {@link loadPolicy}, an `all` of: issuer, token-type, client-amr, token-lifetime (120 s), scope,
 * consumer, delegation-source, pid, consent-required, consent-issuer, consumer-matches-consent,
 * consent-validity (maximum period per service), consent-service (service code and metadata) and person.
 *
 * - `lanekassen-saldo`: scope `lanekassen:lan/v1/saldoopplysninger`, service `5498_1` with `Navn`, at most
 *   1 year; `Authorization` raw, consent in `consent-id`, person in `psu-id` or `psu_id`, `x-request-id`.
 * - `skatteetaten-inntekt`: scope `skatteetaten:inntekt`, service `4804_210607`, at most 10 days;
 *   `Authorization: Bearer`, consent in `altinnsamtykke`; the person is in the URL path (no person header).
 * - `nav-sykeuforeopplysninger`: service `5252_2` with `Navn`, at most 3 years. The scope is UNCONFIRMED: the
 *   preset carries the placeholder `nav:unconfirmed-scope` and so denies everything (`scope_missing`) until
 *   you write a policy file with the real scope. Headers (DSOP conventions) are UNCONFIRMED too.
 *
 * Altinn 3 consents need the service's resource id (`consent-service` `resource`/`migratedResource`), which
 * is not published: the presets accept Altinn 2 and stored consents only.
 *
 * @throws ConfigError for an unknown name or environment.
 *
 * @example
 * ```ts
 * import { preset } from '@dsop-guard/rules';
 * import { createEngine, remoteKeySet } from '@dsop-guard/core';
 *
 * const p = preset('lanekassen-saldo', 'test');
 * p.transport.authorization; // 'raw'
 * const engine = createEngine({ policy: p.policy, maskinporten: { keys: myMaskinportenKeys } });
 * ```
 */
export function preset(name: PresetName, environment: Environment): Preset {
  if (!presetNames.includes(name)) {
    const near = typeof name === 'string' ? nearest(name, presetNames) : undefined;
    throw new ConfigError(
      'name',
      `unknown preset ${JSON.stringify(name)}${near === undefined ? '' : `; did you mean '${near}'?`}`,
    );
  }
  if (environment !== 'test' && environment !== 'prod')
    throw new ConfigError('environment', "must be 'test' or 'prod'");
  const env = ENVIRONMENTS[environment];
  const file = policyFile(name, environment);
  const policy = loadPolicy({ text: JSON.stringify(file), format: 'json', name: `preset ${file.id}` });
  return {
    name,
    environment,
    policy,
    transport: SERVICES[name].transport,
    issuer: env.issuer,
    metadataUrl: env.metadataUrl,
    consentIssuer: 'altinn.no',
    consentJwksUri: env.consentJwksUri,
  };
}
