import { type Claims, ConfigError, type ConsentRight, fail, pass, type RuleResult } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link consentServiceRule}. Give `service` for Altinn 2 consents and `resource` (and/or
 * `migratedResource`) for Altinn 3 consents; at least one of them.
 *
 * @example
 * ```ts
 * const lanekassen: ConsentServiceRuleOptions = { service: '5498_1', metadata: ['Navn'] };
 * const altinn3: ConsentServiceRuleOptions = { resource: 'samtykke-test-vegard', metadata: ['inntektsaar'] };
 * ```
 */
export interface ConsentServiceRuleOptions extends RuleBaseOptions {
  /**
   * The Altinn 2 service as `<ServiceCode>_<ServiceEditionCode>`, e.g. `5498_1`, that `Services` must contain.
   * @defaultValue none: Altinn 2 consents are refused
   */
  readonly service?: string;
  /**
   * Required metadata names. Altinn 2: an entry `<service>_<name>=<non-empty value>` in `Services`. Altinn 3: a
   * non-empty `metadata` value in the matching right, the name compared case-insensitively (migration lowercases
   * them).
   * @defaultValue `[]`
   */
  readonly metadata?: readonly string[];
  /**
   * The Altinn 3 resource id a right must cover.
   * @defaultValue none
   */
  readonly resource?: string;
  /**
   * Also accept this migrated Altinn 3 resource id, `{org}_{serviceCode}_{serviceEditionCode}` (e.g.
   * `lanekassen_5498_1`; the org code for each service is UNCONFIRMED).
   * @defaultValue none
   */
  readonly migratedResource?: string;
  /**
   * The action the Altinn 3 right must list.
   * @defaultValue `'consent'`
   */
  readonly action?: string;
}

interface Resolved {
  readonly service?: string;
  readonly metadata: readonly string[];
  readonly resources: readonly string[];
  readonly action: string;
}

/** Each required metadata name with the `<service>_<name>=` its entry starts with, made once per rule. */
type MetadataEntries = readonly { readonly name: string; readonly prefix: string }[];

/** Whether `services` has an entry `<prefix><value>` with a value. */
function hasEntry(services: readonly string[], prefix: string): boolean {
  for (const s of services) if (s.length > prefix.length && s.startsWith(prefix)) return true;
  return false;
}

function checkAltinn2(services: readonly string[], o: Resolved, entries: MetadataEntries): RuleResult {
  if (o.service === undefined || !services.includes(o.service)) {
    return fail({
      code: 'consent_service_missing',
      path: 'consent.Services',
      expected: o.service ?? null,
      actual: services.filter((s) => !s.includes('=')),
    });
  }
  let found = 0;
  for (const entry of entries) if (hasEntry(services, entry.prefix)) found += 1;
  if (found === entries.length) return pass();
  const missing = entries.filter((e) => !hasEntry(services, e.prefix)).map((e) => e.name);
  return fail({ code: 'consent_metadata_missing', path: 'consent.Services', expected: missing });
}

function hasMetadata(right: ConsentRight, name: string): boolean {
  const wanted = name.toLowerCase();
  return Object.entries(right.metadata).some(
    ([k, v]) => k.toLowerCase() === wanted && typeof v === 'string' && v !== '',
  );
}

function checkAltinn3(rights: readonly ConsentRight[], o: Resolved): RuleResult {
  if (o.resources.length === 0) {
    // The service's Altinn 3 resource id is not published; the policy must name it before such a consent passes.
    return fail({
      code: 'consent_right_missing',
      path: 'consent.consentRights',
      expected:
        'a resource id in the policy: consent-service `resource`, or preset(name, env, { altinn3Resource })',
      actual: rights.flatMap((r) => r.resources),
    });
  }
  const matching = rights.filter(
    (r) => r.action.includes(o.action) && r.resources.some((id) => o.resources.includes(id)),
  );
  if (matching.length === 0) {
    return fail({
      code: 'consent_right_missing',
      path: 'consent.consentRights',
      expected: o.resources.map((id) => `${o.action} ${id}`),
      actual: rights.flatMap((r) => r.resources),
    });
  }
  const missing = o.metadata.filter((name) => !matching.some((r) => hasMetadata(r, name)));
  const complete = matching.some((r) => o.metadata.every((name) => hasMetadata(r, name)));
  return complete
    ? pass()
    : fail({
        code: 'consent_metadata_missing',
        path: 'consent.consentRights',
        expected: missing.length > 0 ? missing : o.metadata,
      });
}

/**
 * The consent covers the service: an Altinn 2 consent's `Services` contains `service` (`consent_service_missing`)
 * and an entry `<service>_<name>=<value>` per required metadata name (`consent_metadata_missing`); an Altinn 3
 * consent has a right with `action` on `resource` or `migratedResource` (`consent_right_missing`) that carries
 * every required metadata value (`consent_metadata_missing`). A stored consent is judged by what it carries
 * (rights, else services). No consent gives `consent_missing`. Default id `consent-service`.
 *
 * @example
 * ```ts
 * import { consentServiceRule } from '@dsop-guard/rules';
 *
 * const rule = consentServiceRule({ service: '5498_1', metadata: ['Navn'] }); // Lånekassen saldo
 * ```
 */
export const consentServiceRule = builtinRule({
  name: 'consent-service',
  summary:
    'The consent covers the service: Altinn 2 `Services` has the service code and metadata entries; an Altinn 3 right has the resource, action and metadata.',
  codes: ['consent_missing', 'consent_service_missing', 'consent_metadata_missing', 'consent_right_missing'],
  reads: { 'consent.source': 'text', 'consent.services': 'texts', 'consent.rights': 'rights' },
  options: {
    service: {
      description:
        'Altinn 2 service `<code>_<edition>`, e.g. `5498_1`. Default: none (Altinn 2 consents refused).',
      type: 'string',
      pattern: '^[0-9]+_[0-9]+$',
    },
    metadata: {
      description:
        'Required metadata names, e.g. `Navn` (Altinn 2 `<service>_<name>=<value>`; Altinn 3 right metadata, any case).',
      default: [],
      type: 'array',
      items: { type: 'string', pattern: '^[^=\\s]+$', maxLength: 256 },
      maxItems: 64,
    },
    resource: {
      description: 'Altinn 3 resource id a right must cover. Default: none.',
      type: 'string',
      minLength: 1,
      maxLength: 256,
    },
    migratedResource: {
      description:
        'Also accepted: the migrated Altinn 3 resource id `{org}_{code}_{edition}` (UNCONFIRMED per service). Default: none.',
      type: 'string',
      minLength: 1,
      maxLength: 256,
    },
    action: {
      description: 'The action an Altinn 3 right must list.',
      default: 'consent',
      type: 'string',
      minLength: 1,
      maxLength: 256,
    },
  },
  resolve: (o: ConsentServiceRuleOptions): Resolved => {
    const resources = [o.resource, o.migratedResource].filter((r): r is string => r !== undefined);
    if (o.service === undefined && resources.length === 0) {
      throw new ConfigError(o.id ?? 'consent-service', 'needs `service`, `resource` or `migratedResource`');
    }
    return {
      ...(o.service === undefined ? {} : { service: o.service }),
      metadata: o.metadata ?? [],
      resources,
      action: o.action ?? 'consent',
    };
  },
  check: (o) => {
    const entries: MetadataEntries = o.metadata.map((name) => ({
      name,
      prefix: `${o.service}_${name}=`,
    }));
    return (claims: Claims) => {
      const consent = claims.consent;
      if (consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
      const altinn3 =
        consent.source === 'altinn3' || (consent.source === 'stored' && consent.rights.length > 0);
      return altinn3 ? checkAltinn3(consent.rights, o) : checkAltinn2(consent.services, o, entries);
    };
  },
});
