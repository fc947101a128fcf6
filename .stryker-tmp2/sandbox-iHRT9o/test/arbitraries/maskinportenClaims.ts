// @ts-nocheck
import fc from 'fast-check';

/** The three ways a Maskinporten token names who calls (reference.md §1.6, §2.7). */
export type MaskinportenShape = 'direct' | 'supplier' | 'systemUser';

/** What a Maskinporten claim set is built from; everything else is generated. */
export interface MaskinportenClaimsInput {
  readonly issuer: string;
  readonly consumer: string;
  readonly supplier: string;
  readonly scope: unknown;
  readonly now: number;
  /** Seconds from `now` to `exp`. */
  readonly expIn: number;
  /** Seconds from `now` back to `iat` (positive = in the past). */
  readonly iatAgo: number;
  readonly shape: MaskinportenShape;
  /** Test: `https://tt02.altinn.no/`; prod: `https://www.altinn.no`. */
  readonly delegationSource?: string;
}

export const orgRefOf = (orgno: string): { authority: string; ID: string } => ({
  authority: 'iso6523-actorid-upis',
  ID: `0192:${orgno}`,
});

const jti = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  minLength: 20,
  maxLength: 43,
});

/**
 * A Maskinporten access token claim set (MP-TOKEN §2.3): `direct` (a bank calling for itself), `supplier`
 * (a vendor acting for the bank through Altinn delegation: `supplier` + `delegation_source`), or `systemUser`
 * (`authorization_details` of type `urn:altinn:systemuser`, where `consumer` is the vendor and the bank is
 * `systemuser_org`). Claims that rules do not read (`client_id`, `client_amr`, `jti`, a legacy `aud`) vary.
 *
 * @example
 * ```ts
 * fc.property(maskinportenClaims({ issuer, consumer, supplier, scope, now, expIn: 115, iatAgo: 5, shape: 'direct' }), (c) => c['iss'] === issuer);
 * ```
 */
export function maskinportenClaims(input: MaskinportenClaimsInput): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      clientAmr: fc.constantFrom('virksomhetssertifikat', 'private_key_jwt', 'QCForESeal', 'CForESeal'),
      clientId: fc.uuid(),
      jti,
      aud: fc.option(fc.constant('unspecified'), { nil: undefined }),
      systemUserId: fc.uuid(),
    })
    .map(({ clientAmr, clientId, jti: id, aud, systemUserId }) => {
      const base: Record<string, unknown> = {
        iss: input.issuer,
        scope: input.scope,
        client_amr: clientAmr,
        token_type: 'Bearer',
        client_id: clientId,
        exp: input.now + input.expIn,
        iat: input.now - input.iatAgo,
        jti: id,
        consumer: orgRefOf(input.consumer),
        ...(aud === undefined ? {} : { aud }),
      };
      if (input.shape === 'supplier') {
        return {
          ...base,
          client_id: 'oidc_difi_delegering_altinn',
          supplier: orgRefOf(input.supplier),
          delegation_source: input.delegationSource ?? 'https://tt02.altinn.no/',
        };
      }
      if (input.shape === 'systemUser') {
        return {
          ...base,
          consumer: orgRefOf(input.supplier),
          authorization_details: [
            {
              type: 'urn:altinn:systemuser',
              systemuser_id: [systemUserId],
              systemuser_org: orgRefOf(input.consumer),
              system_id: `${input.supplier}_dsop`,
            },
          ],
        };
      }
      return base;
    });
}
