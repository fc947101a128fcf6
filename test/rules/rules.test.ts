import { ConfigError } from '@dsop-guard/core';
import {
  audienceRule,
  builtinRules,
  clientAmrRule,
  consentIssuerRule,
  consentRequiredRule,
  consentServiceRule,
  consentValidityRule,
  consumerMatchesConsentRule,
  consumerRule,
  delegationSourceRule,
  issuerRule,
  personRule,
  pidRule,
  scopeRule,
  tokenLifetimeRule,
  tokenTypeRule,
} from '@dsop-guard/rules';
import { describe, expect, it } from 'vitest';
import {
  altinn3,
  CONSUMER,
  claims,
  codes,
  context,
  DAY,
  NOW,
  org,
  outcome,
  PERSON,
  SUPPLIER,
} from './claims.js';

const LK_SCOPE = 'lanekassen:lan/v1/saldoopplysninger';

describe('issuerRule', () => {
  const test = issuerRule({ environment: 'test' });
  it('accepts the environment issuer exactly', async () => {
    expect(await codes(test, claims())).toEqual([]);
    expect(await codes(issuerRule(), claims({ maskinporten: { iss: 'https://maskinporten.no/' } }))).toEqual(
      [],
    );
  });
  it.each([
    ['https://test.maskinporten.no', 'issuer_mismatch'],
    ['https://maskinporten.no/', 'issuer_mismatch'],
    ['https://ver2.maskinporten.no/', 'issuer_retired'],
  ])('denies %s with %s', async (iss, code) => {
    expect(await codes(test, claims({ maskinporten: { iss } }))).toEqual([code]);
  });
  it('denies a missing issuer', async () => {
    expect(await codes(test, claims({ maskinporten: { iss: undefined } }))).toEqual(['issuer_mismatch']);
  });
  it('takes an explicit list and records the resolved issuers', () => {
    const rule = issuerRule({ issuers: ['https://a.example/'] });
    expect(rule.id).toBe('issuer');
    expect(rule.describe()).toMatchObject({ kind: 'issuer', options: { issuers: ['https://a.example/'] } });
  });
});

describe('consentIssuerRule', () => {
  const rule = consentIssuerRule();
  it('accepts altinn.no for Altinn 2 and the Maskinporten issuer for Altinn 3', async () => {
    expect(await codes(rule, claims())).toEqual([]);
    expect(await codes(rule, claims({ consent: altinn3() }))).toEqual([]);
    expect(await codes(rule, claims({ consent: { source: 'stored', iss: undefined } }))).toEqual([]);
  });
  it('denies another issuer and a missing consent', async () => {
    expect(await codes(rule, claims({ consent: { iss: 'evil.no' } }))).toEqual(['consent_issuer_mismatch']);
    expect(await codes(rule, claims({ consent: altinn3({ iss: 'https://maskinporten.no/' }) }))).toEqual([
      'consent_issuer_mismatch',
    ]);
    expect(await codes(rule, claims({ consent: null }))).toEqual(['consent_missing']);
  });
});

describe('scopeRule', () => {
  it('checks membership, never substrings or the whole string', async () => {
    const rule = scopeRule({ scopes: [LK_SCOPE] });
    expect(await codes(rule, claims({ maskinporten: { scopes: ['other:x', LK_SCOPE] } }))).toEqual([]);
    expect(await codes(rule, claims({ maskinporten: { scopes: [`${LK_SCOPE}2`] } }))).toEqual([
      'scope_missing',
    ]);
    expect(await codes(rule, claims({ maskinporten: { scopes: ['lanekassen:lan'] } }))).toEqual([
      'scope_missing',
    ]);
    expect(await codes(rule, claims({ maskinporten: { scopes: [] } }))).toEqual(['scope_missing']);
  });
  it('all-of needs every scope, any-of one', async () => {
    const c = claims({ maskinporten: { scopes: ['a:read'] } });
    const missing = await outcome(scopeRule({ scopes: ['a:read', 'a:write'] }), c);
    expect(missing.violations).toEqual([
      expect.objectContaining({ code: 'scope_missing', expected: ['a:write'], actual: ['a:read'] }),
    ]);
    expect(await codes(scopeRule({ scopes: ['a:read', 'a:write'], match: 'any-of' }), c)).toEqual([]);
    expect(await codes(scopeRule({ scopes: ['b:read', 'a:write'], match: 'any-of' }), c)).toEqual([
      'scope_missing',
    ]);
  });
});

describe('consumerRule', () => {
  const rule = consumerRule();
  it('accepts 0192 with a MOD11-valid orgno, and a valid supplier', async () => {
    expect(await codes(rule, claims())).toEqual([]);
    expect(await codes(rule, claims({ maskinporten: { supplier: org(SUPPLIER) } }))).toEqual([]);
  });
  it.each([
    ['a bad check digit', { ...org('999888777') }],
    ['three parts', { ...org(CONSUMER), id: `0192:${CONSUMER}:x`, value: undefined }],
    ['another ICD', { ...org(CONSUMER), id: `9908:${CONSUMER}`, icd: '9908' }],
    ['another authority', { ...org(CONSUMER), authority: 'other' }],
    ['eight digits', { ...org('91075361'), value: '91075361' }],
  ])('denies %s with consumer_invalid', async (_, consumer) => {
    expect(await codes(rule, claims({ maskinporten: { consumer } }))).toEqual(['consumer_invalid']);
  });
  it('denies a missing consumer and an invalid supplier', async () => {
    expect(await codes(rule, claims({ maskinporten: { consumer: undefined } }))).toEqual([
      'consumer_invalid',
    ]);
    expect(await codes(rule, claims({ maskinporten: { supplier: org('777888999') } }))).toEqual([
      'supplier_invalid',
    ]);
  });
  it('accepts another ICD only when allowed', async () => {
    const consumer = { ...org(CONSUMER), id: `9908:${CONSUMER}`, icd: '9908' };
    expect(
      await codes(consumerRule({ allowedIcds: ['0192', '9908'] }), claims({ maskinporten: { consumer } })),
    ).toEqual([]);
  });
});

describe('consumerMatchesConsentRule', () => {
  const rule = consumerMatchesConsentRule();
  it('passes when the consumer orgno is CoveredBy', async () => {
    expect(await codes(rule, claims())).toEqual([]);
    expect(await codes(rule, claims({ consent: altinn3({ coveredBy: CONSUMER }) }))).toEqual([]);
  });
  it('denies a mismatch and a missing consent', async () => {
    expect(await codes(rule, claims({ consent: { coveredBy: '910514458' } }))).toEqual(['consumer_mismatch']);
    expect(await codes(rule, claims({ consent: { coveredBy: `0192:${CONSUMER}` } }))).toEqual([
      'consumer_mismatch',
    ]);
    expect(await codes(rule, claims({ consent: null }))).toEqual(['consent_missing']);
  });
});

describe('tokenLifetimeRule', () => {
  const rule = tokenLifetimeRule();
  it('accepts 120 s and an iat within the clock tolerance', async () => {
    expect(await codes(rule, claims({ maskinporten: { iat: NOW - 20, exp: NOW + 100 } }))).toEqual([]);
    expect(await codes(rule, claims({ maskinporten: { iat: NOW + 10, exp: NOW + 130 } }))).toEqual([]);
  });
  it('denies a future iat and a long lifetime', async () => {
    expect(await codes(rule, claims({ maskinporten: { iat: NOW + 11, exp: NOW + 100 } }))).toEqual([
      'token_issued_in_future',
    ]);
    expect(await codes(rule, claims({ maskinporten: { iat: NOW, exp: NOW + 121 } }))).toEqual([
      'token_lifetime_exceeded',
    ]);
    expect(
      await codes(tokenLifetimeRule({ maxLifetime: 1000 }), claims({ maskinporten: { exp: NOW + 980 } })),
    ).toEqual([]);
  });
  it('bounds the clock tolerance to 300 s', async () => {
    const c = claims({ maskinporten: { iat: NOW + 301, exp: NOW + 400 } });
    expect(await codes(rule, c, { now: NOW, clockTolerance: 10_000 })).toEqual(['token_issued_in_future']);
  });
  it('reports a missing iat', async () => {
    expect(await codes(rule, claims({ maskinporten: { iat: undefined } }))).toEqual(['claim_missing']);
  });
});

describe('consentValidityRule', () => {
  const rule = consentValidityRule();
  it('accepts a future validTo in epoch or ISO', async () => {
    expect(await codes(rule, claims())).toEqual([]);
    expect(await codes(rule, claims({ consent: altinn3({ validTo: NOW + DAY }) }))).toEqual([]);
  });
  it('denies an expired consent, with the clock tolerance', async () => {
    expect(await codes(rule, claims({ consent: { validTo: NOW - 5 } }))).toEqual([]);
    expect(await codes(rule, claims({ consent: { validTo: NOW - 10 } }))).toEqual(['consent_expired']);
  });
  it('denies absent, unparseable and non-allowed formats', async () => {
    const absent = { validTo: undefined, validToClaim: 'absent', validToFormat: 'absent' } as const;
    expect(await codes(rule, claims({ consent: absent }))).toEqual(['consent_invalid']);
    expect(await codes(rule, claims({ consent: { validTo: undefined, validToFormat: 'invalid' } }))).toEqual([
      'consent_invalid',
    ]);
    const legacy = { validToFormat: 'legacy-datetime' } as const;
    expect(await codes(rule, claims({ consent: legacy }))).toEqual(['consent_invalid']);
    expect(
      await codes(
        consentValidityRule({ formats: ['epoch', 'legacy-datetime'] }),
        claims({ consent: legacy }),
      ),
    ).toEqual([]);
  });
  it('limits the consent period in calendar terms', async () => {
    const year = consentValidityRule({ maxPeriod: 'P1Y' });
    const consentedAt = Date.UTC(2024, 1, 10) / 1000; // across 29 February 2024
    const inAYear = Date.UTC(2025, 1, 10) / 1000;
    const at = { now: consentedAt + DAY, clockTolerance: 10 };
    expect(await codes(year, claims({ consent: { consentedAt, validTo: inAYear } }), at)).toEqual([]);
    expect(await codes(year, claims({ consent: { consentedAt, validTo: inAYear + 11 } }), at)).toEqual([
      'consent_period_exceeded',
    ]);
    const tenDays = consentValidityRule({ maxPeriod: 'P10D' });
    expect(
      await codes(tenDays, claims({ consent: { consentedAt: NOW - DAY, validTo: NOW + 9 * DAY } })),
    ).toEqual([]);
    expect(
      await codes(tenDays, claims({ consent: { consentedAt: NOW - DAY, validTo: NOW + 10 * DAY } })),
    ).toEqual(['consent_period_exceeded']);
    expect(await codes(tenDays, claims({ consent: { consentedAt: undefined } }))).toEqual([
      'consent_invalid',
    ]);
  });
  it('denies a missing consent', async () => {
    expect(await codes(rule, claims({ consent: null }))).toEqual(['consent_missing']);
  });
});

describe('delegationSourceRule', () => {
  const test = delegationSourceRule({ environment: 'test' });
  const viaSupplier = (extra: Parameters<typeof claims>[0] = {}) =>
    claims({
      ...extra,
      maskinporten: {
        supplier: org(SUPPLIER),
        delegationSource: 'https://tt02.altinn.no/',
        ...extra.maskinporten,
      },
    });
  it('passes direct consumers and allowed delegations', async () => {
    expect(await codes(test, claims())).toEqual([]);
    expect(await codes(test, viaSupplier())).toEqual([]);
    expect(await codes(test, viaSupplier({ consent: { handledBy: SUPPLIER } }))).toEqual([]);
    expect(await codes(test, claims({ consent: { handledBy: SUPPLIER } }))).toEqual([]);
  });
  it('needs an allowed delegation source for a supplier', async () => {
    expect(await codes(test, viaSupplier({ maskinporten: { delegationSource: undefined } }))).toEqual([
      'delegation_source_missing',
    ]);
    expect(
      await codes(test, viaSupplier({ maskinporten: { delegationSource: 'https://www.altinn.no' } })),
    ).toEqual(['delegation_source_not_allowed']);
    const prod = delegationSourceRule({ environment: 'prod' });
    expect(
      await codes(prod, viaSupplier({ maskinporten: { delegationSource: 'https://www.altinn.no' } })),
    ).toEqual([]);
  });
  it('needs HandledBy to be the supplier', async () => {
    expect(await codes(test, viaSupplier({ consent: { handledBy: '910514458' } }))).toEqual([
      'handled_by_mismatch',
    ]);
  });
  it('denies system users unless allowed', async () => {
    const systemUser = { systemUserIds: ['id'], systemUserOrg: org(CONSUMER), systemId: 'sys' };
    const c = claims({ maskinporten: { systemUser } });
    expect(await codes(test, c)).toEqual(['system_user_not_allowed']);
    expect(await codes(delegationSourceRule({ environment: 'test', allowSystemUser: true }), c)).toEqual([]);
  });
});

describe('personRule', () => {
  const rule = personRule();
  it('passes when the person is a valid fnr who consented', async () => {
    expect(await codes(rule, claims())).toEqual([]);
  });
  it.each([
    [{ request: { person: undefined } }, 'person_missing'],
    [{ request: { person: '0108530195' } }, 'person_invalid'],
    [{ request: { person: '01085301958' } }, 'person_invalid'],
    [{ consent: { offeredBy: '01097601522' } }, 'person_mismatch'],
    [{ consent: null }, 'consent_missing'],
  ] as const)('denies %o with %s', async (overrides, code) => {
    expect(await codes(rule, claims(overrides))).toEqual([code]);
  });
  it('never puts the number in a fact', async () => {
    const o = await outcome(rule, claims({ consent: { offeredBy: '01097601522' } }));
    expect(JSON.stringify(o)).not.toMatch(/\d{11}/);
  });
  it('accepts Tenor persons only when allowed, and follows the checksum option', async () => {
    const tenor = { request: { person: '25922947409' }, consent: { offeredBy: '25922947409' } };
    expect(await codes(rule, claims(tenor))).toEqual(['person_invalid']);
    expect(await codes(personRule({ allow: ['fnr', 'tenor'] }), claims(tenor))).toEqual([]);
    const new2032 = { request: { person: '30108299939' }, consent: { offeredBy: '30108299939' } };
    expect(await codes(rule, claims(new2032))).toEqual([]);
    expect(await codes(personRule({ checksum: 'legacy' }), claims(new2032))).toEqual(['person_invalid']);
  });
});

describe('consentServiceRule', () => {
  const lk = consentServiceRule({
    service: '5498_1',
    metadata: ['Navn'],
    migratedResource: 'lanekassen_5498_1',
  });
  it('accepts an Altinn 2 consent with the service and metadata', async () => {
    expect(await codes(lk, claims())).toEqual([]);
    expect(await codes(lk, claims({ consent: { source: 'stored' } }))).toEqual([]);
  });
  it.each([
    [['5498_2', '5498_2_Navn=Bank'], 'consent_service_missing'],
    [['5498_1'], 'consent_metadata_missing'],
    [['5498_1', '5498_1_Navn='], 'consent_metadata_missing'],
    [['5498_1', '5498_1_navn=Bank'], 'consent_metadata_missing'],
    [[], 'consent_service_missing'],
  ])('denies Services %o with %s', async (services, code) => {
    expect(await codes(lk, claims({ consent: { services } }))).toEqual([code]);
  });
  it('accepts an Altinn 3 right on the (migrated) resource with lower-cased metadata', async () => {
    expect(await codes(lk, claims({ consent: altinn3() }))).toEqual([]);
    expect(await codes(lk, claims({ consent: { source: 'stored', ...altinn3(), iss: undefined } }))).toEqual(
      [],
    );
  });
  it('denies Altinn 3 consents without the right, the action or the metadata', async () => {
    const right = { action: ['consent'], resources: ['lanekassen_5498_1'], metadata: { navn: 'Bank' } };
    expect(
      await codes(lk, claims({ consent: altinn3({ rights: [{ ...right, resources: ['x'] }] }) })),
    ).toEqual(['consent_right_missing']);
    expect(
      await codes(lk, claims({ consent: altinn3({ rights: [{ ...right, action: ['read'] }] }) })),
    ).toEqual(['consent_right_missing']);
    expect(await codes(lk, claims({ consent: altinn3({ rights: [{ ...right, metadata: {} }] }) }))).toEqual([
      'consent_metadata_missing',
    ]);
    expect(await codes(lk, claims({ consent: altinn3({ rights: [] }) }))).toEqual(['consent_right_missing']);
  });
  it('refuses Altinn 3 when only a service is configured, and Altinn 2 when only a resource is', async () => {
    expect(await codes(consentServiceRule({ service: '5498_1' }), claims({ consent: altinn3() }))).toEqual([
      'consent_right_missing',
    ]);
    expect(await codes(consentServiceRule({ resource: 'lanekassen_5498_1' }), claims())).toEqual([
      'consent_service_missing',
    ]);
  });
  it('denies a missing consent', async () => {
    expect(await codes(lk, claims({ consent: null }))).toEqual(['consent_missing']);
  });
});

describe('small rules', () => {
  it('consentRequiredRule', async () => {
    expect(await codes(consentRequiredRule(), claims())).toEqual([]);
    expect(await codes(consentRequiredRule(), claims({ consent: null }))).toEqual(['consent_missing']);
  });
  it('tokenTypeRule', async () => {
    expect(await codes(tokenTypeRule(), claims())).toEqual([]);
    expect(await codes(tokenTypeRule(), claims({ maskinporten: { tokenType: 'bearer' } }))).toEqual([
      'token_type_invalid',
    ]);
  });
  it('clientAmrRule', async () => {
    for (const clientAmr of ['private_key_jwt', 'virksomhetssertifikat', 'QCForESeal', 'CForESeal']) {
      expect(await codes(clientAmrRule(), claims({ maskinporten: { clientAmr } }))).toEqual([]);
    }
    expect(await codes(clientAmrRule(), claims({ maskinporten: { clientAmr: 'none' } }))).toEqual([
      'client_amr_not_allowed',
    ]);
    expect(await codes(clientAmrRule({ allowed: ['private_key_jwt'] }), claims())).toEqual([
      'client_amr_not_allowed',
    ]);
  });
  it('audienceRule', async () => {
    const rule = audienceRule({ audiences: ['https://api.example.no/'] });
    expect(await codes(rule, claims({ maskinporten: { aud: 'https://api.example.no/' } }))).toEqual([]);
    expect(await codes(rule, claims({ maskinporten: { aud: ['x', 'https://api.example.no/'] } }))).toEqual(
      [],
    );
    for (const aud of [undefined, 'unspecified', 'https://api.example.no']) {
      expect(await codes(rule, claims({ maskinporten: { aud } }))).toEqual(['audience_mismatch']);
    }
  });
  it('pidRule', async () => {
    expect(await codes(pidRule(), claims())).toEqual([]);
    expect(await codes(pidRule({ required: true }), claims())).toEqual(['pid_missing']);
    expect(await codes(pidRule(), claims({ maskinporten: { pid: PERSON } }))).toEqual([]);
    expect(await codes(pidRule(), claims({ maskinporten: { pid: '01097601522' } }))).toEqual([
      'pid_mismatch',
    ]);
  });
});

describe('every built-in rule', () => {
  const required: Record<string, unknown> = {
    scope: { scopes: ['a:b'] },
    audience: { audiences: ['x'] },
    'consent-service': { service: '5498_1' },
  };
  it.each(
    Object.entries(builtinRules),
  )('%s has its name as default id and kind, and a shadow mode', (name, factory) => {
    const make = factory as (o?: unknown) => ReturnType<typeof factory>;
    const rule = make(required[name]);
    expect(rule.id).toBe(name);
    expect(rule.describe().kind).toBe(name);
    const renamed = make({ ...(required[name] as object), id: `my-${name}`, mode: 'shadow' });
    expect([renamed.id, renamed.mode]).toEqual([`my-${name}`, 'shadow']);
  });
  it.each(Object.entries(builtinRules))('%s throws ConfigError naming an unknown option', (name, factory) => {
    const make = factory as (o?: unknown) => unknown;
    expect(() => make({ ...(required[name] as object), bogus: 1 })).toThrow(ConfigError);
    expect(() => make({ ...(required[name] as object), bogus: 1 })).toThrow(`${name}.bogus`);
  });
  it.each(Object.entries(builtinRules))('%s produces only codes it declares', async (name, factory) => {
    const rule = (factory as (o?: unknown) => ReturnType<typeof factory>)(required[name]);
    const faulty = claims({
      maskinporten: { iss: undefined, scopes: [], consumer: undefined, tokenType: undefined, iat: undefined },
      consent: null,
      request: { person: undefined },
    });
    for (const code of await codes(rule, faulty)) expect(factory.meta.codes).toContain(code);
  });
});

describe('option validation at build time', () => {
  it.each([
    ['scope.scopes', () => scopeRule({ scopes: [] })],
    ['scope.scopes[0]', () => scopeRule({ scopes: ['a b'] })],
    ['scope.match', () => scopeRule({ scopes: ['a'], match: 'some' as 'any-of' })],
    ['token-lifetime.maxLifetime', () => tokenLifetimeRule({ maxLifetime: -1 })],
    ['consent-validity.maxPeriod', () => consentValidityRule({ maxPeriod: '1 year' })],
    ['person.allow[0]', () => personRule({ allow: ['fnrr' as 'fnr'] })],
    ['consent-service', () => consentServiceRule({})],
    ['issuer.environment', () => issuerRule({ environment: 'stage' as 'test' })],
    ['consumer.id', () => consumerRule({ id: 'bad id' })],
  ])('throws ConfigError naming %s', (field, build) => {
    try {
      build();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe(field);
    }
  });
  it('never reads the clock', async () => {
    const rule = consentValidityRule();
    const c = claims({ consent: { validTo: 100 } });
    expect(await codes(rule, c, { now: 50, clockTolerance: 0 })).toEqual([]);
    expect(await codes(rule, c, { ...context, now: 100 })).toEqual([]);
    expect(await codes(rule, c, { ...context, now: 110 })).toEqual(['consent_expired']);
  });
});
