// @ts-nocheck
import { normalizeAltinn2Consent, normalizeAltinn3Consent, normalizeMaskinporten } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import * as samples from '../fixtures/referenceSamples.js';

describe('the published sample token bodies parse and normalise', () => {
  it('DSOP-MP direct: placeholder consumer kept as written, not split naively', () => {
    const c = normalizeMaskinporten(samples.mpDirect)._unsafeUnwrap();
    expect(c.scopes).toEqual(['lanekassen:lan/v1/saldoopplysninger']);
    expect(c.consumer).toEqual({
      authority: 'iso6523-actorid-upis',
      id: '0192:ORG_NO',
      icd: '0192',
      value: 'ORG_NO',
    });
    expect(c.supplier).toBeUndefined();
  });

  it('DSOP-MP supplier: consumer, supplier and delegation source', () => {
    const c = normalizeMaskinporten(samples.mpSupplier)._unsafeUnwrap();
    expect(c.consumer?.value).toBe('910753614');
    expect(c.supplier?.value).toBe('991825827');
    expect(c.delegationSource).toBe('https://tt02.altinn.no/');
  });

  it('DSOP-SAM consent: the 10-digit OfferedBy survives for the person rule to judge', () => {
    const c = normalizeAltinn2Consent(samples.altinn2Dsop)._unsafeUnwrap();
    expect(c).toMatchObject({
      offeredBy: '0108530195',
      coveredBy: '910514458',
      validTo: 1607077796,
      validToClaim: 'ValidToDate',
      validToFormat: 'epoch',
    });
    expect(c.services).toEqual(['5498_1', '5498_1_Navn=BankensNavn']);
  });

  it('A2-TOKEN current example', () => {
    const c = normalizeAltinn2Consent(samples.altinn2Current)._unsafeUnwrap();
    expect(c.services).toHaveLength(5);
    expect(c.consentedAt).toBe(1503855661);
  });

  it('A2-TOKEN legacy shape: dotted dates are parsed and flagged as legacy; ServiceCodes is not Services', () => {
    const c = normalizeAltinn2Consent(samples.altinn2LegacyDotted)._unsafeUnwrap();
    expect(c.validToFormat).toBe('legacy-datetime');
    expect(c.validTo).toBe(Date.UTC(2017, 0, 5, 8, 30, 0) / 1000); // read as UTC+02:00, the earliest instant it can mean
    expect(c.services).toEqual([]);
  });

  it('ValidTo is read as an alias of ValidToDate, and reported', () => {
    const { ValidToDate: _, ...rest } = samples.altinn2Dsop;
    const c = normalizeAltinn2Consent({ ...rest, ValidTo: 1599211796 })._unsafeUnwrap();
    expect(c).toMatchObject({ validTo: 1599211796, validToClaim: 'ValidTo' });
  });

  it('Services as a single string', () => {
    expect(
      normalizeAltinn2Consent({ ...samples.altinn2Dsop, Services: '5498_1' })._unsafeUnwrap().services,
    ).toEqual(['5498_1']);
  });

  it('A3-VAL Smartbank: from/to/validTo with microseconds; metaData spelling and URN `to` tolerated', () => {
    const c = normalizeAltinn3Consent(samples.altinn3Smartbank)._unsafeUnwrap();
    expect(c).toMatchObject({
      source: 'altinn3',
      offeredBy: '25922947409',
      coveredBy: '991825827',
      validToFormat: 'iso',
    });
    expect(c?.validTo).toBe(Math.floor(Date.UTC(2026, 6, 18, 7, 57, 15) / 1000));
    expect(c?.rights[0]).toEqual({
      action: ['consent'],
      resources: ['samtykke-test-vegard'],
      metadata: { inntektsaar: '2022' },
    });
    const entry = samples.altinn3Smartbank.authorization_details[0] as Record<string, unknown>;
    const { metadata, ...right } = (entry['consentRights'] as Record<string, unknown>[])[0] as Record<
      string,
      unknown
    >;
    const variant = {
      ...samples.altinn3Smartbank,
      authorization_details: [
        {
          ...entry,
          to: 'urn:altinn:organization:identifier-no:991825827',
          consentRights: [{ ...right, metaData: metadata }],
        },
      ],
    };
    const v = normalizeAltinn3Consent(variant)._unsafeUnwrap();
    expect(v?.coveredBy).toBe('991825827');
    expect(v?.rights[0]?.metadata).toEqual({ inntektsaar: '2022' });
  });

  it('wrong claim types are violations with paths, never crashes', () => {
    expect(normalizeMaskinporten({ ...samples.mpDirect, scope: ['a', 'b'] })._unsafeUnwrapErr()).toEqual([
      { code: 'claim_invalid', path: 'maskinporten.scope', expected: 'string' },
    ]);
    expect(
      normalizeMaskinporten({ ...samples.mpDirect, consumer: '0192:910753614' })._unsafeUnwrapErr()[0]?.path,
    ).toBe('maskinporten.consumer');
    expect(
      normalizeAltinn2Consent({ ...samples.altinn2Dsop, CoveredBy: 910514458 })._unsafeUnwrapErr()[0]?.path,
    ).toBe('consent.CoveredBy');
    const bad = {
      ...samples.altinn3Smartbank,
      authorization_details: [{ type: 'urn:altinn:consent', validTo: 5 }],
    };
    expect(normalizeAltinn3Consent(bad)._unsafeUnwrapErr()[0]?.code).toBe('claim_invalid');
  });
});
