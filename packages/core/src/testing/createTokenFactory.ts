import {
  type ClaimFactory,
  type ClaimFactoryOptions,
  type ClaimOverrides,
  createClaimFactory,
} from './createClaimFactory.js';
import type { TestKeys } from './createTestKeys.js';
import { signToken } from './signToken.js';

type Claims = Record<string, unknown>;

/** What every factory method takes: the claim factory's overrides (claims merged over the defaults, a member set to `undefined` removed; another time), and header members. */
export interface TokenOverrides extends ClaimOverrides {
  readonly header?: Readonly<Record<string, unknown>>;
}

/** Options of {@link createTokenFactory}: the claim factory's (defaults describe a Lånekassen saldo call in TEST), and the keys that sign. */
export interface TokenFactoryOptions extends ClaimFactoryOptions {
  /** Signs Maskinporten tokens (direct, supplier, system user, Altinn 3). Required. */
  readonly maskinportenKeys: TestKeys;
  /** Signs Altinn 2 consent tokens. Required. */
  readonly altinnKeys: TestKeys;
}

/** Mints every token shape dsop-guard judges. */
export interface TokenFactory {
  /** The claims of each shape, before signing, for tests that build their own. */
  readonly claims: {
    direct(o?: TokenOverrides): Claims;
    supplier(o?: TokenOverrides): Claims;
    systemUser(o?: TokenOverrides): Claims;
    altinn3(o?: TokenOverrides): Claims;
    altinn2Consent(o?: TokenOverrides & { readonly handledBy?: string }): Claims;
  };
  /** A Maskinporten token for a bank calling directly. */
  direct(o?: TokenOverrides): string;
  /** A Maskinporten token for a vendor acting for the bank through Altinn delegation. */
  supplier(o?: TokenOverrides): string;
  /** A Maskinporten system-user token (`authorization_details` of type `urn:altinn:systemuser`). */
  systemUser(o?: TokenOverrides): string;
  /** A Maskinporten token carrying an Altinn 3 consent in `authorization_details`. */
  altinn3(o?: TokenOverrides): string;
  /** An Altinn 2 consent token (`kid` = `x5t`, as Altinn signs them). `handledBy` adds `HandledBy`. */
  altinn2Consent(o?: TokenOverrides & { readonly handledBy?: string }): string;
  readonly consumer: string;
  readonly supplierOrgno: string;
  readonly person: string;
}

/**
 * A token factory for tests: valid tokens of every shape by default, any claim or header overridable.
 *
 * @example
 * ```ts
 * const tokens = createTokenFactory({ maskinportenKeys, altinnKeys, now: 1_764_000_000 });
 * const mp = tokens.direct();
 * const consent = tokens.altinn2Consent({ claims: { ValidToDate: 1_700_000_000 } }); // expired consent
 * ```
 */
export function createTokenFactory(options: TokenFactoryOptions): TokenFactory {
  const claims: ClaimFactory = createClaimFactory(options);
  const mp = (c: Claims, o: TokenOverrides | undefined): string =>
    signToken({
      keys: options.maskinportenKeys,
      payload: c,
      ...(o?.header === undefined ? {} : { header: o.header }),
    });

  return {
    claims,
    consumer: options.consumer ?? '910753614',
    supplierOrgno: options.supplier ?? '991825827',
    person: options.person ?? '01085301957',
    direct: (o) => mp(claims.direct(o), o),
    supplier: (o) => mp(claims.supplier(o), o),
    systemUser: (o) => mp(claims.systemUser(o), o),
    altinn3: (o) => mp(claims.altinn3(o), o),
    altinn2Consent: (o) =>
      signToken({
        keys: options.altinnKeys,
        payload: claims.altinn2Consent(o),
        header: {
          kid: options.altinnKeys.kid,
          x5t: options.altinnKeys.x5t ?? options.altinnKeys.kid,
          ...o?.header,
        },
      }),
  };
}
