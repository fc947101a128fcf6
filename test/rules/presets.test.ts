import { ConfigError } from '@dsop-guard/core';
import { loadPolicy, type PresetName, policySchema, preset, presetNames } from '@dsop-guard/rules';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
// Pins the private presetPolicyFile on purpose: every preset is also checked as the policy file it stands for.
import { presetPolicyFile } from '../../packages/rules/src/presetPolicyFile.js';
import {
  altinn3,
  type ClaimOverrides,
  CONSUMER,
  claims,
  context,
  DAY,
  decisive,
  NOW,
  org,
  SUPPLIER,
} from './claims.js';

const lanekassen = preset('lanekassen-saldo', 'test');
const judge = async (overrides: ClaimOverrides) =>
  decisive(await lanekassen.policy.rule.evaluate(claims(overrides), context));

describe('preset', () => {
  it.each(
    presetNames.flatMap((name) => (['test', 'prod'] as const).map((env) => [name, env] as const)),
  )('%s/%s is complete', (name, env) => {
    const p = preset(name, env);
    expect(p).toMatchObject({ name, environment: env, consentIssuer: 'altinn.no' });
    expect(p.policy.id).toBe(`${name}/${env}`);
    expect(p.issuer).toBe(env === 'test' ? 'https://test.maskinporten.no/' : 'https://maskinporten.no/');
    expect(p.metadataUrl).toBe(`${p.issuer}.well-known/oauth-authorization-server`);
  });

  it.each(
    presetNames.flatMap((name) => (['test', 'prod'] as const).map((env) => [name, env] as const)),
  )('%s/%s is a valid policy file, built as loadPolicy builds it', (name, env) => {
    // preset() skips the schema (trusted data in code); this is where its data meets the schema.
    const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(policySchema);
    const file = presetPolicyFile(name, env);
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    const loaded = loadPolicy({ text: JSON.stringify(file), format: 'json' });
    const p = preset(name, env).policy;
    expect([p.id, p.version, p.sha256]).toEqual([loaded.id, loaded.version, loaded.sha256]);
    expect(p.rule.describe()).toEqual(loaded.rule.describe());
  });

  it('has the documented transports', () => {
    expect(lanekassen.transport).toEqual({
      authorization: 'raw',
      consentHeader: 'consent-id',
      personHeaders: ['psu-id', 'psu_id'],
      requestIdHeader: 'x-request-id',
    });
    expect(preset('skatteetaten-inntekt', 'prod').transport).toMatchObject({
      authorization: 'bearer',
      consentHeader: 'altinnsamtykke',
    });
    expect(preset('lanekassen-saldo', 'prod').consentJwksUri).toBe('https://www.altinn.no/api/metadata/jwk');
    expect(lanekassen.consentJwksUri).toBe('https://tt02.altinn.no/api/metadata/jwk');
  });

  it('rejects unknown names with a suggestion', () => {
    expect(() => preset('lanekasen-saldo' as PresetName, 'test')).toThrow("did you mean 'lanekassen-saldo'?");
    expect(() => preset('lanekassen-saldo', 'stage' as 'test')).toThrow(ConfigError);
  });
});

describe('the Lånekassen TEST preset', () => {
  it('allows a valid direct consumer, a valid supplier, and a Tenor test person', async () => {
    expect(await judge({})).toEqual([]);
    expect(
      await judge({
        maskinporten: { supplier: org(SUPPLIER), delegationSource: 'https://tt02.altinn.no/' },
        consent: { handledBy: SUPPLIER },
      }),
    ).toEqual([]);
    expect(
      await judge({ request: { person: '25922947409' }, consent: { offeredBy: '25922947409' } }),
    ).toEqual([]);
  });

  it.each<[string, ClaimOverrides, string]>([
    ['prod issuer', { maskinporten: { iss: 'https://maskinporten.no/' } }, 'issuer_mismatch'],
    ['VER2 issuer', { maskinporten: { iss: 'https://ver2.maskinporten.no/' } }, 'issuer_retired'],
    ['token type', { maskinporten: { tokenType: 'DPoP' } }, 'token_type_invalid'],
    ['client_amr', { maskinporten: { clientAmr: 'password' } }, 'client_amr_not_allowed'],
    ['iat in the future', { maskinporten: { iat: NOW + 60, exp: NOW + 120 } }, 'token_issued_in_future'],
    ['long-lived token', { maskinporten: { iat: NOW - 10, exp: NOW + 1000 } }, 'token_lifetime_exceeded'],
    ['scope', { maskinporten: { scopes: ['lanekassen:lan/v1/saldo'] } }, 'scope_missing'],
    [
      'consumer checksum',
      { maskinporten: { consumer: org('999888777') }, consent: { coveredBy: '999888777' } },
      'consumer_invalid',
    ],
    [
      'supplier checksum',
      { maskinporten: { supplier: org('777888999'), delegationSource: 'https://tt02.altinn.no/' } },
      'supplier_invalid',
    ],
    ['no delegation source', { maskinporten: { supplier: org(SUPPLIER) } }, 'delegation_source_missing'],
    [
      'prod delegation source',
      { maskinporten: { supplier: org(SUPPLIER), delegationSource: 'https://www.altinn.no' } },
      'delegation_source_not_allowed',
    ],
    [
      'HandledBy',
      {
        maskinporten: { supplier: org(SUPPLIER), delegationSource: 'https://tt02.altinn.no/' },
        consent: { handledBy: '910514458' },
      },
      'handled_by_mismatch',
    ],
    [
      'system user',
      { maskinporten: { systemUser: { systemUserIds: ['x'], systemUserOrg: org(CONSUMER), systemId: 's' } } },
      'system_user_not_allowed',
    ],
    ['pid', { maskinporten: { pid: '01097601522' } }, 'pid_mismatch'],
    ['consent issuer', { consent: { iss: 'altinn.com' } }, 'consent_issuer_mismatch'],
    ['CoveredBy', { consent: { coveredBy: '910514458' } }, 'consumer_mismatch'],
    ['expired consent', { consent: { validTo: NOW - 60 } }, 'consent_expired'],
    ['legacy validTo', { consent: { validToFormat: 'legacy-datetime' } }, 'consent_invalid'],
    [
      'consent over a year',
      { consent: { consentedAt: NOW - DAY, validTo: NOW + 366 * DAY } },
      'consent_period_exceeded',
    ],
    ['service', { consent: { services: ['4804_210607'] } }, 'consent_service_missing'],
    ['metadata Navn', { consent: { services: ['5498_1'] } }, 'consent_metadata_missing'],
    [
      'Altinn 3 consent (resource not configured)',
      { consent: altinn3({ coveredBy: CONSUMER, offeredBy: '01085301957', validTo: NOW + DAY }) },
      'consent_right_missing',
    ],
    ['person', { consent: { offeredBy: '01097601522' } }, 'person_mismatch'],
    ['person checksum', { request: { person: '01085301958' } }, 'person_invalid'],
    ['no person', { request: { person: undefined } }, 'person_missing'],
  ])('denies a bad %s with exactly its code', async (_, overrides, code) => {
    expect(await judge(overrides)).toEqual([code]);
  });

  it('denies a missing consent with consent_missing only', async () => {
    expect([...new Set(await judge({ consent: null }))]).toEqual(['consent_missing']);
  });

  it('with altinn3Resource, an Altinn 3 consent for that resource passes; without, the deny says what to configure', async () => {
    const consent = altinn3({ coveredBy: CONSUMER, offeredBy: '01085301957', validTo: NOW + DAY });
    const configured = preset('lanekassen-saldo', 'test', { altinn3Resource: 'lanekassen_5498_1' });
    expect(decisive(await configured.policy.rule.evaluate(claims({ consent }), context))).toEqual([]);
    expect(configured.policy.sha256).not.toBe(lanekassen.policy.sha256);
    const other = preset('lanekassen-saldo', 'test', { altinn3Resource: 'another-resource' });
    expect(decisive(await other.policy.rule.evaluate(claims({ consent }), context))).toEqual([
      'consent_right_missing',
    ]);
    const unset = await lanekassen.policy.rule.evaluate(claims({ consent }), context);
    expect(JSON.stringify(unset)).toContain('preset(name, env, { altinn3Resource })');
  });

  it('preset options are checked: unknown keys and empty ids are ConfigErrors', () => {
    expect(() => preset('lanekassen-saldo', 'test', { altinn3resource: 'x' } as never)).toThrow(
      "altinn3resource: is not an option of preset; did you mean 'altinn3Resource'?",
    );
    expect(() => preset('lanekassen-saldo', 'test', { altinn3Resource: ' ' })).toThrow(ConfigError);
  });
});

describe('the other presets', () => {
  it('Skatteetaten limits consents to 10 days and needs its service', async () => {
    const p = preset('skatteetaten-inntekt', 'prod');
    const base: ClaimOverrides = {
      maskinporten: { iss: 'https://maskinporten.no/', scopes: ['skatteetaten:inntekt'] },
      consent: { services: ['4804_210607'], consentedAt: NOW - DAY, validTo: NOW + 5 * DAY },
    };
    expect(decisive(await p.policy.rule.evaluate(claims(base), context))).toEqual([]);
    const long = { ...base, consent: { ...base.consent, validTo: NOW + 10 * DAY } };
    expect(decisive(await p.policy.rule.evaluate(claims(long), context))).toEqual([
      'consent_period_exceeded',
    ]);
  });

  it('NAV denies until the real scope is configured (UNCONFIRMED)', async () => {
    const p = preset('nav-sykeuforeopplysninger', 'test');
    const c = claims({ consent: { services: ['5252_2', '5252_2_Navn=Bank'] } });
    expect(decisive(await p.policy.rule.evaluate(c, context))).toEqual(['scope_missing']);
  });
});
