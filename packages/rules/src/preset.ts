import { ConfigError, checkOptionKeys, nearest } from '@dsop-guard/core';
import { buildPolicy } from './buildPolicy.js';
import { presetPolicyFile } from './presetPolicyFile.js';
import { SERVICES } from './presetServices.js';
import type { Environment, Preset, PresetName, PresetOptions } from './presetTypes.js';

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

/**
 * A ready-made policy and transport for one DSOP service in one environment. The policy is policy-file data
 * (what a policy file loaded with {@link loadPolicy} would hold), an `all` of: issuer, token-type, client-amr, token-lifetime (120 s), scope,
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
 * Altinn 3 consents (Altinn 2 consents were retired in June 2026) need the service's Altinn 3 resource id, which
 * is not published (UNCONFIRMED): give it as `options.altinn3Resource` (and `altinn3MigratedResource`, the
 * `{org}_{code}_{edition}` id of a migrated service). Without it the preset accepts Altinn 2 and stored consents
 * only, and an Altinn 3 consent is denied with `consent_right_missing`, whose `expected` says what to configure.
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
export function preset(name: PresetName, environment: Environment, options: PresetOptions = {}): Preset {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, ['altinn3Resource', 'altinn3MigratedResource'], 'preset');
  for (const field of ['altinn3Resource', 'altinn3MigratedResource'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === ''))
      throw new ConfigError(field, "must be a non-empty string (the service's Altinn 3 resource id)");
  }
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
  const file = presetPolicyFile(name, environment, {
    ...(options.altinn3Resource === undefined ? {} : { resource: options.altinn3Resource }),
    ...(options.altinn3MigratedResource === undefined
      ? {}
      : { migratedResource: options.altinn3MigratedResource }),
  });
  // Trusted data in code: test/rules/presets.test.ts checks every preset against the policy-file schema.
  const policy = buildPolicy(`preset ${file.id}`, file, [], new Map());
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
