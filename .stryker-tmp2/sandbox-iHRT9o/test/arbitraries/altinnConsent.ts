// @ts-nocheck
import fc from 'fast-check';
import { orgRefOf } from './maskinportenClaims.js';

/** What a consent is built from. */
export interface ConsentInput {
  readonly person: string;
  readonly coveredBy: string;
  readonly now: number;
  /** Seconds from `now` to the consent's end (`ValidToDate` / `validTo`). */
  readonly validFor: number;
  /** The supplier's orgno, written as Altinn 2 `HandledBy` when the supplier fetched the token. */
  readonly handledBy?: string;
  readonly services?: readonly string[];
}

/** How an Altinn 2 `ValidToDate` is written. Only `epoch` is what current tokens carry. */
export type ValidToStyle = 'epoch' | 'alias-ValidTo' | 'numeric-string' | 'legacy-dotted' | 'legacy-dashed';

const p2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The wall-clock text of epoch seconds `t` in a fixed UTC offset (hours), as the two legacy Altinn 2 formats
 * write it (no zone in the text): `dd.MM.yyyy HH:mm:ss` or `yyyy-MM-dd HH:mm:ss`.
 */
export function legacyDate(t: number, offsetHours: number, style: 'legacy-dotted' | 'legacy-dashed'): string {
  const d = new Date((t + offsetHours * 3600) * 1000);
  const [y, mo, da, h, mi, s] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  return style === 'legacy-dotted'
    ? `${p2(da)}.${p2(mo)}.${y} ${p2(h)}:${p2(mi)}:${p2(s)}`
    : `${y}-${p2(mo)}-${p2(da)} ${p2(h)}:${p2(mi)}:${p2(s)}`;
}

/**
 * An Altinn 2 consent token claim set (reference.md §1.7, §3.1): `Services` as an array or a single string,
 * `ValidToDate` as epoch seconds (or, with `style`, the `ValidTo` alias, a numeric string or a legacy date
 * written in Norwegian local time, UTC+1 or UTC+2), token lifetime 30 s, `HandledBy` for suppliers, and
 * sometimes `RequiredDelegator` and `iat` as in the DSOP sample.
 *
 * @example
 * ```ts
 * fc.property(altinn2Consent({ person, coveredBy, now, validFor: 86_400 }), (c) => c['OfferedBy'] === person);
 * ```
 */
export function altinn2Consent(
  input: ConsentInput,
  styles: readonly ValidToStyle[] = ['epoch'],
): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      code: fc.uuid(),
      servicesAsString: fc.boolean(),
      requiredDelegator: fc.boolean(),
      withIat: fc.boolean(),
      style: fc.constantFrom(...styles),
      summer: fc.boolean(),
      delegatedAgo: fc.integer({ min: 60, max: 60 * 86_400 }),
    })
    .map(({ code, servicesAsString, requiredDelegator, withIat, style, summer, delegatedAgo }) => {
      const services = input.services ?? ['5498_1', '5498_1_Navn=Testbanken'];
      const end = input.now + input.validFor;
      const validTo =
        style === 'epoch' || style === 'alias-ValidTo'
          ? end
          : style === 'numeric-string'
            ? String(end)
            : legacyDate(end, summer ? 2 : 1, style);
      return {
        Services: servicesAsString && services.length === 1 ? services[0] : [...services],
        AuthorizationCode: code,
        OfferedBy: input.person,
        ...(requiredDelegator ? { RequiredDelegator: input.person } : {}),
        CoveredBy: input.coveredBy,
        ...(input.handledBy === undefined ? {} : { HandledBy: input.handledBy }),
        DelegatedDate: input.now - delegatedAgo,
        [style === 'alias-ValidTo' ? 'ValidTo' : 'ValidToDate']: validTo,
        iss: 'altinn.no',
        exp: input.now + 25,
        nbf: input.now - 5,
        ...(withIat ? { iat: input.now - 5 } : {}),
      };
    });
}

/** ISO 8601 with an offset and `digits` fraction digits, as Altinn 3 writes `validTo` (microseconds, `+00:00`). */
export function isoWithOffset(t: number, offsetMinutes: number, digits: number): string {
  const d = new Date((t + offsetMinutes * 60) * 1000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const fraction = digits === 0 ? '' : `.${'0'.repeat(digits)}`;
  return `${d.toISOString().slice(0, 19)}${fraction}${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
}

/**
 * One Altinn 3 consent (`authorization_details` entry of type `urn:altinn:consent`, A3-VAL): `from` the person's
 * URN, `to` the bank as an object or a URN string, `validTo` in ISO 8601 with an offset and microseconds,
 * `metadata` or `metaData`.
 *
 * @example
 * ```ts
 * const claims = { ...mp, authorization_details: [consent] };
 * ```
 */
export function altinn3Consent(input: ConsentInput): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      id: fc.uuid(),
      toAsUrn: fc.boolean(),
      offset: fc.constantFrom(0, 60, 120, -300, 330),
      digits: fc.constantFrom(0, 3, 6, 7),
      metaKey: fc.constantFrom('metadata', 'metaData'),
      consentedAgo: fc.integer({ min: 60, max: 60 * 86_400 }),
    })
    .map(({ id, toAsUrn, offset, digits, metaKey, consentedAgo }) => ({
      type: 'urn:altinn:consent',
      id,
      from: `urn:altinn:person:identifier-no:${input.person}`,
      to: toAsUrn ? `urn:altinn:organization:identifier-no:${input.coveredBy}` : orgRefOf(input.coveredBy),
      consented: isoWithOffset(input.now - consentedAgo, 0, 6),
      validTo: isoWithOffset(input.now + input.validFor, offset, digits),
      consentRights: [
        {
          action: ['consent'],
          resource: [{ type: 'urn:altinn:resource', value: 'lanekassen_5498_1' }],
          [metaKey]: { navn: 'Testbanken' },
        },
      ],
    }));
}
