// Web Crypto's randomUUID (global in Node 20 and browsers): this module is also bundled for the browser (the
// policy tests of @dsop-guard/rules import it as @dsop-guard/core/testing/claims), so no node: import.
const randomUUID = (): string => globalThis.crypto.randomUUID();

type Claims = Record<string, unknown>;

/** What every claim factory method takes: claims merged over the defaults (a member set to `undefined` is removed), or another time. */
export interface ClaimOverrides {
  readonly claims?: Readonly<Claims>;
  /** Epoch seconds the token is minted at. Default the factory's `now`. */
  readonly now?: number;
}

/** Options of {@link createClaimFactory}. Defaults describe a Lånekassen saldo call in TEST. */
export interface ClaimFactoryOptions {
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

/** The claims of every token shape dsop-guard judges, before signing. */
export interface ClaimFactory {
  /** A Maskinporten token's claims for a bank calling directly. */
  direct(o?: ClaimOverrides): Claims;
  /** … for a vendor acting for the bank through Altinn delegation. */
  supplier(o?: ClaimOverrides): Claims;
  /** … for a system user (`authorization_details` of type `urn:altinn:systemuser`). */
  systemUser(o?: ClaimOverrides): Claims;
  /** … carrying an Altinn 3 consent in `authorization_details`. */
  altinn3(o?: ClaimOverrides): Claims;
  /** An Altinn 2 consent token's claims. `handledBy` adds `HandledBy`. */
  altinn2Consent(o?: ClaimOverrides & { readonly handledBy?: string }): Claims;
}

function merge(base: Claims, over: Readonly<Claims> | undefined): Claims {
  const out: Claims = { ...base, ...over };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

const org = (orgno: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgno}` });
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace('Z', '+00:00');

/**
 * The claims of every token shape the token factory mints, without keys or signing: for tests of a policy (the
 * policy test cases of `@dsop-guard/rules` build their tokens' claims with it) and for tests that sign their own.
 * `createTokenFactory(…).claims` is one of these. `jti` and `client_id` are fresh random UUIDs on every call.
 *
 * @example
 * ```ts
 * import { createClaimFactory } from '@dsop-guard/core/testing/claims';
 *
 * const claims = createClaimFactory({ now: 1_764_000_000 });
 * claims.direct({ claims: { scope: 'skatteetaten:inntekt' } }).scope; // 'skatteetaten:inntekt'
 * claims.altinn2Consent().CoveredBy; // '910753614'
 * ```
 */
export function createClaimFactory(options: ClaimFactoryOptions): ClaimFactory {
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

  const claims: ClaimFactory = {
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

  return claims;
}
