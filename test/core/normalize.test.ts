import {
  type Consent,
  normalizeAltinn2Consent,
  normalizeAltinn3Consent,
  normalizeMaskinporten,
} from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Pins normalize/'s private value readers on purpose: each reader's laws are stated alone here.
import {
  isoSeconds,
  legacySeconds,
  num,
  orgRef,
  record,
  str,
} from '../../packages/core/src/normalize/values.js';
import { fcOptions } from '../arbitraries/index.js';

// The normalisers turn verified claims into the shapes the rules read. These examples pin every field of the
// normalised objects for the shapes Maskinporten and Altinn write (direct, supplier, system user; Altinn 3 `to` as
// an object or a URN, `metadata` or `metaData`; Altinn 2 dates in every format), and the laws compare the date
// readers with an independent oracle (Date.parse).

const now = 1_764_000_000;
const ISSUER = 'https://test.maskinporten.no/';
const SCOPE = 'lanekassen:lan/v1/saldoopplysninger';
const org = (orgno: string, icd = '0192') => ({ authority: 'iso6523-actorid-upis', ID: `${icd}:${orgno}` });
const parsedOrg = (orgno: string) => ({
  authority: 'iso6523-actorid-upis',
  id: `0192:${orgno}`,
  icd: '0192',
  value: orgno,
});

describe('values: the small readers are total and strict about types', () => {
  it.each([
    ['a string', 'x', 'x'],
    ['an empty string', '', ''],
    ['a number', 42, undefined],
    ['null', null, undefined],
    ['an object', {}, undefined],
  ])('str keeps only strings (%s)', (_name, value, expected) => {
    expect(str(value)).toBe(expected);
  });

  it.each([
    ['an integer', 1_764_000_000, 1_764_000_000],
    ['a negative fraction', -0.5, -0.5],
    ['a numeric string', '1764000000', undefined],
    ['NaN', Number.NaN, undefined],
    ['Infinity (JSON 1e400)', Number.POSITIVE_INFINITY, undefined],
    ['-Infinity', Number.NEGATIVE_INFINITY, undefined],
  ])('num keeps only finite numbers (%s)', (_name, value, expected) => {
    expect(num(value)).toBe(expected);
  });

  it.each([
    ['a string', 'x'],
    ['null', null],
    ['an array', []],
    ['a number', 7],
    ['undefined', undefined],
  ])('record refuses what is not a JSON object (%s)', (_name, value) => {
    expect(record(value)).toBeUndefined();
  });

  it('record returns a JSON object as it is', () => {
    const value = { a: 1 };
    expect(record(value)).toBe(value);
  });

  it.each([
    [
      'ICD:value',
      { ID: '0192:910753614', authority: 'a' },
      { authority: 'a', id: '0192:910753614', icd: '0192', value: '910753614' },
    ],
    [
      'no authority',
      { ID: '0192:910753614' },
      { authority: undefined, id: '0192:910753614', icd: '0192', value: '910753614' },
    ],
    [
      'three parts: ICD but no value',
      { ID: '0192:910753614:x' },
      { authority: undefined, id: '0192:910753614:x', icd: '0192', value: undefined },
    ],
    [
      'four parts: ICD but no value',
      { ID: '0192:1:2:3' },
      { authority: undefined, id: '0192:1:2:3', icd: '0192', value: undefined },
    ],
    [
      'five parts: neither',
      { ID: '0192:1:2:3:4' },
      { authority: undefined, id: '0192:1:2:3:4', icd: undefined, value: undefined },
    ],
    [
      'one part: neither',
      { ID: '910753614' },
      { authority: undefined, id: '910753614', icd: undefined, value: undefined },
    ],
    ['empty value', { ID: '0192:' }, { authority: undefined, id: '0192:', icd: '0192', value: undefined }],
    [
      'empty ICD',
      { ID: ':910753614' },
      { authority: undefined, id: ':910753614', icd: '', value: undefined },
    ],
  ])('orgRef parses ID as ICD:value only when it has exactly two non-empty parts (%s)', (_name, value, expected) => {
    expect(orgRef(value)).toEqual(expected);
  });

  it.each([
    ['not an object', '0192:910753614'],
    ['undefined', undefined],
    ['an object without ID', { authority: 'iso6523-actorid-upis' }],
    ['an ID that is not a string', { authority: 'iso6523-actorid-upis', ID: 910753614 }],
  ])('orgRef is undefined for %s', (_name, value) => {
    expect(orgRef(value)).toBeUndefined();
  });

  it('law: orgRef reads ICD and value as splitting the ID on its colons would, for any ID', () => {
    const id = fc.string({ unit: fc.constantFrom(':', '0', '9', 'a'), maxLength: 12 });
    fc.assert(
      fc.property(id, (ID) => {
        const parts = ID.split(':');
        expect(orgRef({ ID })).toEqual({
          authority: undefined,
          id: ID,
          icd: parts.length >= 2 && parts.length <= 4 ? parts[0] : undefined,
          value: parts.length === 2 && parts.every((p) => p !== '') ? parts[1] : undefined,
        });
      }),
      fcOptions(),
    );
  });
});

const p2 = (n: number): string => String(n).padStart(2, '0');
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** A valid RFC 3339 date-time with an offset, and the instant Date.parse reads from it (whole seconds). */
const rfc3339 = fc
  .record({
    y: fc.integer({ min: 1000, max: 9999 }),
    mo: fc.integer({ min: 1, max: 12 }),
    dayPick: fc.nat(),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    fraction: fc.stringMatching(/^[0-9]{0,9}$/),
    zone: fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, oh, om]) => `${sign}${p2(oh)}:${p2(om)}`),
    ),
  })
  .map(({ y, mo, dayPick, h, mi, s, fraction, zone }) => {
    const d = 1 + (dayPick % daysIn(y, mo));
    const wall = `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}`;
    return {
      text: `${wall}${fraction === '' ? '' : `.${fraction}`}${zone}`,
      seconds: Date.parse(`${wall}${zone}`) / 1000,
    };
  });

describe('values: isoSeconds reads RFC 3339 date-times exactly as Date.parse does, and nothing else', () => {
  it('isoSeconds agrees with Date.parse on every valid RFC 3339 date-time (fraction digits dropped)', () => {
    fc.assert(
      fc.property(rfc3339, ({ text, seconds }) => {
        expect(isoSeconds(text)).toBe(seconds);
      }),
      fcOptions(5),
    );
  });

  it('isoSeconds refuses every date-time with one field out of range', () => {
    const field = fc.oneof(
      fc.record({
        at: fc.constant('mo' as const),
        v: fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })),
      }),
      fc.record({
        at: fc.constant('d' as const),
        v: fc.oneof(fc.constant(0), fc.integer({ min: 32, max: 99 })),
      }),
      fc.record({ at: fc.constant('h' as const), v: fc.integer({ min: 24, max: 99 }) }),
      fc.record({ at: fc.constant('mi' as const), v: fc.integer({ min: 60, max: 99 }) }),
      fc.record({ at: fc.constant('s' as const), v: fc.integer({ min: 60, max: 99 }) }),
      fc.record({ at: fc.constant('oh' as const), v: fc.integer({ min: 24, max: 99 }) }),
      fc.record({ at: fc.constant('om' as const), v: fc.integer({ min: 60, max: 99 }) }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('+', '-'),
        field,
        (y, mo, d, h, sign, bad) => {
          const f = { mo, d, h, mi: 30, s: 30, oh: 1, om: 0, [bad.at]: bad.v };
          const text = `${y}-${p2(f.mo)}-${p2(f.d)}T${p2(f.h)}:${p2(f.mi)}:${p2(f.s)}${sign}${p2(f.oh)}:${p2(f.om)}`;
          expect(isoSeconds(text)).toBeUndefined();
        },
      ),
      fcOptions(5),
    );
  });

  it.each([
    ['UTC', '2025-11-24T16:00:00Z', Date.UTC(2025, 10, 24, 16) / 1000],
    ['the last second of a day', '2025-11-24T23:59:59Z', Date.UTC(2025, 10, 24, 23, 59, 59) / 1000],
    ['a positive offset with minutes', '2025-11-24T16:00:00+05:30', Date.UTC(2025, 10, 24, 10, 30) / 1000],
    ['a negative offset with minutes', '2025-11-24T16:00:00-03:30', Date.UTC(2025, 10, 24, 19, 30) / 1000],
    ['the largest offset', '2025-11-24T16:00:00+23:59', Date.UTC(2025, 10, 23, 16, 1) / 1000],
    ['the smallest offset', '2025-11-24T16:00:00-23:59', Date.UTC(2025, 10, 25, 15, 59) / 1000],
    ['offset minutes 59', '2025-11-24T16:00:00+00:59', Date.UTC(2025, 10, 24, 15, 1) / 1000],
    [
      'microseconds, as Altinn 3 writes',
      '2025-11-24T16:00:00.123456+00:00',
      Date.UTC(2025, 10, 24, 16) / 1000,
    ],
    ['a leap day', '2024-02-29T12:00:00Z', Date.UTC(2024, 1, 29, 12) / 1000],
  ])('isoSeconds reads %s', (_name, text, expected) => {
    expect(isoSeconds(text)).toBe(expected);
  });

  it.each([
    ['not a date', 'soon'],
    ['no offset', '2025-11-24T16:00:00'],
    ['a space for T', '2025-11-24 16:00:00Z'],
    ['30 February', '2025-02-30T12:00:00Z'],
    ['29 February in a common year', '2025-02-29T12:00:00Z'],
    ['month 13', '2025-13-01T12:00:00Z'],
    ['day 00', '2025-03-00T12:00:00Z'],
    ['hour 24', '2025-11-24T24:00:00Z'],
    ['minute 60', '2025-11-24T10:60:00Z'],
    ['second 60', '2025-11-24T10:00:60Z'],
    ['offset -99:00', '2025-11-24T16:00:00-99:00'],
    ['offset +24:00', '2025-11-24T16:00:00+24:00'],
    ['offset minutes 60', '2025-11-24T16:00:00+05:60'],
    ['a year below 100, which Date.UTC would read as 19xx', '0099-01-01T00:00:00Z'],
  ])('isoSeconds refuses %s', (_name, text) => {
    expect(isoSeconds(text)).toBeUndefined();
  });
});

describe('values: legacySeconds reads the two zone-less Altinn 2 formats as UTC+02:00', () => {
  it.each([
    ['dotted', '28.08.2023 01:12:25', Date.UTC(2023, 7, 27, 23, 12, 25) / 1000],
    ['dashed', '2023-08-28 01:12:25', Date.UTC(2023, 7, 27, 23, 12, 25) / 1000],
    ['dotted, new year', '01.01.2024 00:00:00', Date.UTC(2023, 11, 31, 22) / 1000],
  ])('reads %s', (_name, text, expected) => {
    expect(legacySeconds(text)).toBe(expected);
  });

  it.each([
    ['ISO with T', '2023-08-28T01:12:25'],
    ['dotted without seconds', '28.08.2023 01:12'],
    ['an impossible dotted date', '31.02.2023 01:12:25'],
    ['an impossible dashed time', '2023-08-28 25:12:25'],
    ['a number as text', '1764000000'],
    ['empty', ''],
  ])('refuses %s', (_name, text) => {
    expect(legacySeconds(text)).toBeUndefined();
  });
});

describe('normalizeMaskinporten: every claim lands in its field', () => {
  const direct = {
    iss: ISSUER,
    scope: SCOPE,
    client_amr: 'virksomhetssertifikat',
    token_type: 'Bearer',
    client_id: '2b7b2f0e-4d0a-4b5e-9d35-6f7f7f0c0a11',
    aud: 'https://api.lanekassen.no/',
    pid: '01085301957',
    exp: now + 115,
    iat: now - 5,
    nbf: now - 5,
    jti: '1f0c6c9e-2b69-4c1f-8b8f-0f7f1a2b3c4d',
    consumer: org('910753614'),
  };

  it('a direct token', () => {
    expect(normalizeMaskinporten(direct)._unsafeUnwrap()).toStrictEqual({
      iss: ISSUER,
      scopes: [SCOPE],
      scopeClaimType: 'string',
      consumer: parsedOrg('910753614'),
      supplier: undefined,
      delegationSource: undefined,
      clientAmr: 'virksomhetssertifikat',
      clientId: '2b7b2f0e-4d0a-4b5e-9d35-6f7f7f0c0a11',
      tokenType: 'Bearer',
      aud: 'https://api.lanekassen.no/',
      pid: '01085301957',
      exp: now + 115,
      iat: now - 5,
      nbf: now - 5,
      jti: '1f0c6c9e-2b69-4c1f-8b8f-0f7f1a2b3c4d',
      systemUser: undefined,
      raw: direct,
    });
  });

  it('a supplier token: consumer, supplier, delegation source, and aud as an array', () => {
    const payload = {
      iss: ISSUER,
      scope: SCOPE,
      client_id: 'oidc_difi_delegering_altinn',
      aud: ['https://api.lanekassen.no/', 'https://other.example/'],
      exp: now + 115,
      iat: now - 5,
      consumer: org('910753614'),
      supplier: org('991825827'),
      delegation_source: 'https://tt02.altinn.no/',
    };
    expect(normalizeMaskinporten(payload)._unsafeUnwrap()).toStrictEqual({
      iss: ISSUER,
      scopes: [SCOPE],
      scopeClaimType: 'string',
      consumer: parsedOrg('910753614'),
      supplier: parsedOrg('991825827'),
      delegationSource: 'https://tt02.altinn.no/',
      clientAmr: undefined,
      clientId: 'oidc_difi_delegering_altinn',
      tokenType: undefined,
      aud: ['https://api.lanekassen.no/', 'https://other.example/'],
      pid: undefined,
      exp: now + 115,
      iat: now - 5,
      nbf: undefined,
      jti: undefined,
      systemUser: undefined,
      raw: payload,
    });
  });

  it('a system-user token: the urn:altinn:systemuser entry, wherever it stands among the details', () => {
    const payload = {
      iss: ISSUER,
      scope: SCOPE,
      exp: now + 115,
      iat: now - 5,
      consumer: org('991825827'),
      authorization_details: [
        { type: 'urn:altinn:consent', id: 'c-1' },
        {
          type: 'urn:altinn:systemuser',
          systemuser_id: ['a3b1c2d4-0000-4000-8000-000000000001', 42],
          systemuser_org: org('910753614'),
          system_id: '991825827_dsop',
        },
      ],
    };
    expect(normalizeMaskinporten(payload)._unsafeUnwrap().systemUser).toStrictEqual({
      systemUserIds: ['a3b1c2d4-0000-4000-8000-000000000001'],
      systemUserOrg: parsedOrg('910753614'),
      systemId: '991825827_dsop',
    });
  });

  it('a system-user entry without ids, org or system id still marks a system user', () => {
    const payload = { authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_id: 'x' }] };
    expect(normalizeMaskinporten(payload)._unsafeUnwrap().systemUser).toStrictEqual({
      systemUserIds: [],
      systemUserOrg: undefined,
      systemId: undefined,
    });
  });

  it("the claims are frozen at every depth when the payload is (the engine shares a cached token's claims)", () => {
    const frozenDeep = (value: unknown): boolean =>
      typeof value !== 'object' ||
      value === null ||
      (Object.isFrozen(value) && Object.values(value).every(frozenDeep));
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === 'object' && value !== null) {
        for (const member of Object.values(value)) deepFreeze(member);
        Object.freeze(value);
      }
      return value;
    };
    const payloads = [
      direct,
      { ...direct, aud: ['a', 'b'], supplier: org('991825827'), delegation_source: 'x' },
      {
        ...direct,
        authorization_details: [
          { type: 'urn:altinn:systemuser', systemuser_id: ['s-1'], systemuser_org: org('910753614') },
        ],
      },
    ];
    for (const payload of payloads) {
      const claims = normalizeMaskinporten(deepFreeze(structuredClone(payload)))._unsafeUnwrap();
      expect(frozenDeep(claims)).toBe(true);
    }
  });

  it('no system user without a urn:altinn:systemuser entry', () => {
    const payload = { authorization_details: [{ type: 'urn:altinn:consent' }, { type: 'urn:altinn:other' }] };
    expect(normalizeMaskinporten(payload)._unsafeUnwrap().systemUser).toBeUndefined();
  });

  it.each([
    ['one scope', SCOPE, [SCOPE]],
    ['three scopes, single spaces', `${SCOPE} b c`, [SCOPE, 'b', 'c']],
  ])('scope is split on its single spaces (%s)', (_name, scope, scopes) => {
    expect(normalizeMaskinporten({ scope })._unsafeUnwrap()).toMatchObject({
      scopes,
      scopeClaimType: 'string',
    });
  });

  it.each([
    ['spaces, tabs and newlines around and between', `  ${SCOPE}\t\tb\n\r\fc  `],
    ['a leading space', ` ${SCOPE}`],
    ['a trailing space', `${SCOPE} `],
    ['two spaces between', `${SCOPE}  b`],
    ['a tab as separator', `${SCOPE}\tb`],
    ['a newline as separator', `${SCOPE}\nb`],
    ['an empty string', ''],
    ['only spaces', '   '],
    ['U+00A0 inside a scope', `${SCOPE}\u00a0x y`],
    ['a double quote (not a scope-token character)', `${SCOPE}"`],
  ])('a scope off RFC 6749 §3.3 grammar is claim_invalid (%s)', (_name, scope) => {
    expect(normalizeMaskinporten({ scope })._unsafeUnwrapErr()).toEqual([
      { code: 'claim_invalid', path: 'maskinporten.scope', expected: 'pattern' },
    ]);
  });

  it('delegation_source without supplier is claim_invalid; with supplier it is read', () => {
    const delegation_source = 'https://www.altinn.no';
    expect(normalizeMaskinporten({ delegation_source })._unsafeUnwrapErr()).toEqual([
      { code: 'claim_invalid', path: 'maskinporten.delegation_source', expected: 'only with supplier' },
    ]);
    const supplier = { authority: 'iso6523-actorid-upis', ID: '0192:991825827' };
    expect(normalizeMaskinporten({ delegation_source, supplier })._unsafeUnwrap().delegationSource).toBe(
      delegation_source,
    );
  });

  it('an absent scope grants nothing and is reported as absent', () => {
    expect(normalizeMaskinporten({ iss: ISSUER })._unsafeUnwrap()).toMatchObject({
      scopes: [],
      scopeClaimType: 'absent',
      aud: undefined,
      systemUser: undefined,
    });
  });

  it.each([
    [
      'aud a number (anyOf reported once)',
      { aud: 5 },
      [{ code: 'claim_invalid', path: 'maskinporten.aud', expected: 'string' }],
    ],
    [
      'scope an array',
      { scope: [SCOPE] },
      [{ code: 'claim_invalid', path: 'maskinporten.scope', expected: 'string' }],
    ],
    [
      'exp a string',
      { exp: String(now) },
      [{ code: 'claim_invalid', path: 'maskinporten.exp', expected: 'number' }],
    ],
    [
      'consumer without ID',
      { consumer: { authority: 'iso6523-actorid-upis' } },
      [{ code: 'claim_invalid', path: 'maskinporten.consumer', expected: 'required' }],
    ],
    [
      'consumer.ID a number',
      { consumer: { authority: 'iso6523-actorid-upis', ID: 910753614 } },
      [{ code: 'claim_invalid', path: 'maskinporten.consumer.ID', expected: 'string' }],
    ],
    [
      'two claims of the wrong type',
      { iss: 1, jti: 2 },
      [
        { code: 'claim_invalid', path: 'maskinporten.iss', expected: 'string' },
        { code: 'claim_invalid', path: 'maskinporten.jti', expected: 'string' },
      ],
    ],
    [
      'an authorization_details entry without type',
      { authorization_details: [{ type: 'urn:altinn:consent' }, { id: 'x' }] },
      [{ code: 'claim_invalid', path: 'maskinporten.authorization_details.1', expected: 'required' }],
    ],
  ])('claims of the wrong type are claim_invalid, one violation per path (%s)', (_name, payload, violations) => {
    expect(normalizeMaskinporten(payload)._unsafeUnwrapErr()).toEqual(violations);
  });
});

describe('normalizeAltinn3Consent: the consent inside authorization_details', () => {
  const PERSON = '01085301957';
  const entry = {
    type: 'urn:altinn:consent',
    id: 'd5b8f7a2-1c3e-4f5a-9b6d-7e8f9a0b1c2d',
    from: `urn:altinn:person:identifier-no:${PERSON}`,
    to: org('910753614'),
    consented: '2025-11-23T16:00:00.123456+00:00',
    validTo: '2026-05-22T16:00:00.000000+02:00',
    consentRights: [
      {
        action: ['consent'],
        resource: [{ type: 'urn:altinn:resource', value: 'lanekassen_5498_1' }],
        metadata: { navn: 'Testbanken' },
      },
    ],
  };
  const withConsent = (consent: Record<string, unknown>, others: readonly unknown[] = []) => ({
    iss: ISSUER,
    authorization_details: [...others, consent],
  });
  const consentOf = (consent: Record<string, unknown>): Consent => {
    const found = normalizeAltinn3Consent(withConsent(consent))._unsafeUnwrap();
    if (found === undefined) throw new Error('no consent found');
    return found;
  };

  it('a consent with `to` as an object and `metadata`', () => {
    expect(consentOf(entry)).toStrictEqual({
      source: 'altinn3',
      iss: ISSUER,
      offeredBy: PERSON,
      coveredBy: '910753614',
      handledBy: undefined,
      validTo: Date.UTC(2026, 4, 22, 14) / 1000,
      validToClaim: 'validTo',
      validToFormat: 'iso',
      consentedAt: Date.UTC(2025, 10, 23, 16) / 1000,
      services: [],
      rights: [{ action: ['consent'], resources: ['lanekassen_5498_1'], metadata: { navn: 'Testbanken' } }],
      consentId: 'd5b8f7a2-1c3e-4f5a-9b6d-7e8f9a0b1c2d',
    });
  });

  it('a consent with `to` as a URN, `metaData`, a single action and no resources, after a system-user entry', () => {
    const consent = {
      type: 'urn:altinn:consent',
      from: 'urn:altinn:organization:identifier-no:991825827',
      to: 'urn:altinn:organization:identifier-no:910753614',
      consentRights: [{ action: 'consent', metaData: { navn: 'Testbanken' } }, {}],
    };
    const payload = withConsent(consent, [{ type: 'urn:altinn:systemuser', systemuser_id: ['x'] }]);
    expect(normalizeAltinn3Consent(payload)._unsafeUnwrap()).toStrictEqual({
      source: 'altinn3',
      iss: ISSUER,
      offeredBy: '991825827',
      coveredBy: '910753614',
      handledBy: undefined,
      validTo: undefined,
      validToClaim: 'absent',
      validToFormat: 'absent',
      consentedAt: undefined,
      services: [],
      rights: [
        { action: ['consent'], resources: [], metadata: { navn: 'Testbanken' } },
        { action: [], resources: [], metadata: {} },
      ],
      consentId: undefined,
    });
  });

  it('a right with both metadata and metaData is consent_invalid: which one holds is a guess', () => {
    const consent = {
      type: 'urn:altinn:consent',
      consentRights: [
        { action: 'consent' },
        { action: 'consent', metadata: { a: '1' }, metaData: { a: '2' } },
      ],
    };
    expect(normalizeAltinn3Consent(withConsent(consent))._unsafeUnwrapErr()).toEqual([
      {
        code: 'consent_invalid',
        path: 'maskinporten.authorization_details.0.consentRights.1',
        expected: 'one of metadata and metaData',
      },
    ]);
  });

  it('a consent without rights has none', () => {
    const { consentRights: _, ...rest } = entry;
    expect(consentOf(rest).rights).toEqual([]);
  });

  it.each([
    ['a person URN with 11 digits', `urn:altinn:person:identifier-no:${PERSON}`, PERSON],
    ['an organisation URN with 9 digits', 'urn:altinn:organization:identifier-no:910753614', '910753614'],
    ['a person URN with 9 digits', 'urn:altinn:person:identifier-no:910753614', undefined],
    ['an organisation URN with 11 digits', `urn:altinn:organization:identifier-no:${PERSON}`, undefined],
    ['a person URN with a letter first', 'urn:altinn:person:identifier-no:x0853019570', undefined],
    ['a person URN with a letter last', 'urn:altinn:person:identifier-no:0108530195x', undefined],
    ['an organisation URN with a letter first', 'urn:altinn:organization:identifier-no:x10753614', undefined],
    [
      'a misspelt organisation URN of the same length',
      'urn:altinn:organisation:identifier-no:910753614',
      undefined,
    ],
    ['a bare number', PERSON, undefined],
  ])('`from` names a party only as a well-formed URN (%s)', (_name, from, offeredBy) => {
    expect(consentOf({ ...entry, from }).offeredBy).toBe(offeredBy);
  });

  it('a consent without `from` names no one who consented', () => {
    const { from: _, ...rest } = entry;
    expect(consentOf(rest).offeredBy).toBeUndefined();
  });

  it.each([
    ['ICD 0192', org('910753614'), '910753614'],
    ['another ICD', org('910753614', '0088'), undefined],
    ['three parts', { authority: 'iso6523-actorid-upis', ID: '0192:910753614:x' }, undefined],
  ])('`to` as an object names the orgno only for ICD 0192 (%s)', (_name, to, coveredBy) => {
    expect(consentOf({ ...entry, to }).coveredBy).toBe(coveredBy);
  });

  it.each([
    ['absent', undefined, { validTo: undefined, validToClaim: 'absent', validToFormat: 'absent' }],
    [
      'impossible',
      '2026-02-30T16:00:00+00:00',
      { validTo: undefined, validToClaim: 'validTo', validToFormat: 'invalid' },
    ],
    [
      'zone-less',
      '2026-05-22T16:00:00',
      { validTo: undefined, validToClaim: 'validTo', validToFormat: 'invalid' },
    ],
    [
      'UTC',
      '2026-05-22T16:00:00Z',
      { validTo: Date.UTC(2026, 4, 22, 16) / 1000, validToClaim: 'validTo', validToFormat: 'iso' },
    ],
  ])('validTo %s is reported with its claim and format', (_name, validTo, expected) => {
    expect(consentOf({ ...entry, validTo })).toMatchObject(expected);
  });

  it.each([
    ['absent', undefined, undefined],
    ['not a date', 'yesterday', undefined],
    ['ISO', '2025-11-23T16:00:00+01:00', Date.UTC(2025, 10, 23, 15) / 1000],
  ])('consented %s gives consentedAt', (_name, consented, consentedAt) => {
    expect(consentOf({ ...entry, consented }).consentedAt).toBe(consentedAt);
  });

  it.each([
    ['no authorization_details', { iss: ISSUER }],
    ['authorization_details not an array', { authorization_details: { type: 'urn:altinn:consent' } }],
    ['only a system-user entry', { authorization_details: [{ type: 'urn:altinn:systemuser' }] }],
    [
      'entries that are not objects',
      { authorization_details: [null, 'urn:altinn:consent', ['urn:altinn:consent']] },
    ],
  ])('no consent when there is no urn:altinn:consent entry (%s)', (_name, payload) => {
    expect(normalizeAltinn3Consent(payload)._unsafeUnwrap()).toBeUndefined();
  });

  it('two consent entries are consent_invalid: which one counts would be a guess', () => {
    const payload = withConsent(entry, [{ type: 'urn:altinn:systemuser' }, entry]);
    expect(normalizeAltinn3Consent(payload)._unsafeUnwrapErr()).toEqual([
      {
        code: 'consent_invalid',
        path: 'maskinporten.authorization_details',
        expected: 'one urn:altinn:consent entry',
        actual: 2,
      },
    ]);
  });

  it('a consent entry of the wrong shape is claim_invalid at its own index', () => {
    const payload = withConsent({ ...entry, validTo: now, to: 910753614 }, [
      { type: 'urn:altinn:systemuser' },
    ]);
    expect(normalizeAltinn3Consent(payload)._unsafeUnwrapErr()).toEqual([
      { code: 'claim_invalid', path: 'maskinporten.authorization_details.1.to', expected: 'string' },
      { code: 'claim_invalid', path: 'maskinporten.authorization_details.1.validTo', expected: 'string' },
    ]);
  });
});

describe('normalizeAltinn2Consent: the consent token', () => {
  const token = {
    iss: 'altinn.no',
    Services: ['5498_1', '5498_1_Navn=Testbanken'],
    AuthorizationCode: '8f2d3c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b',
    OfferedBy: '01085301957',
    CoveredBy: '910753614',
    HandledBy: '991825827',
    DelegatedDate: now - 86_400,
    ValidToDate: now + 180 * 86_400,
    exp: now + 25,
    nbf: now - 5,
  };
  const consentOf = (payload: Record<string, unknown>) => normalizeAltinn2Consent(payload)._unsafeUnwrap();

  it('a token with every claim, dates as epoch numbers', () => {
    expect(consentOf(token)).toStrictEqual({
      source: 'altinn2',
      iss: 'altinn.no',
      offeredBy: '01085301957',
      coveredBy: '910753614',
      handledBy: '991825827',
      validTo: now + 180 * 86_400,
      validToClaim: 'ValidToDate',
      validToFormat: 'epoch',
      consentedAt: now - 86_400,
      services: ['5498_1', '5498_1_Navn=Testbanken'],
      rights: [],
      consentId: '8f2d3c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b',
    });
  });

  it('a minimal token: everything absent, nothing invented', () => {
    expect(consentOf({})).toStrictEqual({
      source: 'altinn2',
      iss: undefined,
      offeredBy: undefined,
      coveredBy: undefined,
      handledBy: undefined,
      validTo: undefined,
      validToClaim: 'absent',
      validToFormat: 'absent',
      consentedAt: undefined,
      services: [],
      rights: [],
      consentId: undefined,
    });
  });

  it.each([
    ['epoch', now, { validTo: now, validToFormat: 'epoch' }],
    ['a numeric string', String(now), { validTo: now, validToFormat: 'numeric-string' }],
    ['a one-digit numeric string', '7', { validTo: 7, validToFormat: 'numeric-string' }],
    ['a 13-digit numeric string', '1764000000000', { validTo: undefined, validToFormat: 'invalid' }],
    [
      'legacy dotted',
      '28.08.2023 01:12:25',
      { validTo: Date.UTC(2023, 7, 27, 23, 12, 25) / 1000, validToFormat: 'legacy-datetime' },
    ],
    [
      'legacy dashed',
      '2023-08-28 01:12:25',
      { validTo: Date.UTC(2023, 7, 27, 23, 12, 25) / 1000, validToFormat: 'legacy-datetime' },
    ],
    ['ISO with an offset', '2026-05-22T16:00:00+00:00', { validTo: undefined, validToFormat: 'invalid' }],
    ['words', 'in half a year', { validTo: undefined, validToFormat: 'invalid' }],
    ['empty', '', { validTo: undefined, validToFormat: 'invalid' }],
  ])('ValidToDate as %s', (_name, ValidToDate, expected) => {
    expect(consentOf({ ...token, ValidToDate })).toMatchObject({ ...expected, validToClaim: 'ValidToDate' });
  });

  it('ValidTo is read as an alias, reported as such, in every format', () => {
    const { ValidToDate: _, ...rest } = token;
    expect(consentOf({ ...rest, ValidTo: String(now) })).toMatchObject({
      validTo: now,
      validToClaim: 'ValidTo',
      validToFormat: 'numeric-string',
    });
  });

  it('ValidTo and ValidToDate both present: the same time is read from ValidToDate; different times are consent_invalid', () => {
    expect(consentOf({ ...token, ValidTo: token.ValidToDate })).toMatchObject({
      validTo: token.ValidToDate,
      validToClaim: 'ValidToDate',
    });
    for (const ValidTo of [token.ValidToDate + 1, 'soon', String(token.ValidToDate + 1)]) {
      expect(normalizeAltinn2Consent({ ...token, ValidTo })._unsafeUnwrapErr()).toEqual([
        { code: 'consent_invalid', path: 'consent.ValidTo', expected: 'the same time as ValidToDate' },
      ]);
    }
  });

  it('an unrelated claim never stands in for a missing ValidToDate', () => {
    const { ValidToDate: _, ...rest } = token;
    expect(consentOf({ ...rest, absent: now + 1, '': now + 2 })).toMatchObject({
      validTo: undefined,
      validToClaim: 'absent',
      validToFormat: 'absent',
    });
  });

  it.each([
    ['epoch', now - 60, now - 60],
    ['a numeric string', String(now - 60), now - 60],
    ['legacy dashed', '2023-08-28 01:12:25', Date.UTC(2023, 7, 27, 23, 12, 25) / 1000],
    ['words', 'yesterday', undefined],
  ])('DelegatedDate as %s gives consentedAt', (_name, DelegatedDate, consentedAt) => {
    expect(consentOf({ ...token, DelegatedDate }).consentedAt).toBe(consentedAt);
  });

  it('Services as one string is one service', () => {
    expect(consentOf({ ...token, Services: '5498_1' }).services).toEqual(['5498_1']);
  });

  it.each([
    ['ValidToDate a boolean', { ValidToDate: true }, 'consent.ValidToDate'],
    ['CoveredBy a number', { CoveredBy: 910753614 }, 'consent.CoveredBy'],
    ['Services a number', { Services: 5498 }, 'consent.Services'],
    ['ValidToDate Infinity (JSON 1e400)', { ValidToDate: Number.POSITIVE_INFINITY }, 'consent.ValidToDate'],
  ])('claims of the wrong type are claim_invalid (%s)', (_name, claims, path) => {
    const violations = normalizeAltinn2Consent({ ...token, ...claims })._unsafeUnwrapErr();
    expect(violations.map((v) => [v.code, v.path])).toEqual([['claim_invalid', path]]);
  });
});
