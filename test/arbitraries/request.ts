import fc from 'fast-check';
import { altinn2Consent, altinn3Consent, type ConsentInput, type ValidToStyle } from './altinnConsent.js';
import { clockTolerance, now as nowArb } from './clock.js';
import { type MaskinportenShape, maskinportenClaims } from './maskinportenClaims.js';
import { validOrgno } from './orgno.js';
import { type GeneratedPersonId, type PersonIdArbOptions, personId } from './personId.js';
import { grantingScope, SALDO_SCOPE } from './scopeClaim.js';

/** Which key signs a token, and how it is spoilt after signing. Resolved to real keys by the test's signer. */
export interface SigningPlan {
  /** `own`: the issuer's configured key; `rogue`: another key under the same `kid`; `cross`: the other issuer's key. */
  readonly key: 'own' | 'rogue' | 'cross';
  /** Header members merged over the default (`alg: RS256`, the key's `kid`); `undefined` removes one. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Exact payload JSON text instead of `JSON.stringify(claims)`. */
  readonly rawPayload?: string;
  /** Change applied to the compact token after signing. */
  readonly tamper?: 'payload' | 'signature' | 'header' | 'strip-signature';
}

/** A request before signing: claims, signing plans, the person and the clock. Faults edit this plain data. */
export interface RequestPlan {
  readonly now: number;
  readonly clockTolerance: number;
  readonly issuer: string;
  readonly scope: string;
  readonly consumer: string;
  readonly supplier: string;
  readonly person: GeneratedPersonId;
  /** What the request says about the person (PSU-ID); normally `person.value`. */
  readonly psuId: unknown;
  readonly shape: MaskinportenShape;
  readonly consentKind: 'altinn2' | 'altinn3';
  readonly maskinporten: {
    readonly claims: Readonly<Record<string, unknown>>;
    readonly signing: SigningPlan;
  };
  /** The Altinn 2 consent token (absent for Altinn 3, whose consent sits in the Maskinporten claims). */
  readonly consent:
    | { readonly claims: Readonly<Record<string, unknown>>; readonly signing: SigningPlan }
    | undefined;
  /** X-Request-Id. */
  readonly requestId: string | undefined;
}

/** Options of {@link validRequest}. */
export interface ValidRequestOptions {
  /** Maskinporten issuer. Default `https://test.maskinporten.no/`. */
  readonly issuer?: string;
  /** The required scope. Default the Lånekassen saldo scope. */
  readonly scope?: string;
  readonly shapes?: readonly ('direct' | 'supplier')[];
  readonly consentKinds?: readonly ('altinn2' | 'altinn3')[];
  readonly person?: PersonIdArbOptions;
  readonly validToStyles?: readonly ValidToStyle[];
  /** Largest `exp - iat` generated. Default 120 (Maskinporten's lifetime). */
  readonly maxLifetime?: number;
  /** Largest consent period `validTo - now` in days. Default 300 (within Lånekassen's one year). */
  readonly maxConsentDays?: number;
  /** Altinn 2 `Services`. Default Lånekassen's `5498_1` with its `Navn`. */
  readonly services?: readonly string[];
  /** Supplier `delegation_source`. Default `https://tt02.altinn.no/`. */
  readonly delegationSource?: string;
  /** Fixed clock tolerance; default generated. */
  readonly clockTolerance?: number;
}

const requestIdArb = fc.option(fc.uuid(), { nil: undefined });

/**
 * A request that every DSOP rule should allow: a Maskinporten token (direct or supplier) with the required
 * scope among decoys, signed by the configured key, valid now within the clock tolerance (boundaries included),
 * and a consent (an Altinn 2 token or an Altinn 3 entry) from the person the request is about, covering the
 * consumer, not expired. Times are generated near their edges: `iat` up to the tolerance in the future, `exp`
 * one second inside the tolerance, the consent ending one second inside it.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(validRequest(), async (plan) => (await engine.evaluate(sign(plan))).decision === 'allow'));
 * ```
 */
export function validRequest(options: ValidRequestOptions = {}): fc.Arbitrary<RequestPlan> {
  const issuer = options.issuer ?? 'https://test.maskinporten.no/';
  const scope = options.scope ?? SALDO_SCOPE;
  const maxLifetime = options.maxLifetime ?? 120;
  const maxConsent = (options.maxConsentDays ?? 300) * 86_400;
  const tol = options.clockTolerance === undefined ? clockTolerance() : fc.constant(options.clockTolerance);
  return fc
    .record({
      now: nowArb(),
      clockTolerance: tol,
      consumer: validOrgno(),
      supplier: validOrgno(),
      person: personId(options.person),
      shape: fc.constantFrom(...(options.shapes ?? (['direct', 'supplier'] as const))),
      consentKind: fc.constantFrom(...(options.consentKinds ?? (['altinn2', 'altinn3'] as const))),
      scopeValue: grantingScope(scope),
      lifetime: fc.integer({ min: 1, max: maxLifetime }),
      elapsed: fc.double({ min: 0, max: 1, noNaN: true }),
      consentElapsed: fc.double({ min: 0, max: 1, noNaN: true }),
      validFor: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: maxConsent })),
      requestId: requestIdArb,
    })
    .filter((r) => r.consumer !== r.supplier)
    .chain((r) => {
      const t = r.clockTolerance;
      // iat = now - a with a in [-t, lifetime + t - 1]: iat at most t in the future, exp at least 1 s inside the window.
      const a = Math.round(-t + r.elapsed * (r.lifetime + 2 * t - 1));
      // The consent token lives 30 s (nbf .. exp); nbf = now - b with b in [-t, 30 + t - 1].
      const b = Math.round(-t + r.consentElapsed * (30 + 2 * t - 1));
      const validFor = Math.max(r.validFor, -t + 1);
      const consentInput: ConsentInput = {
        person: r.person.value,
        coveredBy: r.consumer,
        now: r.now,
        validFor,
        ...(r.shape === 'supplier' ? { handledBy: r.supplier } : {}),
        ...(options.services === undefined ? {} : { services: options.services }),
      };
      const mp = maskinportenClaims({
        issuer,
        consumer: r.consumer,
        supplier: r.supplier,
        scope: r.scopeValue,
        now: r.now,
        expIn: r.lifetime - a,
        iatAgo: a,
        shape: r.shape,
        ...(options.delegationSource === undefined ? {} : { delegationSource: options.delegationSource }),
      });
      const consent =
        r.consentKind === 'altinn2'
          ? altinn2Consent(consentInput, options.validToStyles).map((c) => ({
              ...c,
              nbf: r.now - b,
              exp: r.now - b + 30,
              ...('iat' in c ? { iat: r.now - b } : {}),
            }))
          : altinn3Consent(consentInput);
      return fc.tuple(mp, consent).map(([mpClaims, consentClaims]): RequestPlan => {
        const own: SigningPlan = { key: 'own' };
        return {
          now: r.now,
          clockTolerance: t,
          issuer,
          scope,
          consumer: r.consumer,
          supplier: r.supplier,
          person: r.person,
          psuId: r.person.value,
          shape: r.shape,
          consentKind: r.consentKind,
          maskinporten: {
            claims:
              r.consentKind === 'altinn3'
                ? { ...mpClaims, authorization_details: [consentClaims] }
                : mpClaims,
            signing: own,
          },
          consent: r.consentKind === 'altinn2' ? { claims: consentClaims, signing: own } : undefined,
          requestId: r.requestId,
        };
      });
    });
}
