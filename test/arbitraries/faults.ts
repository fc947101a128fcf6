import fc from 'fast-check';
import { orgRefOf } from './maskinportenClaims.js';
import { invalidOrgno, validOrgno } from './orgno.js';
import { invalidPersonId, personId } from './personId.js';
import type { RequestPlan, SigningPlan } from './request.js';
import { decoyScopes, UNICODE_SPACES } from './scopeClaim.js';

/** One required property of a valid request, broken, and the only reason code the verdict may then carry. */
export interface FaultyRequest {
  readonly fault: string;
  readonly plan: RequestPlan;
  /** The verdict's `reasons`, exactly. */
  readonly reasons: readonly string[];
}

type Claims = Readonly<Record<string, unknown>>;
type Variants = readonly fc.Arbitrary<FaultyRequest>[];
type FaultArb = (plan: RequestPlan) => Variants | undefined;
/** The variants of one fault family, kept apart so that `everyFault` can try each. */
const variants = (...arbs: fc.Arbitrary<FaultyRequest>[]): Variants => arbs;

const withMp = (
  plan: RequestPlan,
  claims: Claims,
  signing: SigningPlan = plan.maskinporten.signing,
): RequestPlan => ({
  ...plan,
  maskinporten: { claims, signing },
});
const withMpSigning = (plan: RequestPlan, signing: SigningPlan): RequestPlan =>
  withMp(plan, plan.maskinporten.claims, signing);
const withConsent = (plan: RequestPlan, claims: Claims, signing?: SigningPlan): RequestPlan =>
  plan.consent === undefined
    ? plan
    : { ...plan, consent: { claims, signing: signing ?? plan.consent.signing } };
const without = (claims: Claims, key: string): Claims => {
  const { [key]: _gone, ...rest } = claims;
  return rest;
};
const result = (fault: string, plan: RequestPlan, ...reasons: string[]): FaultyRequest => ({
  fault,
  plan,
  reasons,
});

/** Edits the one consent of a plan, whichever kind it is. */
function editConsent(
  plan: RequestPlan,
  a2: (c: Claims) => Claims,
  a3: (entry: Claims) => Claims,
): RequestPlan {
  if (plan.consent !== undefined) return withConsent(plan, a2(plan.consent.claims));
  const details = plan.maskinporten.claims['authorization_details'];
  if (!Array.isArray(details)) return plan;
  return withMp(plan, {
    ...plan.maskinporten.claims,
    authorization_details: (details as Claims[]).map((d) => (d['type'] === 'urn:altinn:consent' ? a3(d) : d)),
  });
}

const mpSigningFaults: FaultArb = (plan) =>
  (
    [
      ['maskinporten signed by a rogue key under the same kid', { key: 'rogue' }, 'signature_invalid'],
      ['maskinporten signed by the Altinn key', { key: 'cross' }, 'signature_invalid'],
      ['maskinporten payload changed after signing', { key: 'own', tamper: 'payload' }, 'signature_invalid'],
      ['maskinporten header changed after signing', { key: 'own', tamper: 'header' }, 'signature_invalid'],
      ['maskinporten signature bit flipped', { key: 'own', tamper: 'signature' }, 'signature_invalid'],
      ['maskinporten signature stripped', { key: 'own', tamper: 'strip-signature' }, 'signature_invalid'],
      ['maskinporten kid unknown', { key: 'own', header: { kid: 'mp-2' } }, 'key_unknown'],
      ['maskinporten kid missing', { key: 'own', header: { kid: undefined } }, 'kid_missing'],
      ['maskinporten alg none', { key: 'own', header: { alg: 'none' } }, 'alg_not_allowed'],
      [
        'maskinporten HS256 keyed with the RSA public key',
        { key: 'own', header: { alg: 'HS256' } },
        'alg_not_allowed',
      ],
      ['maskinporten header carries a jwk', { key: 'own', header: { jwk: { kty: 'RSA' } } }, 'key_embedded'],
      ['maskinporten header has crit', { key: 'own', header: { crit: ['exp'] } }, 'token_malformed'],
    ] as [string, SigningPlan, string][]
  ).map(([fault, signing, code]) => fc.constant(result(fault, withMpSigning(plan, signing), code)));

const mpTimeFaults: FaultArb = (plan) => {
  const c = plan.maskinporten.claims;
  const t = plan.clockTolerance;
  return variants(
    fc.nat({ max: 100_000 }).map((k) => {
      const exp = plan.now - t - k;
      return result('maskinporten expired', withMp(plan, { ...c, exp, iat: exp - 60 }), 'token_expired');
    }),
    fc
      .integer({ min: 1, max: 100_000 })
      .map((k) =>
        result(
          'maskinporten not yet valid',
          withMp(plan, { ...c, nbf: plan.now + t + k }),
          'token_not_yet_valid',
        ),
      ),
    fc
      .constantFrom('exp', 'iat')
      .map((k) => result(`maskinporten without ${k}`, withMp(plan, without(c, k)), 'claim_missing')),
    fc
      .constantFrom('exp', 'iat')
      .map((k) =>
        result(`maskinporten ${k} as a string`, withMp(plan, { ...c, [k]: String(c[k]) }), 'claim_invalid'),
      ),
  );
};

const mpClaimFaults: FaultArb = (plan) => {
  const c = plan.maskinporten.claims;
  const duplicate = JSON.stringify(c).replace(/^\{/, `{"scope":"${plan.scope}",`);
  return variants(
    fc.constant(result('scope claim missing', withMp(plan, without(c, 'scope')), 'scope_missing')),
    fc
      .constantFrom(
        'https://maskinporten.no/',
        plan.issuer.replace(/\/$/, ''),
        `${plan.issuer}x/`,
        'https://ver2.maskinporten.no/x',
        plan.issuer.toUpperCase(),
      )
      .filter((iss) => iss !== plan.issuer)
      .map((iss) => result('maskinporten issuer wrong', withMp(plan, { ...c, iss }), 'issuer_mismatch')),
    fc
      .array(decoyScopes(plan.scope), { minLength: 1, maxLength: 3 })
      .map((decoys) =>
        result('scope only decoys', withMp(plan, { ...c, scope: decoys.join(' ') }), 'scope_missing'),
      ),
    fc
      .tuple(fc.constantFrom(...UNICODE_SPACES), decoyScopes(plan.scope), fc.boolean())
      .map(([space, decoy, before]) =>
        result(
          'scope glued to a decoy by a Unicode space (outside the RFC 6749 grammar)',
          withMp(plan, {
            ...c,
            scope: before ? `${decoy}${space}${plan.scope}` : `${plan.scope}${space}${decoy}`,
          }),
          'claim_invalid',
        ),
      ),
    fc
      .constantFrom<unknown>([plan.scope], 42, { scope: plan.scope })
      .map((scope) => result('scope not a string', withMp(plan, { ...c, scope }), 'claim_invalid')),
    fc
      .tuple(
        fc.constantFrom(['', ' '], [' ', ''], ['\t', ''], ['', '\n']),
        fc.constantFrom(' ', '  ', '\t', '\n'),
        decoyScopes(plan.scope),
      )
      .map(([[lead, trail], sep, decoy]) =>
        result(
          'scope off the RFC 6749 grammar (leading, trailing or doubled space, a tab or newline)',
          withMp(plan, { ...c, scope: `${lead}${plan.scope}${sep}${decoy}${trail}` }),
          'claim_invalid',
        ),
      ),
    fc.constant(
      result(
        'maskinporten duplicate scope member',
        withMpSigning(withMp(plan, { ...c, scope: 'decoy' }), { key: 'own', rawPayload: duplicate }),
        'token_duplicate_member',
      ),
    ),
  );
};

const consumerFaults: FaultArb = (plan) => {
  const otherOrgno = validOrgno().filter((o) => o !== plan.consumer);
  return variants(
    otherOrgno.map((o) =>
      result(
        'consent covers another organisation',
        editConsent(
          plan,
          (c) => ({ ...c, CoveredBy: o }),
          (e) => ({ ...e, to: orgRefOf(o) }),
        ),
        'consumer_mismatch',
      ),
    ),
    invalidOrgno()
      .filter((i) => typeof i.value === 'string' && /^[0-9]{9}$/.test(i.value))
      .map((i) => {
        const bad = i.value as string;
        const p1 = withMp(plan, { ...plan.maskinporten.claims, consumer: orgRefOf(bad) });
        return result(
          `consumer orgno invalid (${i.kind}) on both tokens`,
          editConsent(
            p1,
            (c) => ({ ...c, CoveredBy: bad }),
            (e) => ({ ...e, to: orgRefOf(bad) }),
          ),
          'consumer_invalid',
        );
      }),
  );
};

const consentValidityFaults: FaultArb = (plan) => [
  ...(plan.consent === undefined
    ? []
    : [
        fc.integer({ min: 1, max: 86_400 }).map((k) => {
          const claims = plan.consent?.claims ?? {};
          const end = claims['ValidToDate'] ?? claims['ValidTo'];
          return result(
            'ValidTo and ValidToDate both present and disagreeing',
            withConsent(plan, {
              ...without(without(claims, 'ValidTo'), 'ValidToDate'),
              ValidToDate: end,
              ValidTo: typeof end === 'number' ? end + k : `${String(end)}x`,
            }),
            'consent_invalid',
          );
        }),
      ]),
  fc
    .constantFrom(
      '31.02.2035 10:00:00',
      '2035-02-31 10:00:00',
      '01.13.2035 10:00:00',
      '01.06.2035 24:00:00',
      '2035-06-01 10:61:00',
    )
    .map((text) =>
      result(
        'consent end an impossible legacy date',
        editConsent(
          plan,
          (c) => ({ ...without(without(c, 'ValidTo'), 'ValidToDate'), ValidToDate: text }),
          (e) => ({ ...e, validTo: text }),
        ),
        'consent_invalid',
      ),
    ),
  fc.nat({ max: 400 * 86_400 }).map((k) => {
    const end = plan.now - plan.clockTolerance - k;
    const iso = new Date(end * 1000).toISOString();
    return result(
      'consent expired',
      editConsent(
        plan,
        (c) => ({ ...without(without(c, 'ValidTo'), 'ValidToDate'), ValidToDate: end }),
        (e) => ({ ...e, validTo: iso }),
      ),
      'consent_expired',
    );
  }),
];

const personFaults: FaultArb = (plan) =>
  variants(
    personId()
      .filter((p) => p.value !== plan.person.value)
      .map((p) => result('PSU-ID is another person', { ...plan, psuId: p.value }, 'person_mismatch')),
    invalidPersonId()
      .filter((i) => typeof i.value === 'string')
      .map((i) => {
        const bad = i.value as string;
        return result(
          `person id invalid (${i.kind}) in PSU-ID and consent`,
          editConsent(
            { ...plan, psuId: bad },
            (c) => ({
              ...c,
              OfferedBy: bad,
              ...('RequiredDelegator' in c ? { RequiredDelegator: bad } : {}),
            }),
            (e) => ({ ...e, from: `urn:altinn:person:identifier-no:${bad}` }),
          ),
          'person_invalid',
        );
      }),
    fc
      .constantFrom(undefined, '')
      .map((psuId) => result('PSU-ID missing', { ...plan, psuId }, 'person_missing')),
  );

const altinn2TokenFaults: FaultArb = (plan) => {
  if (plan.consent === undefined) return undefined;
  const c = plan.consent.claims;
  const t = plan.clockTolerance;
  const own: SigningPlan = plan.consent.signing;
  return variants(
    fc.constant(result('consent token missing', { ...plan, consent: undefined }, 'consent_missing')),
    ...(
      [
        ['consent signed by a rogue key under the same kid', { key: 'rogue' }],
        ['consent signed by the Maskinporten key', { key: 'cross' }],
        ['consent payload changed after signing', { key: 'own', tamper: 'payload' }],
        ['consent signature bit flipped', { key: 'own', tamper: 'signature' }],
      ] as [string, SigningPlan][]
    ).map(([fault, signing]) =>
      fc.constant(result(fault, withConsent(plan, c, signing), 'signature_invalid')),
    ),
    fc
      .nat({ max: 100_000 })
      .map((k) =>
        result(
          'consent token expired',
          withConsent(plan, { ...c, exp: plan.now - t - k, nbf: plan.now - t - k - 30 }, own),
          'token_expired',
        ),
      ),
    fc
      .integer({ min: 1, max: 100_000 })
      .map((k) =>
        result(
          'consent token not yet valid',
          withConsent(plan, { ...c, nbf: plan.now + t + k, exp: plan.now + t + k + 30 }, own),
          'token_not_yet_valid',
        ),
      ),
    fc
      .constantFrom('altinn.no.evil', 'https://altinn.no/', 'tt02.altinn.no', 'Altinn.no')
      .map((iss) =>
        result('consent issuer wrong', withConsent(plan, { ...c, iss }, own), 'consent_issuer_mismatch'),
      ),
    fc.constant(
      result(
        'consent token and an Altinn 3 consent both present',
        withMp(plan, {
          ...plan.maskinporten.claims,
          authorization_details: [
            {
              type: 'urn:altinn:consent',
              from: `urn:altinn:person:identifier-no:${plan.person.value}`,
              to: orgRefOf(plan.consumer),
              validTo: new Date((plan.now + 86_400) * 1000).toISOString(),
            },
          ],
        }),
        'consent_invalid',
      ),
    ),
  );
};

const altinn3Faults: FaultArb = (plan) => {
  if (plan.consentKind !== 'altinn3') return undefined;
  const details = plan.maskinporten.claims['authorization_details'] as Claims[];
  return variants(
    fc
      .constantFrom(
        '02-30T10:00:00',
        '04-31T10:00:00',
        '13-01T10:00:00',
        '06-01T24:00:00',
        '06-01T10:60:00',
        '06-01T10:00:60',
      )
      .map((date) => {
        const year = new Date(plan.now * 1000).getUTCFullYear() + 1;
        return result(
          'Altinn 3 validTo an impossible date',
          editConsent(
            plan,
            (c) => c,
            (e) => ({ ...e, validTo: `${year}-${date}Z` }),
          ),
          'consent_invalid',
        );
      }),
    fc.constant(
      result(
        'an Altinn 3 right with both metadata and metaData (two members that may disagree)',
        editConsent(
          plan,
          (c) => c,
          (e) => ({
            ...e,
            consentRights: [
              { action: ['consent'], metadata: { navn: 'A' }, metaData: { navn: 'B' } },
              ...((e['consentRights'] as unknown[] | undefined) ?? []),
            ],
          }),
        ),
        'consent_invalid',
      ),
    ),
    fc.constant(
      result(
        'two Altinn 3 consents',
        withMp(plan, { ...plan.maskinporten.claims, authorization_details: [...details, ...details] }),
        'consent_invalid',
      ),
    ),
    fc.integer({ min: 0, max: 90 * 3600 }).map((k) => {
      const wall = new Date((plan.now - plan.clockTolerance - k) * 1000).toISOString().slice(0, 19);
      return result(
        'Altinn 3 validTo with an impossible UTC offset (-99:00)',
        editConsent(
          plan,
          (c) => c,
          (e) => ({ ...e, validTo: `${wall}-99:00` }),
        ),
        'consent_invalid',
      );
    }),
    fc.constant(
      result(
        'Altinn 3 consent from an organisation URN that carries the person number',
        editConsent(
          plan,
          (c) => c,
          (e) => ({ ...e, from: `urn:altinn:organization:identifier-no:${plan.person.value}` }),
        ),
        'person_mismatch',
      ),
    ),
  );
};

const presetMpFaults: FaultArb = (plan) => {
  const c = plan.maskinporten.claims;
  const t = plan.clockTolerance;
  const exp = c['exp'] as number;
  const options = [
    fc
      .constantFrom('bearer', 'DPoP', 'MAC', '')
      .map((token_type) =>
        result('token_type not Bearer', withMp(plan, { ...c, token_type }), 'token_type_invalid'),
      ),
    fc
      .constantFrom('password', 'none', 'Virksomhetssertifikat')
      .map((client_amr) =>
        result('client_amr not allowed', withMp(plan, { ...c, client_amr }), 'client_amr_not_allowed'),
      ),
    fc
      .integer({ min: 121, max: 100_000 })
      .map((life) =>
        result(
          'token lifetime over 120 s',
          withMp(plan, { ...c, iat: exp - life }),
          'token_lifetime_exceeded',
        ),
      ),
    fc.integer({ min: 1, max: 50 }).map((k) => {
      const iat = plan.now + t + k;
      return result(
        'iat in the future',
        withMp(plan, { ...c, iat, exp: iat + 60 }),
        'token_issued_in_future',
      );
    }),
    personId()
      .filter((p) => p.value !== plan.person.value)
      .map((p) => result('pid is another person', withMp(plan, { ...c, pid: p.value }), 'pid_mismatch')),
  ];
  if (plan.shape === 'supplier') {
    options.push(
      fc.constant(
        result(
          'supplier without delegation_source',
          withMp(plan, without(c, 'delegation_source')),
          'delegation_source_missing',
        ),
      ),
      fc
        .constantFrom('https://www.altinn.no', 'https://tt02.altinn.no', 'https://evil.example/')
        .map((d) =>
          result(
            'delegation_source not allowed',
            withMp(plan, { ...c, delegation_source: d }),
            'delegation_source_not_allowed',
          ),
        ),
    );
  }
  if (plan.shape === 'direct') {
    options.push(
      fc
        .constantFrom('https://www.altinn.no', 'https://tt02.altinn.no', 'urn:altinn')
        .map((d) =>
          result(
            'delegation_source without supplier (contradicting delegation claims)',
            withMp(plan, { ...c, delegation_source: d }),
            'claim_invalid',
          ),
        ),
    );
  }
  if (plan.shape === 'direct' && plan.consent !== undefined) {
    const consent = plan.consent;
    options.push(
      fc.constant(
        result(
          'a system user token',
          withConsent(
            withMp(plan, {
              ...c,
              consumer: orgRefOf(plan.supplier),
              authorization_details: [
                {
                  type: 'urn:altinn:systemuser',
                  systemuser_id: ['x'],
                  systemuser_org: orgRefOf(plan.consumer),
                },
              ],
            }),
            { ...consent.claims, CoveredBy: plan.supplier },
          ),
          'system_user_not_allowed',
        ),
      ),
    );
  }
  return options;
};

const presetConsentFaults: FaultArb = (plan) => {
  if (plan.consent === undefined) return undefined;
  const c = plan.consent.claims;
  const options = [
    fc
      .constantFrom<unknown>(
        ['4804_210607'],
        ['5498_2', '5498_2_Navn=Bank'],
        ['5498_10', '5498_10_Navn=Bank'],
        '54981',
      )
      .map((Services) =>
        result(
          'consent for another service',
          withConsent(plan, { ...c, Services }),
          'consent_service_missing',
        ),
      ),
    fc
      .constantFrom<unknown>('5498_1', ['5498_1'], ['5498_1', '5498_1_Navnx=Bank'])
      .map((Services) =>
        result('consent without Navn', withConsent(plan, { ...c, Services }), 'consent_metadata_missing'),
      ),
    fc
      .integer({ min: 370, max: 3_000 })
      .map((days) =>
        result(
          'consent period over a year',
          withConsent(plan, { ...c, DelegatedDate: plan.now - days * 86_400 }),
          'consent_period_exceeded',
        ),
      ),
  ];
  if (plan.shape === 'supplier') {
    options.push(
      validOrgno()
        .filter((o) => o !== plan.supplier)
        .map((o) =>
          result(
            'HandledBy is another supplier',
            withConsent(plan, { ...c, HandledBy: o }),
            'handled_by_mismatch',
          ),
        ),
    );
  }
  return options;
};

/**
 * Like {@link singleFault}, also breaking what the built-in presets check beyond the core invariants: token type,
 * client_amr, token lifetime and `iat`, `pid`, delegation source, system users, `HandledBy`, the consent's
 * service, its metadata and its period (at most one year for Lånekassen).
 */
export function presetFault(plan: RequestPlan): fc.Arbitrary<FaultyRequest> {
  return fc.oneof(...[...FAULTS, presetMpFaults, presetConsentFaults].flatMap((f) => f(plan) ?? []));
}

const FAULTS: readonly FaultArb[] = [
  mpSigningFaults,
  mpTimeFaults,
  mpClaimFaults,
  consumerFaults,
  consentValidityFaults,
  personFaults,
  altinn2TokenFaults,
  altinn3Faults,
];

/**
 * A valid request with exactly one required property broken (a signature, a key, an algorithm, a time, the
 * issuer, the scope, the consumer, the consent's issuer, coverage, validity or person, the person id), and the
 * single reason code that must explain the deny. Feed it plans from {@link validRequest}.
 *
 * @example
 * ```ts
 * fc.asyncProperty(validRequest().chain(singleFault), async ({ plan, reasons }) => { ... });
 * ```
 */
export function singleFault(plan: RequestPlan): fc.Arbitrary<FaultyRequest> {
  return fc.oneof(...FAULTS.flatMap((f) => f(plan) ?? []));
}

/**
 * One instance of every fault that applies to `plan` (every variant of every fault family), so that one run
 * of a law checks them all: with few runs (mutation testing runs 20) a randomly chosen fault would leave most
 * families untried.
 */
export function everyFault(plan: RequestPlan, preset = false): fc.Arbitrary<readonly FaultyRequest[]> {
  const families = preset ? [...FAULTS, presetMpFaults, presetConsentFaults] : FAULTS;
  return fc.tuple(...families.flatMap((f) => f(plan) ?? []));
}
