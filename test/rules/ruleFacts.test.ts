import {
  ConfigError,
  type Consent,
  type ConsentRight,
  type Fact,
  type ReasonCode,
  type RuleOutcome,
} from '@dsop-guard/core';
import {
  audienceRule,
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
// Pins core's private orgRef on purpose: the facts are built from references exactly as normalisation builds them.
import { orgRef } from '../../packages/core/src/normalize/values.js';
import { altinn3, CONSUMER, claims, DAY, NOW, org, outcome, PERSON, SUPPLIER } from './claims.js';

// The exact outcome of each built-in rule: every violation's code, path and expected/actual facts, and the
// plain pass. Rules are built inside each test, so that what a test checks is what it built.

interface Expected {
  readonly code: ReasonCode;
  readonly path: string;
  readonly expected?: Fact;
  readonly actual?: Fact;
}

const passed = (ruleId: string): RuleOutcome => ({ ruleId, status: 'pass', mode: 'enforce', violations: [] });

const failed = (ruleId: string, ...violations: Expected[]): RuleOutcome => ({
  ruleId,
  status: 'fail',
  mode: 'enforce',
  violations: violations.map((v) => ({ ...v, ruleId })),
});

/** An organisation reference as the Maskinporten normaliser reads `{authority, ID}`; `null` leaves out `authority`. */
const ref = (ID: string, authority: string | null = 'iso6523-actorid-upis') =>
  orgRef(authority === null ? { ID } : { authority, ID });

const LK = { service: '5498_1', metadata: ['Navn'], migratedResource: 'lanekassen_5498_1' } as const;
const right = (overrides: Partial<ConsentRight> = {}): ConsentRight => ({
  action: ['consent'],
  resources: ['lanekassen_5498_1'],
  metadata: { navn: 'Bankens Navn' },
  ...overrides,
});

describe('issuerRule facts', () => {
  it('passes the environment issuer', async () => {
    expect(await outcome(issuerRule({ environment: 'test' }), claims())).toStrictEqual(passed('issuer'));
  });
  it('reports the accepted issuers and the one found', async () => {
    const rule = issuerRule({ environment: 'prod' });
    expect(await outcome(rule, claims())).toStrictEqual(
      failed('issuer', {
        code: 'issuer_mismatch',
        path: 'maskinporten.iss',
        expected: ['https://maskinporten.no/'],
        actual: 'https://test.maskinporten.no/',
      }),
    );
  });
  it('reports a missing issuer as null and the retired VER2 issuer as retired', async () => {
    const rule = issuerRule({ environment: 'test' });
    expect(await outcome(rule, claims({ maskinporten: { iss: undefined } }))).toStrictEqual(
      failed('issuer', {
        code: 'issuer_mismatch',
        path: 'maskinporten.iss',
        expected: ['https://test.maskinporten.no/'],
        actual: null,
      }),
    );
    expect(
      await outcome(rule, claims({ maskinporten: { iss: 'https://ver2.maskinporten.no/' } })),
    ).toStrictEqual(
      failed('issuer', {
        code: 'issuer_retired',
        path: 'maskinporten.iss',
        expected: ['https://test.maskinporten.no/'],
        actual: 'https://ver2.maskinporten.no/',
      }),
    );
  });
});

describe('tokenTypeRule facts', () => {
  it('passes Bearer', async () => {
    expect(await outcome(tokenTypeRule(), claims())).toStrictEqual(passed('token-type'));
  });
  it.each([
    ['bearer', 'bearer'],
    [undefined, null],
  ])('reports token_type %j as %j against Bearer', async (tokenType, actual) => {
    expect(await outcome(tokenTypeRule(), claims({ maskinporten: { tokenType } }))).toStrictEqual(
      failed('token-type', {
        code: 'token_type_invalid',
        path: 'maskinporten.token_type',
        expected: 'Bearer',
        actual,
      }),
    );
  });
});

describe('clientAmrRule facts', () => {
  it('passes an allowed method', async () => {
    expect(await outcome(clientAmrRule(), claims())).toStrictEqual(passed('client-amr'));
  });
  it.each([
    ['none', 'none'],
    [undefined, null],
  ])('reports client_amr %j as %j against the allow-list', async (clientAmr, actual) => {
    const rule = clientAmrRule({ allowed: ['private_key_jwt'] });
    expect(await outcome(rule, claims({ maskinporten: { clientAmr } }))).toStrictEqual(
      failed('client-amr', {
        code: 'client_amr_not_allowed',
        path: 'maskinporten.client_amr',
        expected: ['private_key_jwt'],
        actual,
      }),
    );
  });
});

describe('tokenLifetimeRule facts', () => {
  it('passes a 120 s token issued now', async () => {
    const c = claims({ maskinporten: { iat: NOW, exp: NOW + 120 } });
    expect(await outcome(tokenLifetimeRule(), c)).toStrictEqual(passed('token-lifetime'));
  });
  it('names the missing claim: iat first, then exp', async () => {
    const rule = tokenLifetimeRule();
    expect(await outcome(rule, claims({ maskinporten: { iat: undefined, exp: undefined } }))).toStrictEqual(
      failed('token-lifetime', { code: 'claim_missing', path: 'maskinporten.iat' }),
    );
    expect(await outcome(rule, claims({ maskinporten: { exp: undefined } }))).toStrictEqual(
      failed('token-lifetime', { code: 'claim_missing', path: 'maskinporten.exp' }),
    );
  });
  it('reports a future iat against now + tolerance and a long life as exp - iat, both at once', async () => {
    const rule = tokenLifetimeRule({ maxLifetime: 60 });
    const c = claims({ maskinporten: { iat: NOW + 50, exp: NOW + 200 } });
    expect(await outcome(rule, c)).toStrictEqual(
      failed(
        'token-lifetime',
        { code: 'token_issued_in_future', path: 'maskinporten.iat', expected: NOW + 10, actual: NOW + 50 },
        { code: 'token_lifetime_exceeded', path: 'maskinporten.exp', expected: 60, actual: 150 },
      ),
    );
  });
});

describe('scopeRule facts', () => {
  it('reports the missing scopes (all-of) or every scope (any-of), with the granted ones', async () => {
    const c = claims({ maskinporten: { scopes: ['a:read'] } });
    expect(await outcome(scopeRule({ scopes: ['a:read', 'a:write'] }), c)).toStrictEqual(
      failed('scope', {
        code: 'scope_missing',
        path: 'maskinporten.scope',
        expected: ['a:write'],
        actual: ['a:read'],
      }),
    );
    expect(await outcome(scopeRule({ scopes: ['b:read', 'b:write'], match: 'any-of' }), c)).toStrictEqual(
      failed('scope', {
        code: 'scope_missing',
        path: 'maskinporten.scope',
        expected: ['b:read', 'b:write'],
        actual: ['a:read'],
      }),
    );
  });
});

describe('audienceRule facts', () => {
  it('passes one accepted member of an array aud', async () => {
    const rule = audienceRule({ audiences: ['https://api.example.no/'] });
    expect(
      await outcome(rule, claims({ maskinporten: { aud: ['x', 'https://api.example.no/'] } })),
    ).toStrictEqual(passed('audience'));
  });
  it.each([
    [undefined, null],
    ['unspecified', 'unspecified'],
    [
      ['x', 'y'],
      ['x', 'y'],
    ],
  ] as const)('reports aud %j as %j against the accepted audiences', async (aud, actual) => {
    const rule = audienceRule({ audiences: ['https://api.example.no/'] });
    expect(await outcome(rule, claims({ maskinporten: { aud } }))).toStrictEqual(
      failed('audience', {
        code: 'audience_mismatch',
        path: 'maskinporten.aud',
        expected: ['https://api.example.no/'],
        actual,
      }),
    );
  });
});

describe('consumerRule facts', () => {
  const invalid = (path: string, expected: string, actual: Fact): Expected => ({
    code: 'consumer_invalid',
    path,
    expected,
    actual,
  });

  it('passes a 0192 consumer and supplier with valid orgnos', async () => {
    const c = claims({ maskinporten: { supplier: org(SUPPLIER) } });
    expect(await outcome(consumerRule(), c)).toStrictEqual(passed('consumer'));
  });

  it.each([
    [
      'a missing consumer',
      undefined,
      invalid('maskinporten.consumer', '{authority: iso6523-actorid-upis, ID}', null),
    ],
    [
      'another authority',
      ref(`0192:${CONSUMER}`, 'other'),
      invalid('maskinporten.consumer.authority', 'iso6523-actorid-upis', 'other'),
    ],
    [
      'no authority',
      ref(`0192:${CONSUMER}`, null),
      invalid('maskinporten.consumer.authority', 'iso6523-actorid-upis', null),
    ],
    [
      'an ID without an ICD',
      ref(CONSUMER),
      invalid('maskinporten.consumer.ID', 'ICD:value with ICD in 0192', CONSUMER),
    ],
    [
      'an ICD not allowed',
      ref(`9908:${CONSUMER}`),
      invalid('maskinporten.consumer.ID', 'ICD:value with ICD in 0192', `9908:${CONSUMER}`),
    ],
    [
      'a bad check digit',
      ref('0192:999888777'),
      invalid('maskinporten.consumer.ID', '0192:<MOD11-valid orgno>', '0192:999888777'),
    ],
    [
      'a 0192 ID of three parts',
      ref(`0192:${CONSUMER}:x`),
      invalid('maskinporten.consumer.ID', '0192:<MOD11-valid orgno>', `0192:${CONSUMER}:x`),
    ],
  ])('reports %s', async (_, consumer, violation) => {
    expect(await outcome(consumerRule(), claims({ maskinporten: { consumer } }))).toStrictEqual(
      failed('consumer', violation),
    );
  });

  it('lists the allowed ICDs, and takes other ICDs with 2 to 4 non-empty parts and any value', async () => {
    const rule = consumerRule({ allowedIcds: ['0192', '9908'] });
    for (const id of ['9908:abc', '9908:a:b', '9908:a:b:c']) {
      expect(await outcome(rule, claims({ maskinporten: { consumer: ref(id) } })), id).toStrictEqual(
        passed('consumer'),
      );
    }
    for (const id of ['9908:', '9908::x', '9908:a:b:c:d', '0088:abc']) {
      expect(await outcome(rule, claims({ maskinporten: { consumer: ref(id) } })), id).toStrictEqual(
        failed('consumer', invalid('maskinporten.consumer.ID', 'ICD:value with ICD in 0192, 9908', id)),
      );
    }
  });

  it('reports an invalid supplier under maskinporten.supplier, after the consumer', async () => {
    const c = claims({
      maskinporten: { consumer: ref('0192:999888777'), supplier: ref(`0192:${SUPPLIER}`, 'other') },
    });
    expect(await outcome(consumerRule(), c)).toStrictEqual(
      failed('consumer', invalid('maskinporten.consumer.ID', '0192:<MOD11-valid orgno>', '0192:999888777'), {
        code: 'supplier_invalid',
        path: 'maskinporten.supplier.authority',
        expected: 'iso6523-actorid-upis',
        actual: 'other',
      }),
    );
    for (const [supplier, path, expected, actual] of [
      [ref(`0192:${SUPPLIER}`, null), '.authority', 'iso6523-actorid-upis', null],
      [ref('0192:777888999'), '.ID', '0192:<MOD11-valid orgno>', '0192:777888999'],
      [ref(SUPPLIER), '.ID', 'ICD:value with ICD in 0192', SUPPLIER],
    ] as const) {
      expect(await outcome(consumerRule(), claims({ maskinporten: { supplier } }))).toStrictEqual(
        failed('consumer', {
          code: 'supplier_invalid',
          path: `maskinporten.supplier${path}`,
          expected,
          actual,
        }),
      );
    }
  });
});

describe('delegationSourceRule facts', () => {
  const viaSupplier = (delegationSource: string | undefined, consent: Partial<Consent> | null = {}) =>
    claims({ maskinporten: { supplier: org(SUPPLIER), delegationSource }, consent });

  it('defaults to the prod sources and to refusing system users', async () => {
    const rule = delegationSourceRule();
    expect(await outcome(rule, viaSupplier('https://www.altinn.no'))).toStrictEqual(
      passed('delegation-source'),
    );
    expect(await outcome(rule, viaSupplier('https://tt02.altinn.no/'))).toStrictEqual(
      failed('delegation-source', {
        code: 'delegation_source_not_allowed',
        path: 'maskinporten.delegation_source',
        expected: ['https://www.altinn.no', 'https://www.altinn.no/', 'https://altinn.no/'],
        actual: 'https://tt02.altinn.no/',
      }),
    );
    const systemUser = { systemUserIds: ['id'], systemUserOrg: org(CONSUMER), systemId: 'sys' };
    expect(await outcome(rule, claims({ maskinporten: { systemUser } }))).toStrictEqual(
      failed('delegation-source', {
        code: 'system_user_not_allowed',
        path: 'maskinporten.authorization_details',
      }),
    );
  });

  it('takes the TEST source for environment test', async () => {
    const rule = delegationSourceRule({ environment: 'test' });
    expect(await outcome(rule, viaSupplier('https://tt02.altinn.no/'))).toStrictEqual(
      passed('delegation-source'),
    );
  });

  it('reports a missing source, and a HandledBy that is not the supplier', async () => {
    const rule = delegationSourceRule({ environment: 'test' });
    expect(await outcome(rule, viaSupplier(undefined, { handledBy: '910514458' }))).toStrictEqual(
      failed(
        'delegation-source',
        { code: 'delegation_source_missing', path: 'maskinporten.delegation_source' },
        { code: 'handled_by_mismatch', path: 'consent.handledBy', expected: SUPPLIER, actual: '910514458' },
      ),
    );
  });

  it('compares HandledBy with the whole supplier ID when the supplier is not ICD 0192', async () => {
    const rule = delegationSourceRule({ environment: 'test' });
    const c = claims({
      maskinporten: { supplier: ref(`9908:${SUPPLIER}`), delegationSource: 'https://tt02.altinn.no/' },
      consent: { handledBy: SUPPLIER },
    });
    expect(await outcome(rule, c)).toStrictEqual(
      failed('delegation-source', {
        code: 'handled_by_mismatch',
        path: 'consent.handledBy',
        expected: `9908:${SUPPLIER}`,
        actual: SUPPLIER,
      }),
    );
  });

  it('judges a supplier token without a consent by its delegation source alone', async () => {
    const rule = delegationSourceRule({ environment: 'test' });
    expect(await outcome(rule, viaSupplier('https://tt02.altinn.no/', null))).toStrictEqual(
      passed('delegation-source'),
    );
  });
});

describe('pidRule facts', () => {
  it('passes a pid equal to the person, and no pid unless required', async () => {
    expect(await outcome(pidRule(), claims({ maskinporten: { pid: PERSON } }))).toStrictEqual(passed('pid'));
    expect(await outcome(pidRule(), claims())).toStrictEqual(passed('pid'));
  });
  it('reports the path only, never the numbers', async () => {
    expect(await outcome(pidRule({ required: true }), claims())).toStrictEqual(
      failed('pid', { code: 'pid_missing', path: 'maskinporten.pid' }),
    );
    expect(await outcome(pidRule(), claims({ maskinporten: { pid: '01097601522' } }))).toStrictEqual(
      failed('pid', { code: 'pid_mismatch', path: 'maskinporten.pid' }),
    );
  });
});

describe('consentRequiredRule facts', () => {
  it('reports a missing consent at consent', async () => {
    expect(await outcome(consentRequiredRule(), claims())).toStrictEqual(passed('consent-required'));
    expect(await outcome(consentRequiredRule(), claims({ consent: null }))).toStrictEqual(
      failed('consent-required', { code: 'consent_missing', path: 'consent' }),
    );
  });
});

describe('consentIssuerRule facts', () => {
  it('passes a stored consent whatever its issuer', async () => {
    const c = claims({ consent: { source: 'stored', iss: 'anyone' } });
    expect(await outcome(consentIssuerRule(), c)).toStrictEqual(passed('consent-issuer'));
  });
  it.each([
    ['no consent', null, { code: 'consent_missing', path: 'consent' }],
    [
      'an Altinn 2 consent from another issuer',
      { iss: 'evil.no' },
      { code: 'consent_issuer_mismatch', path: 'consent.iss', expected: 'altinn.no', actual: 'evil.no' },
    ],
    [
      'an Altinn 2 consent without iss',
      { iss: undefined },
      { code: 'consent_issuer_mismatch', path: 'consent.iss', expected: 'altinn.no', actual: null },
    ],
    [
      'an Altinn 3 consent from another Maskinporten',
      altinn3({ iss: 'https://maskinporten.no/' }),
      {
        code: 'consent_issuer_mismatch',
        path: 'consent.iss',
        expected: 'https://test.maskinporten.no/',
        actual: 'https://maskinporten.no/',
      },
    ],
  ] as const)('reports %s', async (_, consent, violation) => {
    expect(await outcome(consentIssuerRule(), claims({ consent }))).toStrictEqual(
      failed('consent-issuer', violation as Expected),
    );
  });
  it('reports an Altinn 3 consent without iss when the token has none either', async () => {
    const c = claims({ maskinporten: { iss: undefined }, consent: altinn3({ iss: undefined }) });
    expect(await outcome(consentIssuerRule(), c)).toStrictEqual(
      failed('consent-issuer', {
        code: 'consent_issuer_mismatch',
        path: 'consent.iss',
        expected: null,
        actual: null,
      }),
    );
  });
});

describe('consumerMatchesConsentRule facts', () => {
  const mismatch = (expected: Fact, actual: Fact): Expected => ({
    code: 'consumer_mismatch',
    path: 'consent.coveredBy',
    expected,
    actual,
  });

  it('passes when CoveredBy is the consumer orgno', async () => {
    expect(await outcome(consumerMatchesConsentRule(), claims())).toStrictEqual(
      passed('consumer-matches-consent'),
    );
  });
  it.each([
    ['no consent', {}, null, { code: 'consent_missing', path: 'consent' } as Expected],
    ['another CoveredBy', {}, { coveredBy: '910514458' }, mismatch(CONSUMER, '910514458')],
    ['no CoveredBy', {}, { coveredBy: undefined }, mismatch(CONSUMER, null)],
    ['no consumer', { consumer: undefined }, {}, mismatch(null, CONSUMER)],
    [
      'a consumer outside ICD 0192, even with the same digits',
      { consumer: ref(`9908:${CONSUMER}`) },
      {},
      mismatch(`9908:${CONSUMER}`, CONSUMER),
    ],
    [
      'a consumer outside ICD 0192 and no CoveredBy',
      { consumer: ref(`9908:${CONSUMER}`) },
      { coveredBy: undefined },
      mismatch(`9908:${CONSUMER}`, null),
    ],
  ] as const)('reports %s', async (_, maskinporten, consent, violation) => {
    const c = claims({ maskinporten, consent });
    expect(await outcome(consumerMatchesConsentRule(), c)).toStrictEqual(
      failed('consumer-matches-consent', violation),
    );
  });
});

describe('consentValidityRule facts', () => {
  it('accepts epoch and ISO by default', async () => {
    const rule = consentValidityRule();
    expect(await outcome(rule, claims())).toStrictEqual(passed('consent-validity'));
    expect(await outcome(rule, claims({ consent: altinn3({ validTo: NOW + DAY }) }))).toStrictEqual(
      passed('consent-validity'),
    );
  });

  it('names the claim validTo was read from, and consent.validTo when there was none', async () => {
    const rule = consentValidityRule();
    expect(await outcome(rule, claims({ consent: null }))).toStrictEqual(
      failed('consent-validity', { code: 'consent_missing', path: 'consent' }),
    );
    const absent = { validTo: undefined, validToClaim: 'absent', validToFormat: 'absent' } as const;
    expect(await outcome(rule, claims({ consent: absent }))).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_invalid',
        path: 'consent.validTo',
        expected: 'a date',
        actual: 'absent',
      }),
    );
    const unparseable = { validTo: undefined, validToFormat: 'invalid' } as const;
    expect(await outcome(rule, claims({ consent: unparseable }))).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_invalid',
        path: 'consent.ValidToDate',
        expected: 'a date',
        actual: 'invalid',
      }),
    );
  });

  it('reports a format not allowed with the allowed formats', async () => {
    const legacy = { validToFormat: 'legacy-datetime' } as const;
    expect(await outcome(consentValidityRule(), claims({ consent: legacy }))).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_invalid',
        path: 'consent.ValidToDate',
        expected: ['epoch', 'iso'],
        actual: 'legacy-datetime',
      }),
    );
  });

  it('reports an expired consent against now minus the tolerance', async () => {
    const c = claims({ consent: { validTo: NOW - 10 } });
    expect(await outcome(consentValidityRule(), c)).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_expired',
        path: 'consent.ValidToDate',
        expected: NOW - 10,
        actual: NOW - 10,
      }),
    );
  });

  it('with maxPeriod, reports a missing consentedAt and a period too long, in seconds', async () => {
    const rule = consentValidityRule({ maxPeriod: 'P10D' });
    expect(await outcome(rule, claims({ consent: { consentedAt: undefined } }))).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_invalid',
        path: 'consent.consentedAt',
        expected: 'a date',
        actual: null,
      }),
    );
    const long = { consentedAt: NOW - DAY, validTo: NOW + 10 * DAY } as const;
    expect(await outcome(rule, claims({ consent: long }))).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_period_exceeded',
        path: 'consent.ValidToDate',
        expected: 'P10D',
        actual: 11 * DAY,
      }),
    );
  });

  it('accepts a period of exactly maxPeriod, counted in calendar months', async () => {
    const consentedAt = Date.UTC(2025, 0, 10, 12) / 1000;
    const at = { now: consentedAt, clockTolerance: 0 };
    const month = consentValidityRule({ maxPeriod: 'P1M' });
    const limit = Date.UTC(2025, 1, 10, 12) / 1000; // 10 January + 1 month
    expect(await outcome(month, claims({ consent: { consentedAt, validTo: limit } }), at)).toStrictEqual(
      passed('consent-validity'),
    );
    expect(await outcome(month, claims({ consent: { consentedAt, validTo: limit + 1 } }), at)).toStrictEqual(
      failed('consent-validity', {
        code: 'consent_period_exceeded',
        path: 'consent.ValidToDate',
        expected: 'P1M',
        actual: limit + 1 - consentedAt,
      }),
    );
  });
});

describe('consentServiceRule facts', () => {
  it('reports the service wanted and the service codes found (metadata entries left out)', async () => {
    const c = claims({ consent: { services: ['5498_2', '5498_2_Navn=Bank', '1234_1'] } });
    expect(await outcome(consentServiceRule(LK), c)).toStrictEqual(
      failed('consent-service', {
        code: 'consent_service_missing',
        path: 'consent.Services',
        expected: '5498_1',
        actual: ['5498_2', '1234_1'],
      }),
    );
  });

  it('refuses an Altinn 2 consent when no service is configured, expecting null', async () => {
    const rule = consentServiceRule({ resource: 'lanekassen_5498_1' });
    expect(await outcome(rule, claims())).toStrictEqual(
      failed('consent-service', {
        code: 'consent_service_missing',
        path: 'consent.Services',
        expected: null,
        actual: ['5498_1'],
      }),
    );
  });

  it('reports the missing Altinn 2 metadata names', async () => {
    const rule = consentServiceRule({ service: '5498_1', metadata: ['Navn', 'Periode'] });
    const c = claims({ consent: { services: ['5498_1', '5498_1_Navn=Bank', '5498_1_Periode='] } });
    expect(await outcome(rule, c)).toStrictEqual(
      failed('consent-service', {
        code: 'consent_metadata_missing',
        path: 'consent.Services',
        expected: ['Periode'],
      }),
    );
  });

  it('cannot be built without a service or a resource', () => {
    for (const [options, field] of [
      [{}, 'consent-service'],
      [{ id: 'lk-service', metadata: ['Navn'] }, 'lk-service'],
    ] as const) {
      expect(() => consentServiceRule(options)).toThrow(
        new ConfigError(field, 'needs `service`, `resource` or `migratedResource`'),
      );
    }
  });

  it('reports a missing consent at consent', async () => {
    expect(await outcome(consentServiceRule(LK), claims({ consent: null }))).toStrictEqual(
      failed('consent-service', { code: 'consent_missing', path: 'consent' }),
    );
  });

  it('reports the Altinn 3 rights wanted (action and resource) and the resources found', async () => {
    const rule = consentServiceRule({ ...LK, resource: 'lanekassen-saldo' });
    const c = claims({
      consent: altinn3({ rights: [right({ resources: ['x', 'y'] }), right({ resources: ['z'] })] }),
    });
    expect(await outcome(rule, c)).toStrictEqual(
      failed('consent-service', {
        code: 'consent_right_missing',
        path: 'consent.consentRights',
        expected: ['consent lanekassen-saldo', 'consent lanekassen_5498_1'],
        actual: ['x', 'y', 'z'],
      }),
    );
  });

  it('takes a right that lists the resource among others', async () => {
    const c = claims({
      consent: altinn3({ rights: [right({ resources: ['other', 'lanekassen_5498_1'] })] }),
    });
    expect(await outcome(consentServiceRule(LK), c)).toStrictEqual(passed('consent-service'));
  });

  it('checks the configured action, consent by default', async () => {
    const read = consentServiceRule({ ...LK, action: 'read' });
    expect(
      await outcome(read, claims({ consent: altinn3({ rights: [right({ action: ['read'] })] }) })),
    ).toStrictEqual(passed('consent-service'));
    expect(await outcome(read, claims({ consent: altinn3() }))).toStrictEqual(
      failed('consent-service', {
        code: 'consent_right_missing',
        path: 'consent.consentRights',
        expected: ['read lanekassen_5498_1'],
        actual: ['lanekassen_5498_1'],
      }),
    );
    expect(await outcome(consentServiceRule(LK), claims({ consent: altinn3() }))).toStrictEqual(
      passed('consent-service'),
    );
  });

  it.each([
    ['a name in another case', { NAVN: 'Bank' }, true],
    ['an empty value', { navn: '' }, false],
    ['another name', { bank: 'Bank' }, false],
    ['a value that is not a string', { navn: 5 as unknown as string }, false],
  ])('Altinn 3 metadata: %s counts: %s', async (_, metadata, counts) => {
    const c = claims({ consent: altinn3({ rights: [right({ metadata })] }) });
    expect(await outcome(consentServiceRule(LK), c)).toStrictEqual(
      counts
        ? passed('consent-service')
        : failed('consent-service', {
            code: 'consent_metadata_missing',
            path: 'consent.consentRights',
            expected: ['Navn'],
          }),
    );
  });

  it('needs one matching right with every metadata name, and reports the names no right has', async () => {
    const rule = consentServiceRule({ ...LK, metadata: ['Navn', 'Periode', 'Aar'] });
    const judge = (...metadata: Record<string, string>[]) =>
      outcome(rule, claims({ consent: altinn3({ rights: metadata.map((m) => right({ metadata: m })) }) }));
    const missing = (expected: string[]) =>
      failed('consent-service', {
        code: 'consent_metadata_missing',
        path: 'consent.consentRights',
        expected,
      });
    expect(await judge({ navn: 'a' }, { navn: 'a', periode: 'p', aar: '2025' })).toStrictEqual(
      passed('consent-service'),
    );
    expect(await judge({ navn: 'a' }, { navn: 'a', periode: 'p' })).toStrictEqual(missing(['Aar']));
    // every name is on some right, but no right has them all: all names are reported
    expect(await judge({ navn: 'a', periode: 'p' }, { aar: '2025' })).toStrictEqual(
      missing(['Navn', 'Periode', 'Aar']),
    );
  });

  it('judges a stored consent by its rights when it has any, else by its services', async () => {
    const rule = consentServiceRule(LK);
    const stored = { source: 'stored', iss: undefined } as const;
    const wrongRight = [right({ resources: ['x'] })];
    expect(await outcome(rule, claims({ consent: { ...stored, rights: wrongRight } }))).toStrictEqual(
      failed('consent-service', {
        code: 'consent_right_missing',
        path: 'consent.consentRights',
        expected: ['consent lanekassen_5498_1'],
        actual: ['x'],
      }),
    );
    expect(await outcome(rule, claims({ consent: { ...stored, rights: [] } }))).toStrictEqual(
      passed('consent-service'),
    );
    // an Altinn 2 consent is judged by its services, whatever rights it carries
    expect(await outcome(rule, claims({ consent: { rights: wrongRight } }))).toStrictEqual(
      passed('consent-service'),
    );
  });
});

describe('personRule facts', () => {
  it('passes the person who consented', async () => {
    expect(await outcome(personRule(), claims())).toStrictEqual(passed('person'));
  });
  it.each([
    ['no person', { request: { person: undefined } }, { code: 'person_missing', path: 'request.person' }],
    [
      'ten digits',
      { request: { person: '0108530195' } },
      { code: 'person_invalid', path: 'request.person', actual: 'not_eleven_digits' },
    ],
    [
      'a bad check digit',
      { request: { person: '01085301958' } },
      { code: 'person_invalid', path: 'request.person', actual: 'checksum' },
    ],
    ['no consent', { consent: null }, { code: 'consent_missing', path: 'consent' }],
    [
      'another person than the one who consented',
      { consent: { offeredBy: '01097601522' } },
      { code: 'person_mismatch', path: 'consent.offeredBy' },
    ],
  ] as const)('reports %s without the number', async (_, overrides, violation) => {
    expect(await outcome(personRule(), claims(overrides))).toStrictEqual(
      failed('person', violation as Expected),
    );
  });
});
