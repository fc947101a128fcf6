// @ts-nocheck
import { randomUUID } from 'node:crypto';
import type { TestKeys } from './createTestKeys.js';
import { signToken } from './signToken.js';

type Claims = Record<string, unknown>;

/** What every factory method takes: claims merged over the defaults (a member set to `undefined` is removed), header members, or another time. */
export interface TokenOverrides {
  readonly claims?: Readonly<Claims>;
  readonly header?: Readonly<Record<string, unknown>>;
  /** Epoch seconds the token is minted at. Default the factory's `now`. */
  readonly now?: number;
}

/** Options of {@link createTokenFactory}. Defaults describe a Lånekassen saldo call in TEST. */
export interface TokenFactoryOptions {
  /** Signs Maskinporten tokens (direct, supplier, system user, Altinn 3). Required. */
  readonly maskinportenKeys: TestKeys;
  /** Signs Altinn 2 consent tokens. Required. */
  readonly altinnKeys: TestKeys;
  /** Epoch seconds. Required: time is an input. */
  readonly now: number;
  /** Default `https://test.maskinporten.no/`. */
  readonly issuer?: string;
  /** The bank's orgno. Default `910753614`. */
  readonly consumer?: string;
  /** The vendor's orgno. Default `991825827`. */
  readonly supplier?: string;
  /** The person's fødselsnummer. Default `01085301957` (a DSOP test customer). */
  readonly person?: string;
  /** Default `lanekassen:lan/v1/saldoopplysninger`. */
  readonly scope?: string;
  /** Altinn 2 `Services`. Default `['5498_1', '5498_1_Navn=Testbanken']`. */
  readonly services?: readonly string[];
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

function merge(base: Claims, over: Readonly<Claims> | undefined): Claims {
  const out: Claims = { ...base, ...over };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

const org = (orgno: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgno}` });
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('Z', '+00:00');

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
  const issuer = options.issuer ?? 'https://test.maskinporten.no/';
  const consumer = options.consumer ?? '910753614';
  const supplier = options.supplier ?? '991825827';
  const person = options.person ?? '01085301957';
  const scope = options.scope ?? 'lanekassen:lan/v1/saldoopplysninger';
  const services = options.services ?? ['5498_1', '5498_1_Navn=Testbanken'];

  const base = (now: number): Claims => ({
    iss: issuer,
    scope,
    client_amr: 'virksomhetssertifikat',
    token_type: 'Bearer',
    client_id: randomUUID(),
    exp: now + 115,
    iat: now - 5,
    jti: randomUUID(),
    consumer: org(consumer),
  });

  const claims: TokenFactory['claims'] = {
    direct: (o) => merge(base(o?.now ?? options.now), o?.claims),
    supplier: (o) =>
      merge(
        {
          ...base(o?.now ?? options.now),
          client_id: 'oidc_difi_delegering_altinn',
          supplier: org(supplier),
          delegation_source: 'https://tt02.altinn.no/',
        },
        o?.claims,
      ),
    systemUser: (o) =>
      merge(
        {
          ...base(o?.now ?? options.now),
          consumer: org(supplier),
          authorization_details: [
            {
              type: 'urn:altinn:systemuser',
              systemuser_id: [randomUUID()],
              systemuser_org: org(consumer),
              system_id: `${supplier}_dsop`,
            },
          ],
        },
        o?.claims,
      ),
    altinn3: (o) => {
      const now = o?.now ?? options.now;
      return merge(
        {
          ...base(now),
          authorization_details: [
            {
              type: 'urn:altinn:consent',
              id: randomUUID(),
              from: `urn:altinn:person:identifier-no:${person}`,
              to: org(consumer),
              consented: iso(now - 86_400),
              validTo: iso(now + 180 * 86_400),
              consentRights: [
                {
                  action: ['consent'],
                  resource: [{ type: 'urn:altinn:resource', value: 'lanekassen_5498_1' }],
                  metadata: { navn: 'Testbanken' },
                },
              ],
            },
          ],
        },
        o?.claims,
      );
    },
    altinn2Consent: (o) => {
      const now = o?.now ?? options.now;
      return merge(
        {
          Services: [...services],
          AuthorizationCode: randomUUID(),
          OfferedBy: person,
          CoveredBy: consumer,
          ...(o?.handledBy === undefined ? {} : { HandledBy: o.handledBy }),
          DelegatedDate: now - 86_400,
          ValidToDate: now + 180 * 86_400,
          iss: 'altinn.no',
          exp: now + 25,
          nbf: now - 5,
        },
        o?.claims,
      );
    },
  };

  const mp = (c: Claims, o: TokenOverrides | undefined): string =>
    signToken({
      keys: options.maskinportenKeys,
      payload: c,
      ...(o?.header === undefined ? {} : { header: o.header }),
    });

  return {
    claims,
    consumer,
    supplierOrgno: supplier,
    person,
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
